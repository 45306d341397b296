<?php
/**
 * The site secret every stored key is encrypted with.
 *
 * @package ByokAi
 */

namespace ByokAi\Crypto;

use ByokAi\Config\Environment;
use WP_Error;

/**
 * Derives the encryption key and its identifier from the site's configuration.
 *
 * Source, in order: BYOK_AI_ENCRYPTION_KEY (environment variable, then wp-config constant);
 * otherwise the eight authentication keys and salts defined in wp-config.php. Salts that
 * WordPress generated into the database are deliberately not used: a secret stored next to
 * the ciphertext protects nothing. When no usable source exists, every operation fails with
 * a WP_Error; there is no fallback.
 */
class Secret {

	public const CONSTANT = 'BYOK_AI_ENCRYPTION_KEY';

	/** Shortest dedicated secret accepted, in bytes. */
	public const MIN_LENGTH = 32;

	private const SALT_CONSTANTS = array(
		'AUTH_KEY',
		'SECURE_AUTH_KEY',
		'LOGGED_IN_KEY',
		'NONCE_KEY',
		'AUTH_SALT',
		'SECURE_AUTH_SALT',
		'LOGGED_IN_SALT',
		'NONCE_SALT',
	);

	private const DEFAULT_PHRASE = 'put your unique phrase here';

	private Environment $environment;

	/** @var array{key: string, id: string, source: string}|WP_Error|null Derived keys, computed once per request. */
	private $derived = null;

	/**
	 * Stores the configuration reader.
	 *
	 * @param Environment $environment Reader for environment variables and constants.
	 */
	public function __construct( Environment $environment ) {
		$this->environment = $environment;
	}

	/**
	 * Returns the 32-byte encryption key, its 8-byte identifier and the source, or why there is none.
	 *
	 * @return array{key: string, id: string, source: string}|WP_Error
	 */
	public function derive() {
		if ( null === $this->derived ) {
			$this->derived = $this->compute();
		}
		return $this->derived;
	}

	/**
	 * Derives a 32-byte key for another purpose (such as signing conversations): keyed BLAKE2b of
	 * the purpose under the encryption key, so it is independent of it and of other purposes, and
	 * changes when the site secret changes.
	 *
	 * @param string $purpose Short lowercase label, e.g. 'conversation'.
	 * @return string|WP_Error Raw key, or why there is no secret.
	 */
	public function subkey( string $purpose ) {
		$derived = $this->derive();
		if ( is_wp_error( $derived ) ) {
			return $derived;
		}
		return sodium_crypto_generichash( 'byok-ai/subkey/' . $purpose . '/v1', $derived['key'], SODIUM_CRYPTO_GENERICHASH_BYTES );
	}

	/**
	 * Derives the keys from the first usable source.
	 *
	 * @return array{key: string, id: string, source: string}|WP_Error
	 */
	private function compute() {
		$dedicated = $this->environment->lookup( self::CONSTANT );
		if ( null !== $dedicated ) {
			if ( strlen( $dedicated['value'] ) < self::MIN_LENGTH ) {
				return new WP_Error(
					'byok_ai_secret_too_short',
					sprintf(
						/* translators: 1: constant name, 2: minimum length. */
						__( '%1$s is set but shorter than %2$d characters, so it is not used. Set it to a long random value.', 'byok-ai' ),
						self::CONSTANT,
						self::MIN_LENGTH
					)
				);
			}
			return $this->expand( $dedicated['value'], $dedicated['source'] );
		}

		$material = '';
		foreach ( self::SALT_CONSTANTS as $name ) {
			$value = $this->environment->constant( $name );
			if ( null === $value || '' === trim( $value ) || self::DEFAULT_PHRASE === $value ) {
				return new WP_Error(
					'byok_ai_secret_unavailable',
					sprintf(
						/* translators: %s: constant name. */
						__( 'Keys can’t be stored safely: wp-config.php has no unique authentication keys and salts. Add unique salts to wp-config.php, or define %s with a long random value.', 'byok-ai' ),
						self::CONSTANT
					)
				);
			}
			// Length-prefixing keeps "ab"+"c" and "a"+"bc" distinct.
			$material .= strlen( $value ) . ':' . $value . ';';
		}
		return $this->expand( $material, 'salts' );
	}

	/**
	 * Expands source material into independent encryption and identifier keys (keyed BLAKE2b).
	 *
	 * @param string $material Secret material.
	 * @param string $source   Where it came from.
	 * @return array{key: string, id: string, source: string}
	 */
	private function expand( string $material, string $source ): array {
		$root = sodium_crypto_generichash( $material, '', SODIUM_CRYPTO_GENERICHASH_BYTES );
		$key  = sodium_crypto_generichash( 'byok-ai/encryption-key/v1', $root, SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_KEYBYTES );
		$id   = substr( sodium_crypto_generichash( 'byok-ai/key-id/v1', $root, 16 ), 0, 8 );
		return array(
			'key'    => $key,
			'id'     => $id,
			'source' => $source,
		);
	}
}
