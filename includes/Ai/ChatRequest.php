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

	/**
	 * System instructions ('' for none).
	 *
	 * @var string
	 */
	public $system = '';

	/**
	 * Conversation, oldest first; the last message is the user's.
	 *
	 * @var list<array{role: 'user'|'assistant', content: string}>
	 */
	public $messages = array();

	/**
	 * Provider id asked for, or null for the administrator's primary provider.
	 *
	 * @var string|null
	 */
	public $provider = null;

	/**
	 * Model asked for, or null for the provider's default.
	 *
	 * @var string|null
	 */
	public $model = null;

	/**
	 * Largest answer, in tokens; null for the administrator's cap.
	 *
	 * @var int|null
	 */
	public $max_tokens = null;

	/**
	 * Sampling temperature, or null for the provider's default.
	 *
	 * @var float|null
	 */
	public $temperature = null;

	/**
	 * Who or what causes the call, recorded with usage: "user:12", "block:…", "php:my-plugin".
	 *
	 * @var string
	 */
	public $cause = 'php';

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
		$known   = array( 'messages', 'system', 'provider', 'model', 'max_tokens', 'temperature', 'cause' );
		$unknown = array_diff( array_map( 'strval', array_keys( $args ) ), $known );
		if ( $unknown ) {
			return self::invalid(
				/* translators: %s: comma-separated argument names. */
				sprintf( __( 'Unknown chat arguments: %s.', 'byok-ai' ), implode( ', ', array_map( 'sanitize_key', $unknown ) ) )
			);
		}

		$request = new self();
		$total   = 0;

		$messages = $args['messages'] ?? null;
		if ( ! is_array( $messages ) || ! $messages || count( $messages ) > self::MAX_MESSAGES || array_values( $messages ) !== $messages ) {
			/* translators: %d: maximum number of messages. */
			return self::invalid( sprintf( __( 'A chat needs between 1 and %d messages.', 'byok-ai' ), self::MAX_MESSAGES ) );
		}
		foreach ( $messages as $message ) {
			$role    = is_array( $message ) ? ( $message['role'] ?? null ) : null;
			$content = is_array( $message ) ? ( $message['content'] ?? null ) : null;
			if ( ! in_array( $role, array( 'user', 'assistant' ), true ) || ! is_string( $content ) || count( $message ) !== 2 ) {
				return self::invalid( __( 'Each message needs a role (user or assistant) and text content, and nothing else.', 'byok-ai' ) );
			}
			$length = self::length( $content );
			if ( null === $length || '' === trim( $content ) || $length > self::MAX_MESSAGE_LENGTH ) {
				/* translators: %d: maximum number of characters. */
				return self::invalid( sprintf( __( 'Each message must be valid text of 1 to %d characters.', 'byok-ai' ), self::MAX_MESSAGE_LENGTH ) );
			}
			$total              += $length;
			$request->messages[] = array(
				'role'    => $role,
				'content' => $content,
			);
		}
		if ( 'user' !== $request->messages[ count( $request->messages ) - 1 ]['role'] ) {
			return self::invalid( __( 'The last message must be the user’s.', 'byok-ai' ) );
		}

		if ( isset( $args['system'] ) ) {
			$length = is_string( $args['system'] ) ? self::length( $args['system'] ) : null;
			if ( null === $length || $length > self::MAX_SYSTEM_LENGTH ) {
				/* translators: %d: maximum number of characters. */
				return self::invalid( sprintf( __( 'Instructions must be valid text of at most %d characters.', 'byok-ai' ), self::MAX_SYSTEM_LENGTH ) );
			}
			$request->system = $args['system'];
			$total          += $length;
		}
		if ( $total > self::MAX_TOTAL_LENGTH ) {
			/* translators: %d: maximum number of characters. */
			return self::invalid( sprintf( __( 'The conversation is too long (more than %d characters).', 'byok-ai' ), self::MAX_TOTAL_LENGTH ) );
		}

		foreach ( array( 'provider', 'model' ) as $name ) {
			if ( ! isset( $args[ $name ] ) ) {
				continue;
			}
			$pattern = 'provider' === $name ? '^[a-z0-9_]{1,32}$' : self::MODEL_PATTERN;
			if ( ! is_string( $args[ $name ] ) || ! preg_match( '#' . $pattern . '#', $args[ $name ] ) ) {
				/* translators: %s: argument name. */
				return self::invalid( sprintf( __( 'The %s name contains characters that aren’t allowed.', 'byok-ai' ), $name ) );
			}
			$request->$name = $args[ $name ];
		}

		if ( isset( $args['max_tokens'] ) ) {
			if ( ! is_int( $args['max_tokens'] ) || $args['max_tokens'] < 1 || $args['max_tokens'] > self::MAX_TOKENS_LIMIT ) {
				/* translators: %d: largest allowed value. */
				return self::invalid( sprintf( __( 'max_tokens must be a whole number from 1 to %d.', 'byok-ai' ), self::MAX_TOKENS_LIMIT ) );
			}
			$request->max_tokens = $args['max_tokens'];
		}
		if ( isset( $args['temperature'] ) ) {
			if ( ! is_int( $args['temperature'] ) && ! is_float( $args['temperature'] ) || $args['temperature'] < 0 || $args['temperature'] > 2 ) {
				return self::invalid( __( 'temperature must be a number from 0 to 2.', 'byok-ai' ) );
			}
			$request->temperature = (float) $args['temperature'];
		}
		if ( isset( $args['cause'] ) ) {
			if ( ! is_string( $args['cause'] ) || ! preg_match( '#' . self::CAUSE_PATTERN . '#', $args['cause'] ) ) {
				return self::invalid( __( 'cause must look like "php:my-plugin".', 'byok-ai' ) );
			}
			$request->cause = $args['cause'];
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
	 * Builds the error for a request that breaks a rule.
	 *
	 * @param string $message Translated message.
	 */
	private static function invalid( string $message ): WP_Error {
		return new WP_Error( 'byok_ai_invalid_chat', $message, array( 'status' => 400 ) );
	}
}
