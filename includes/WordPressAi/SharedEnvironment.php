<?php
/**
 * Lets the plugin see the key variables WordPress's Connectors read.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Config\Environment;

/**
 * An Environment for the key store that also answers BYOK_AI_{PROVIDER}_API_KEY from core's
 * name for the same key (OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_API_KEY…), so one key set in
 * the environment or wp-config.php counts on both screens. Precedence stays environment →
 * constant: the plugin's variable, then core's, then the plugin's constant, then core's.
 */
class SharedEnvironment extends Environment {

	/** @var array<string, string> Plugin variable name => core variable name. */
	private array $aliases;

	/**
	 * Stores the aliases.
	 *
	 * @param array<string, string> $aliases Plugin variable name => core variable name.
	 */
	public function __construct( array $aliases ) {
		$this->aliases = $aliases;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param string $name Variable or constant name.
	 */
	public function lookup( string $name ): ?array {
		$found = $this->find( $name );
		return null === $found ? null : array(
			'value'  => $found['value'],
			'source' => $found['source'],
		);
	}

	/**
	 * The name that sets what lookup() answers for $name: the plugin's variable or core's
	 * (OPENAI_API_KEY…), so screens name the variable the site owner actually set. $name itself
	 * when nothing sets it.
	 *
	 * @param string $name Variable or constant name (the plugin's).
	 */
	public function name_of( string $name ): string {
		$found = $this->find( $name );
		return null === $found ? $name : $found['name'];
	}

	/**
	 * Looks up the plugin's name, then core's: environment first, then constants.
	 *
	 * @param string $name Variable or constant name.
	 * @return array{value: string, source: 'environment'|'constant', name: string}|null
	 */
	private function find( string $name ): ?array {
		$alias = $this->aliases[ $name ] ?? null;
		if ( null === $alias ) {
			$found = parent::lookup( $name );
			return null === $found ? null : $found + array( 'name' => $name );
		}
		foreach ( array( $name, $alias ) as $candidate ) {
			$value = getenv( $candidate );
			if ( is_string( $value ) && '' !== $value ) {
				return array(
					'value'  => $value,
					'source' => self::SOURCE_ENVIRONMENT,
					'name'   => $candidate,
				);
			}
		}
		foreach ( array( $name, $alias ) as $candidate ) {
			$value = $this->constant( $candidate );
			if ( null !== $value && '' !== $value ) {
				return array(
					'value'  => $value,
					'source' => self::SOURCE_CONSTANT,
					'name'   => $candidate,
				);
			}
		}
		return null;
	}

	/**
	 * Builds the aliases for every mapped provider.
	 *
	 * @param ConnectorMap $map Connector map.
	 * @return array<string, string>
	 */
	public static function aliases( ConnectorMap $map ): array {
		$aliases = array();
		foreach ( $map->all() as $connector => $provider ) {
			$aliases[ \ByokAi\Keys\KeyStore::variable( $provider ) ] = $map->core_variable( $connector );
		}
		return $aliases;
	}
}
