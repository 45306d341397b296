<?php
/**
 * An Environment whose variables and constants a test chooses.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests;

use ByokAi\Config\Environment;

/**
 * Answers lookups from arrays instead of getenv()/constant(), so tests can describe missing or
 * default salts, which a running WordPress can't undefine.
 */
final class FixedEnvironment extends Environment {

	/**
	 * Environment variables.
	 *
	 * @var array<string, string>
	 */
	private $variables;

	/**
	 * Constants.
	 *
	 * @var array<string, string>
	 */
	private $constants;

	/**
	 * Stores the values.
	 *
	 * @param array<string, string> $variables Environment variables.
	 * @param array<string, string> $constants Constants.
	 */
	public function __construct( array $variables, array $constants ) {
		$this->variables = $variables;
		$this->constants = $constants;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param string $name Name.
	 */
	public function lookup( string $name ): ?array {
		if ( isset( $this->variables[ $name ] ) ) {
			return array(
				'value'  => $this->variables[ $name ],
				'source' => self::SOURCE_ENVIRONMENT,
			);
		}
		if ( isset( $this->constants[ $name ] ) ) {
			return array(
				'value'  => $this->constants[ $name ],
				'source' => self::SOURCE_CONSTANT,
			);
		}
		return null;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param string $name Name.
	 */
	public function constant( string $name ): ?string {
		return $this->constants[ $name ] ?? null;
	}

	/**
	 * Returns a full set of unique salts.
	 *
	 * @param string $seed Makes the set distinct.
	 * @return array<string, string>
	 */
	public static function salts( string $seed = 'a' ): array {
		$salts = array();
		foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $name ) {
			$salts[ $name ] = $name . ' unique value ' . $seed;
		}
		return $salts;
	}
}
