<?php
/**
 * A provider-neutral chat request.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

use WP_Error;

/**
 * What a caller asks for, in the plugin's own terms; adapters translate it into each wire format.
 *
 * Built only through from_array(), which enforces the same bounds as the REST schema, so the PHP
 * API and the routes accept exactly the same requests.
 */
final class ChatRequest {

	public const MAX_MESSAGES       = 40;
	public const MAX_MESSAGE_LENGTH = 20000;
	public const MAX_SYSTEM_LENGTH  = 10000;
	public const MAX_TOTAL_LENGTH   = 100000;
	public const MAX_TOKENS_LIMIT   = 32000;
	public const MODEL_PATTERN      = '^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}$';
	public const CAUSE_PATTERN      = '^[a-z0-9_-]{1,20}(:[A-Za-z0-9._:@-]{1,79})?$';

	/** The optional scalar arguments, checked in this order (field_message() words their errors). */
	private const SCALARS = array( 'provider', 'model', 'max_tokens', 'temperature', 'cause' );

	/** System instructions ('' for none). */
	public string $system = '';

	/**
	 * Conversation, oldest first; the last message is the user's.
	 *
	 * @var list<array{role: 'user'|'assistant', content: string}>
	 */
	public array $messages = array();

	/** Provider id asked for, or null for the administrator's primary provider. */
	public ?string $provider = null;

	/** Model asked for, or null for the provider's default. */
	public ?string $model = null;

	/** Largest answer, in tokens; null for the administrator's cap. */
	public ?int $max_tokens = null;

	/** Sampling temperature, or null for the provider's default. */
	public ?float $temperature = null;

	/** Who or what causes the call, recorded with usage: "user:12", "block:…", "php:my-plugin". */
	public string $cause = 'php';

	/**
	 * JSON schema of a chat request: the one source of its bounds. POST /chat takes its arguments
	 * from it (narrowing provider to the registered ids) and from_array() validates with it.
	 * cause is readonly: callers of the PHP API may set it, REST clients may not.
	 *
	 * @param list<string>|null $provider_ids Registered provider ids, to list them as the enum.
	 * @return array<string, mixed>
	 */
	public static function schema( ?array $provider_ids = null ): array {
		$provider = array(
			'description' => __( 'Provider to ask first; the administrator’s primary provider when left out.', 'byok-ai' ),
			'type'        => 'string',
			'pattern'     => '^[a-z0-9_]{1,32}$',
		);
		if ( null !== $provider_ids ) {
			$provider['enum'] = $provider_ids;
		}
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'byok-ai-chat-request',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'messages'    => array(
					'description' => __( 'The conversation, oldest first; the last message is the user’s.', 'byok-ai' ),
					'type'        => 'array',
					'required'    => true,
					'minItems'    => 1,
					'maxItems'    => self::MAX_MESSAGES,
					'items'       => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'role'    => array(
								'type'     => 'string',
								'enum'     => array( 'user', 'assistant' ),
								'required' => true,
							),
							'content' => array(
								'type'      => 'string',
								'minLength' => 1,
								'maxLength' => self::MAX_MESSAGE_LENGTH,
								'required'  => true,
							),
						),
					),
				),
				'system'      => array(
					'description' => __( 'Instructions for the model.', 'byok-ai' ),
					'type'        => 'string',
					'maxLength'   => self::MAX_SYSTEM_LENGTH,
				),
				'provider'    => $provider,
				'model'       => array(
					'description' => __( 'Model, among those the administrator allows.', 'byok-ai' ),
					'type'        => 'string',
					'pattern'     => self::MODEL_PATTERN,
					'maxLength'   => 128,
				),
				'max_tokens'  => array(
					'description' => __( 'Largest answer in tokens; never more than the administrator’s cap.', 'byok-ai' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'maximum'     => self::MAX_TOKENS_LIMIT,
				),
				'temperature' => array(
					'description' => __( 'Sampling temperature.', 'byok-ai' ),
					'type'        => 'number',
					'minimum'     => 0,
					'maximum'     => 2,
				),
				'cause'       => array(
					'type'     => 'string',
					'pattern'  => self::CAUSE_PATTERN,
					'readonly' => true,
				),
			),
		);
	}

	/**
	 * Validates an array of arguments into a request.
	 *
	 * Accepted keys: messages (required), system, provider, model, max_tokens, temperature, cause.
	 * Unknown keys are an error, like unknown REST fields.
	 *
	 * @param array<string, mixed> $args Arguments.
	 * @return self|WP_Error
	 */
	public static function from_array( array $args ) {
		$known   = array_merge( array( 'messages', 'system' ), self::SCALARS );
		$unknown = array_diff( array_map( 'strval', array_keys( $args ) ), $known );
		if ( $unknown ) {
			return self::invalid(
				/* translators: %s: comma-separated argument names. */
				sprintf( __( 'Unknown chat arguments: %s.', 'byok-ai' ), implode( ', ', array_map( 'sanitize_key', $unknown ) ) )
			);
		}

		$schema  = self::schema()['properties'];
		$request = new self();
		$total   = 0;

		$messages = $args['messages'] ?? null;
		$list     = array_diff_key( $schema['messages'], array( 'items' => true ) );
		if ( ! is_array( $messages ) || array_values( $messages ) !== $messages || is_wp_error( rest_validate_value_from_schema( $messages, $list, 'messages' ) ) ) {
			/* translators: %d: maximum number of messages. */
			return self::invalid( sprintf( __( 'A chat needs between 1 and %d messages.', 'byok-ai' ), self::MAX_MESSAGES ) );
		}
		foreach ( $messages as $message ) {
			$valid  = rest_validate_value_from_schema( $message, $schema['messages']['items'], 'message' );
			$length = is_array( $message ) && isset( $message['content'] ) && is_string( $message['content'] ) ? self::length( $message['content'] ) : null;
			if ( is_wp_error( $valid ) && ! in_array( $valid->get_error_code(), array( 'rest_too_short', 'rest_too_long' ), true ) ) {
				return self::invalid( __( 'Each message needs a role (user or assistant) and text content, and nothing else.', 'byok-ai' ) );
			}
			// Cross-checks the schema can't make: valid UTF-8, not only whitespace.
			if ( is_wp_error( $valid ) || null === $length || '' === trim( $message['content'] ) ) {
				/* translators: %d: maximum number of characters. */
				return self::invalid( sprintf( __( 'Each message must be valid text of 1 to %d characters.', 'byok-ai' ), self::MAX_MESSAGE_LENGTH ) );
			}
			$total              += $length;
			$request->messages[] = array(
				'role'    => 'user' === $message['role'] ? 'user' : 'assistant',
				'content' => $message['content'],
			);
		}
		if ( 'user' !== $request->messages[ count( $request->messages ) - 1 ]['role'] ) {
			return self::invalid( __( 'The last message must be the user’s.', 'byok-ai' ) );
		}

		if ( isset( $args['system'] ) ) {
			$length = is_string( $args['system'] ) ? self::length( $args['system'] ) : null;
			if ( null === $length || is_wp_error( rest_validate_value_from_schema( $args['system'], $schema['system'], 'system' ) ) ) {
				/* translators: %d: maximum number of characters. */
				return self::invalid( sprintf( __( 'Instructions must be valid text of at most %d characters.', 'byok-ai' ), self::MAX_SYSTEM_LENGTH ) );
			}
			$request->system = (string) $args['system'];
			$total          += $length;
		}
		if ( $total > self::MAX_TOTAL_LENGTH ) {
			/* translators: %d: maximum number of characters. */
			return self::invalid( sprintf( __( 'The conversation is too long (more than %d characters).', 'byok-ai' ), self::MAX_TOTAL_LENGTH ) );
		}

		foreach ( self::SCALARS as $name ) {
			if ( ! isset( $args[ $name ] ) ) {
				continue;
			}
			// Strict types for the PHP API: the schema alone would take "5" for 5.
			$typed = 'integer' === $schema[ $name ]['type'] ? is_int( $args[ $name ] ) : ( 'number' === $schema[ $name ]['type'] ? is_int( $args[ $name ] ) || is_float( $args[ $name ] ) : is_string( $args[ $name ] ) );
			if ( ! $typed || is_wp_error( rest_validate_value_from_schema( $args[ $name ], $schema[ $name ], $name ) ) ) {
				return self::invalid( self::field_message( $name ) );
			}
			$value = $args[ $name ];
			if ( 'max_tokens' === $name ) {
				$request->max_tokens = (int) $value;
			} elseif ( 'temperature' === $name ) {
				$request->temperature = (float) $value;
			} elseif ( 'cause' === $name ) {
				$request->cause = (string) $value;
			} else {
				$request->$name = (string) $value;
			}
		}
		return $request;
	}

	/**
	 * Counts characters of valid UTF-8, or returns null for invalid UTF-8.
	 *
	 * @param string $text Text.
	 */
	private static function length( string $text ): ?int {
		if ( ! wp_check_invalid_utf8( $text ) && '' !== $text ) {
			return null;
		}
		return mb_strlen( $text, 'UTF-8' );
	}

	/**
	 * The message for an optional argument of the wrong type or out of bounds (built only then).
	 *
	 * @param string $name provider, model, max_tokens, temperature or cause.
	 */
	private static function field_message( string $name ): string {
		switch ( $name ) {
			case 'max_tokens':
				/* translators: %d: largest allowed value. */
				return sprintf( __( 'max_tokens must be a whole number from 1 to %d.', 'byok-ai' ), self::MAX_TOKENS_LIMIT );
			case 'temperature':
				return __( 'temperature must be a number from 0 to 2.', 'byok-ai' );
			case 'cause':
				return __( 'cause must look like "php:my-plugin".', 'byok-ai' );
			default:
				/* translators: %s: argument name (provider or model). */
				return sprintf( __( 'The %s name contains characters that aren’t allowed.', 'byok-ai' ), $name );
		}
	}

	/**
	 * Builds the error for a request that breaks a rule.
	 *
	 * @param string $message Translated message.
	 */
	private static function invalid( string $message ): WP_Error {
		return new WP_Error( 'byok_ai_invalid_chat', $message, array( 'status' => 400 ) );
	}
}
