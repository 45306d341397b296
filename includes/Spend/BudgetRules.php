<?php
/**
 * The administrator's budgets.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

use WP_Error;

/**
 * Daily and monthly caps in the site currency — overall, per provider, for visitors (blocks),
 * for all logged-in use, per person (one cap for everyone, or per role: a person gets the
 * largest cap among their roles) — and a token cap for calls whose cost is unknown. An empty
 * cap (null) means no cap; 0 allows nothing.
 *
 * Kept in an option that is not autoloaded: only calls and the settings page read it.
 */
class BudgetRules {

	public const OPTION = 'byok_ai_budgets';

	/** Highest money cap accepted, in the site currency. */
	private const MAX_MONEY = 100000000;

	/**
	 * Returns the JSON schema of the rules.
	 *
	 * @param string[] $providers Provider ids.
	 * @param string[] $roles     Role slugs.
	 * @return array<string, mixed>
	 */
	public static function schema( array $providers, array $roles ): array {
		$money  = self::pair( array( 'number', 'null' ), self::MAX_MONEY );
		$tokens = self::pair( array( 'integer', 'null' ), 1000000000000 );
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'overall'   => $money + array( 'description' => __( 'Caps on all spending.', 'byok-ai' ) ),
				'providers' => array(
					'description'          => __( 'Caps per provider.', 'byok-ai' ),
					'type'                 => 'object',
					'additionalProperties' => false,
					'properties'           => array_fill_keys( $providers, $money ),
				),
				'visitors'  => $money + array( 'description' => __( 'Caps on what visitors spend through blocks.', 'byok-ai' ) ),
				'users'     => $money + array( 'description' => __( 'Caps on all logged-in use together.', 'byok-ai' ) ),
				'per_user'  => $money + array( 'description' => __( 'Caps for each logged-in person.', 'byok-ai' ) ),
				'roles'     => array(
					'description'          => __( 'Caps for each person with a role, instead of the caps for each person.', 'byok-ai' ),
					'type'                 => 'object',
					'additionalProperties' => false,
					'properties'           => array_fill_keys( $roles, $money ),
				),
				'tokens'    => $tokens + array( 'description' => __( 'Caps in tokens on calls whose cost is unknown.', 'byok-ai' ) ),
			),
		);
	}

	/**
	 * A day and a month cap.
	 *
	 * @param string[] $type    Value types.
	 * @param int      $maximum Highest value.
	 * @return array<string, mixed>
	 */
	private static function pair( array $type, int $maximum ): array {
		$cap = array(
			'type'    => $type,
			'minimum' => 0,
			'maximum' => $maximum,
		);
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				Period::DAY   => $cap,
				Period::MONTH => $cap,
			),
		);
	}

	/**
	 * Returns the rules as stored (only what was set).
	 *
	 * @return array<string, mixed>
	 */
	public function get(): array {
		// Not kept here: get_option() caches it, and a long-lived instance must see a change.
		$stored = get_option( self::OPTION, array() );
		return is_array( $stored ) ? $stored : array();
	}

	/**
	 * Validates and replaces the rules.
	 *
	 * @param mixed    $value     Rules from a request.
	 * @param string[] $providers Provider ids.
	 * @param string[] $roles     Role slugs.
	 * @return true|WP_Error
	 */
	public function save( $value, array $providers, array $roles ) {
		$schema = self::schema( $providers, $roles );
		$valid  = rest_validate_value_from_schema( $value, $schema, 'budgets' );
		if ( is_wp_error( $valid ) ) {
			return $valid;
		}
		update_option( self::OPTION, rest_sanitize_value_from_schema( $value, $schema, 'budgets' ), false );
		return true;
	}

	/**
	 * Returns the cap of a counter for a period, or null when it has none: micros for money
	 * counters, tokens for 'tokens'.
	 *
	 * @param string   $counter Counter name (Scope::counters() or 'tokens').
	 * @param string   $period  Period::DAY or Period::MONTH.
	 * @param string[] $roles   The person's roles, for 'user:<id>'.
	 */
	public function cap( string $counter, string $period, array $roles = array() ): ?int {
		$rules = $this->get();
		if ( 'tokens' === $counter ) {
			$value = $rules['tokens'][ $period ] ?? null;
			return is_numeric( $value ) ? (int) $value : null;
		}
		if ( 0 === strpos( $counter, 'provider:' ) ) {
			$value = $rules['providers'][ substr( $counter, 9 ) ][ $period ] ?? null;
		} elseif ( 0 === strpos( $counter, 'user:' ) ) {
			$value = $this->person_cap( $period, $roles );
		} else {
			$value = $rules[ $counter ][ $period ] ?? null;
		}
		return is_numeric( $value ) ? Currency::to_micros( (float) $value ) : null;
	}

	/**
	 * The cap of one person: the largest among their roles' caps, else the one for everyone.
	 *
	 * @param string   $period Period.
	 * @param string[] $roles  Roles.
	 * @return float|null
	 */
	private function person_cap( string $period, array $roles ): ?float {
		$rules = $this->get();
		$caps  = array();
		foreach ( $roles as $role ) {
			$value = $rules['roles'][ $role ][ $period ] ?? null;
			if ( is_numeric( $value ) ) {
				$caps[] = (float) $value;
			}
		}
		if ( $caps ) {
			return max( $caps );
		}
		$value = $rules['per_user'][ $period ] ?? null;
		return is_numeric( $value ) ? (float) $value : null;
	}
}
