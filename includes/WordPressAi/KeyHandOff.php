<?php
/**
 * Hands the AI Client an authentication that decrypts a connector key on first use.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Keys\KeyStore;
use WordPress\AiClient\AiClient;
use WordPress\AiClient\Providers\ApiBasedImplementation\AbstractApiProvider;

/**
 * For the mapped providers that another plugin implements (the plugin's own providers read the
 * key store themselves): core handed them only masks and empty values on `init`, so they get a
 * LazyApiKeyAuthentication instead, and only when they send to the origin the key was entered for.
 */
class KeyHandOff {

	private ConnectorMap $map;
	/** @var \Closure(): KeyStore Gives the key store (only where a key is handed). */
	private \Closure $keys;

	/**
	 * Stores the dependencies.
	 *
	 * @param ConnectorMap $map  Connector map.
	 * @param \Closure     $keys Gives the key store.
	 *
	 * @phpstan-param \Closure(): KeyStore $keys
	 */
	public function __construct( ConnectorMap $map, \Closure $keys ) {
		$this->map  = $map;
		$this->keys = $keys;
	}

	/**
	 * Sets the authentication of each connector the plugin keeps and another plugin implements.
	 *
	 * @param string[] $connectors Connector ids whose keys the plugin keeps.
	 */
	public function run( array $connectors ): void {
		try {
			$registry = AiClient::defaultRegistry();
			foreach ( $connectors as $connector ) {
				if ( ! $registry->hasProvider( $connector ) || is_subclass_of( $registry->getProviderClassName( $connector ), Provider\BackedProvider::class ) ) {
					continue;
				}
				$provider = (string) $this->map->provider( $connector );
				$keys     = ( $this->keys )();
				$state    = $keys->describe( $provider );
				if ( 'missing' === $state['status'] || ! $this->same_origin( (string) ( $state['endpoint'] ?? '' ), $registry->getProviderClassName( $connector ) ) ) {
					continue;
				}
				$registry->setProviderRequestAuthentication(
					$connector,
					new LazyApiKeyAuthentication(
						static function () use ( $keys, $provider ): string {
							$key = $keys->get( $provider );
							return is_string( $key ) ? $key : '';
						}
					)
				);
			}
		} catch ( \Exception $e ) {
			// A provider expecting another kind of authentication keeps what core gave it.
			unset( $e );
		}
	}

	/**
	 * Tells whether a provider class sends to the origin (scheme, host, port) a key was entered
	 * for: a key is never handed to a provider plugin that talks to another host. Providers that
	 * don't say where they send (not API-based) get nothing.
	 *
	 * @param string $endpoint   The key's endpoint (canonical base URL), '' when unknown.
	 * @param string $class_name Provider class.
	 */
	private function same_origin( string $endpoint, string $class_name ): bool {
		if ( '' === $endpoint || ! is_subclass_of( $class_name, AbstractApiProvider::class ) ) {
			return false;
		}
		$origin     = static function ( string $url ): string {
			$parts = wp_parse_url( $url );
			if ( ! is_array( $parts ) || ! isset( $parts['scheme'], $parts['host'] ) ) {
				return '';
			}
			$scheme = strtolower( $parts['scheme'] );
			$port   = $parts['port'] ?? ( 'https' === $scheme ? 443 : 80 );
			return $scheme . '://' . strtolower( $parts['host'] ) . ':' . $port;
		};
		$key_origin = $origin( (string) strtok( $endpoint, ' ' ) );
		return '' !== $key_origin && $key_origin === $origin( $class_name::url() );
	}
}
