<?php
/**
 * Reads configuration that lives outside the database: environment variables, then wp-config constants.
 *
 * @package ByokAi
 */

namespace ByokAi\Config;

/**
 * Looks up a named value in the process environment first, then among PHP constants.
 *
 * One reader serves both the encryption secret and the provider keys, so the precedence
 * (environment variable → wp-config constant) is defined in exactly one place.
 */
class Environment {

	public const SOURCE_ENVIRONMENT = 'environment';
	public const SOURCE_CONSTANT    = 'constant';

	/**
	 * Returns the value and where it came from, or null when neither source defines it.
	 *
	 * Empty strings count as "not set", so an exported-but-empty variable doesn't shadow a constant.
	 *
	 * @param string $name Variable or constant name, e.g. BYOK_AI_OPENAI_API_KEY.
	 * @return array{value: string, source: 'environment'|'constant'}|null
	 */
	public function lookup( string $name ): ?array {
		$value = getenv( $name );
		if ( is_string( $value ) && '' !== $value ) {
			return array(
				'value'  => $value,
				'source' => self::SOURCE_ENVIRONMENT,
			);
		}
		if ( defined( $name ) ) {
			$value = constant( $name );
			if ( is_string( $value ) && '' !== $value ) {
				return array(
					'value'  => $value,
					'source' => self::SOURCE_CONSTANT,
				);
			}
		}
		return null;
	}

	/**
	 * Returns a string constant's value, or null when it isn't defined as a string.
	 *
	 * @param string $name Constant name.
	 */
	public function constant( string $name ): ?string {
		if ( ! defined( $name ) ) {
			return null;
		}
		$value = constant( $name );
		return is_string( $value ) ? $value : null;
	}
}
