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

	/** Longest caller slug kept. */
	private const MAX_CALLER = 80;

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
	 * The defaults.
	 *
	 * @return RulesData
	 */
	public function defaults(): array {
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
		$rules = $this->defaults();
		foreach ( array( 'custody', 'hand_back', 'gate' ) as $flag ) {
			if ( isset( $values[ $flag ] ) ) {
				$rules[ $flag ] = (bool) $values[ $flag ];
			}
		}
		if ( isset( $values['callers'] ) && is_array( $values['callers'] ) ) {
			foreach ( $values['callers'] as $caller => $verdict ) {
				$caller = (string) $caller;
				if ( '' !== $caller && strlen( $caller ) <= self::MAX_CALLER && preg_match( '/^[a-z0-9_:.\-]+$/', $caller ) && in_array( $verdict, array( 'allow', 'deny' ), true ) ) {
					$rules['callers'][ $caller ] = $verdict;
				}
			}
		}
		if ( isset( $values['default_caller'] ) && in_array( $values['default_caller'], array( 'allow', 'deny' ), true ) ) {
			$rules['default_caller'] = $values['default_caller'];
		}
		if ( isset( $values['capability'] ) && is_string( $values['capability'] ) ) {
			$rules['capability'] = sanitize_key( $values['capability'] );
		}
		if ( isset( $values['hourly_limit'] ) && is_numeric( $values['hourly_limit'] ) ) {
			$rules['hourly_limit'] = max( 0, min( 1000000, (int) $values['hourly_limit'] ) );
		}
		return $rules;
	}
}
