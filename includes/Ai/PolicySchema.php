<?php
/**
 * The policy's JSON schema and the checks made with it.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

use ByokAi\Providers\Registry;
use WP_Error;

/**
 * The one source of every policy field's bounds: PUT /policy takes its arguments from it, OPTIONS
 * /policy publishes it to the settings app, and Policy validates stored and submitted values with
 * it (check()). Only the cross-field check (each model name suits its provider) is code.
 *
 * @phpstan-import-type PolicyData from Policy
 */
class PolicySchema {

	/** Bounds of the whole-number fields: the schema's minimum and maximum. */
	private const NUMBERS = array(
		'max_output_tokens'   => array( 1, ChatRequest::MAX_TOKENS_LIMIT ),
		'timeout'             => array( Policy::MIN_TIMEOUT, Policy::MAX_TIMEOUT ),
		'visitor_ip_limit'    => array( 0, 10000 ),
		'visitor_ip_window'   => array( 1, 1440 ),
		'visitor_block_limit' => array( 0, 100000 ),
		'visitor_daily_cap'   => array( 0, 1000000 ),
		'user_hourly_limit'   => array( 0, Policy::MAX_USER_HOURLY_LIMIT ),
	);

	private Registry $registry;

	/**
	 * Stores the registry.
	 *
	 * @param Registry $registry Providers.
	 */
	public function __construct( Registry $registry ) {
		$this->registry = $registry;
	}

	/**
	 * The resource's schema: the stored fields plus chat_roles (kept on the roles, not in the option).
	 *
	 * @param array<string, array<string, mixed>> $fields The stored fields' schema (fields()).
	 * @return array<string, mixed>
	 */
	public function resource( array $fields ): array {
		$fields['chat_roles'] = array(
			'description' => __( 'Roles that may use AI while editing.', 'byok-ai' ),
			'type'        => 'array',
			'items'       => array(
				'type' => 'string',
				'enum' => array_map( 'strval', array_keys( wp_roles()->role_objects ) ),
			),
			'uniqueItems' => true,
		);
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'byok-ai-policy',
			'type'                 => 'object',
			'properties'           => $fields,
			'additionalProperties' => false,
		);
	}

	/**
	 * The schema of each stored field.
	 *
	 * @param array<string, mixed> $defaults The policy of a fresh install (Policy::defaults()).
	 * @return array<string, array<string, mixed>>
	 */
	public function fields( array $defaults ): array {
		$ids        = $this->registry->ids();
		$properties = array(
			'primary'  => array(
				'description' => __( 'Provider to ask first; empty for the first one with a key.', 'byok-ai' ),
				'type'        => 'string',
				'enum'        => array_merge( array( '' ), $ids ),
			),
			'fallback' => array(
				'description' => __( 'Providers that take over, in order.', 'byok-ai' ),
				'type'        => 'array',
				'items'       => array(
					'type' => 'string',
					'enum' => $ids,
				),
				'uniqueItems' => true,
			),
		);
		foreach ( self::NUMBERS as $name => $range ) {
			$properties[ $name ] = array(
				'type'    => 'integer',
				'minimum' => $range[0],
				'maximum' => $range[1],
			);
		}
		$properties['user_hourly_limit']['description'] = __( 'AI requests each logged-in person may make per hour (chat and block preview); 0 allows none.', 'byok-ai' );
		$per_provider                                   = array(
			'type'     => 'array',
			'items'    => array( 'type' => 'string' ),
			'maxItems' => Policy::MAX_MODELS,
		);
		$properties['models']                           = array(
			'description'          => __( 'Allowed models per provider; the first is the default.', 'byok-ai' ),
			'type'                 => 'object',
			'properties'           => array_fill_keys( $ids, $per_provider ),
			'additionalProperties' => false,
		);
		$properties['proxy_header']                     = array(
			'description' => __( 'Header that carries the visitor’s address behind a proxy; empty for the connection’s.', 'byok-ai' ),
			'type'        => 'string',
			'enum'        => Policy::PROXY_HEADERS,
		);
		foreach ( $properties as $name => $property ) {
			$properties[ $name ]['default'] = $defaults[ $name ];
		}
		return $properties;
	}

	/**
	 * Checks submitted fields on top of a base policy.
	 *
	 * @param array<mixed>                        $values Fields.
	 * @param array                               $base   Values for fields not submitted.
	 * @param array<string, array<string, mixed>> $schema The stored fields' schema (fields()).
	 *
	 * @phpstan-param PolicyData $base
	 * @return PolicyData|WP_Error
	 */
	public function check( array $values, array $base, array $schema ) {
		$unknown = array_diff( array_map( 'strval', array_keys( $values ) ), array_keys( $schema ) );
		if ( $unknown ) {
			return $this->invalid( (string) reset( $unknown ), __( 'This setting doesn’t exist.', 'byok-ai' ) );
		}
		$policy = $base;
		foreach ( $values as $name => $value ) {
			$name  = (string) $name;
			$valid = rest_validate_value_from_schema( $value, $schema[ $name ], $name );
			if ( is_wp_error( $valid ) || ( 'fallback' === $name && array_values( (array) $value ) !== $value ) ) {
				return $this->invalid( $name, $this->message( $name, $value, $schema[ $name ] ) );
			}
			$policy[ $name ] = rest_sanitize_value_from_schema( $value, $schema[ $name ], $name );
		}
		// Cross-field: each model name must suit its provider.
		if ( array_key_exists( 'models', $values ) ) {
			$models = $this->check_models( $policy['models'] );
			if ( is_wp_error( $models ) ) {
				return $models;
			}
			$policy['models'] = $models;
		}
		/**
		 * Every field was validated against its schema above.
		 *
		 * @phpstan-var PolicyData $policy
		 */
		return $policy;
	}

	/**
	 * What a refused field says.
	 *
	 * @param string               $name   Field.
	 * @param mixed                $value  The refused value.
	 * @param array<string, mixed> $schema The field's schema.
	 */
	private function message( string $name, $value, array $schema ): string {
		if ( 'integer' === $schema['type'] ) {
			/* translators: 1: smallest allowed value, 2: largest allowed value. */
			return sprintf( __( 'Enter a whole number from %1$d to %2$d.', 'byok-ai' ), $schema['minimum'], $schema['maximum'] );
		}
		$messages = array(
			'primary'      => __( 'Choose one of the providers, or automatic.', 'byok-ai' ),
			'fallback'     => __( 'The fallback chain must list each provider at most once.', 'byok-ai' ),
			'proxy_header' => __( 'Choose one of the listed headers, or the connection’s address.', 'byok-ai' ),
			'chat_roles'   => __( 'Choose roles that exist on this site.', 'byok-ai' ),
		);
		if ( 'models' === $name && ! is_array( $value ) ) {
			return __( 'Allowed models must be listed per provider.', 'byok-ai' );
		}
		/* translators: %d: maximum number of models. */
		return $messages[ $name ] ?? sprintf( __( 'List at most %d models for each provider.', 'byok-ai' ), Policy::MAX_MODELS );
	}

	/**
	 * Checks that each allowed model suits its provider (the schema checked the shape).
	 *
	 * @param array<string, list<string>> $models Provider id => list of model names.
	 * @return array<string, list<string>>|WP_Error
	 */
	private function check_models( array $models ) {
		$clean = array();
		foreach ( $models as $id => $names ) {
			$provider = $this->registry->get( (string) $id );
			if ( null === $provider ) {
				continue;
			}
			foreach ( $names as $name ) {
				if ( ! $provider->accepts_model( $name ) ) {
					return $this->invalid(
						'models.' . $provider->id(),
						/* translators: 1: the model name as typed, 2: provider name. */
						sprintf( __( '“%1$s” isn’t a valid model name for %2$s.', 'byok-ai' ), $name, $provider->label() )
					);
				}
			}
			if ( $names ) {
				$clean[ $provider->id() ] = array_values( array_unique( $names ) );
			}
		}
		return $clean;
	}

	/**
	 * Builds a validation error naming its field.
	 *
	 * @param string $field   Field name.
	 * @param string $message Translated message.
	 */
	public function invalid( string $field, string $message ): WP_Error {
		return new WP_Error(
			'byok_ai_invalid_policy',
			$message,
			array(
				'status' => 400,
				'field'  => $field,
			)
		);
	}
}
