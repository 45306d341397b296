<?php
/**
 * The administrator's rules for WordPress's own AI.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

/**
 * One option (byok_ai_wp_ai, autoloaded: read on every AI Client call) holding:
 * - custody:  whether BYOK AI keeps the Connectors keys (encrypted); on by default.
 * - hand_back: whether deactivating BYOK AI writes those keys back, unencrypted, into core's
 *              options so WordPress's AI keeps working (default); off, they are re-entered on Connectors.
 * - gate:     whether every AI Client call obeys the plugin's policy; on by default.
 * - callers:  per calling plugin/theme slug ("plugin:akismet", "theme:twentytwentyone", "core"): 'allow' or 'deny'.
 * - default_caller: what a caller not listed gets: 'allow' (default) or 'deny'.
 * - capability: a capability the current user must have to trigger a call ('' = anyone, incl. cron and visitors).
 * - hourly_limit: calls per caller per hour (0 = no limit).
 *
 * Allowed models, the output cap and the timeout are the plugin's existing policy (Settings → BYOK AI → Rules).
 *
 * @phpstan-type RulesData array{custody: bool, hand_back: bool, gate: bool, callers: array<string, 'allow'|'deny'>, default_caller: 'allow'|'deny', capability: string, hourly_limit: int}
 */
class Rules {

	public const OPTION = 'byok_ai_wp_ai';

	/** Largest hourly limit per caller. */
	public const MAX_HOURLY_LIMIT = 1000000;

	/**
	 * Returns the rules with defaults for anything unset or malformed.
	 *
	 * @return RulesData
	 */
	public function get(): array {
		$stored = get_option( self::OPTION, array() );
		return $this->clean( is_array( $stored ) ? $stored : array() );
	}

	/**
	 * Saves some fields; the others keep their values.
	 *
	 * @param array<string, mixed> $values Fields to change.
	 * @return RulesData
	 */
	public function update( array $values ): array {
		$rules = $this->clean( array_merge( $this->get(), $values ) );
		update_option( self::OPTION, $rules, true );
		return $rules;
	}

	/**
	 * Tells whether BYOK AI keeps the Connectors keys.
	 */
	public function custody(): bool {
		return $this->get()['custody'];
	}

	/**
	 * Tells whether AI Client calls go through the gate.
	 */
	public function gate(): bool {
		return $this->get()['gate'];
	}

	/**
	 * JSON schema of the rules: the one source of their bounds. PUT /wordpress-ai takes its
	 * arguments from it, OPTIONS publishes it, and clean() keeps only what it allows.
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$verdict    = array(
			'type' => 'string',
			'enum' => array( 'allow', 'deny' ),
		);
		$properties = array(
			'custody'        => array( 'type' => 'boolean' ),
			'hand_back'      => array( 'type' => 'boolean' ),
			'gate'           => array( 'type' => 'boolean' ),
			'callers'        => array(
				'type'                 => 'object',
				'maxProperties'        => 200,
				'additionalProperties' => $verdict,
				'propertyNames'        => array(
					'type'      => 'string',
					'pattern'   => '^[a-z0-9_:.\\-]{1,80}$',
					'maxLength' => 80,
				),
			),
			'default_caller' => $verdict,
			'capability'     => array(
				'type'      => 'string',
				'pattern'   => '^[a-z0-9_]{0,64}$',
				'maxLength' => 64,
			),
			'hourly_limit'   => array(
				'type'    => 'integer',
				'minimum' => 0,
				'maximum' => self::MAX_HOURLY_LIMIT,
			),
		);
		foreach ( self::defaults() as $name => $default ) {
			$properties[ $name ]['default'] = $default;
		}
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'byok-ai-wordpress-ai-rules',
			'type'                 => 'object',
			'properties'           => $properties,
			'additionalProperties' => false,
		);
	}

	/**
	 * The defaults.
	 *
	 * @return RulesData
	 */
	public static function defaults(): array {
		return array(
			'custody'        => true,
			'hand_back'      => true,
			'gate'           => true,
			'callers'        => array(),
			'default_caller' => 'allow',
			'capability'     => '',
			'hourly_limit'   => 0,
		);
	}

	/**
	 * Keeps known fields with valid values.
	 *
	 * @param array<mixed> $values Stored or submitted values.
	 * @return RulesData
	 */
	private function clean( array $values ): array {
		$rules  = self::defaults();
		$schema = self::schema()['properties'];
		foreach ( $schema as $name => $property ) {
			if ( ! isset( $values[ $name ] ) ) {
				continue;
			}
			$value = $values[ $name ];
			if ( 'boolean' === $property['type'] ) {
				$value = (bool) $value;
			} elseif ( 'integer' === $property['type'] && is_numeric( $value ) ) {
				$value = max( $property['minimum'], min( $property['maximum'], (int) $value ) );
			} elseif ( 'capability' === $name && is_string( $value ) ) {
				$value = sanitize_key( $value );
			} elseif ( 'callers' === $name && is_array( $value ) ) {
				// Core's validator ignores propertyNames: each caller is checked here, one by one.
				$value = array_filter(
					$value,
					static function ( $verdict, $caller ) use ( $property ): bool {
						return true === rest_validate_value_from_schema( (string) $caller, $property['propertyNames'] )
							&& true === rest_validate_value_from_schema( $verdict, $property['additionalProperties'] );
					},
					ARRAY_FILTER_USE_BOTH
				);
			}
			if ( 'callers' === $name || true === rest_validate_value_from_schema( $value, $property, $name ) ) {
				$rules[ $name ] = rest_sanitize_value_from_schema( $value, $property, $name );
			}
		}
		/**
		 * Each field passed its schema.
		 *
		 * @var RulesData $rules
		 */
		return $rules;
	}
}
