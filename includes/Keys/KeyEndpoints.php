<?php
/**
 * The endpoint each provider's key is bound to.
 *
 * @package ByokAi
 */

namespace ByokAi\Keys;

use ByokAi\Providers\ProviderSettings;
use WP_Error;

/**
 * Says where a key may be sent (KeyStore's binding rules, see there): the provider's endpoint
 * now, the only one a key from the environment or wp-config may go to, and why a key is refused
 * when those differ from what it is bound to. Without settings (storage tests) nothing is bound.
 */
class KeyEndpoints {

	private ?ProviderSettings $settings;

	/**
	 * Stores the settings.
	 *
	 * @param ProviderSettings|null $settings Connection settings; null binds nothing.
	 */
	public function __construct( ?ProviderSettings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Refuses a stored key when the provider's endpoint is no longer the one it was entered for.
	 *
	 * @param string      $provider Provider id.
	 * @param string|null $bound    The endpoint the key is bound to (null: sealed before keys had endpoints).
	 * @return true|WP_Error
	 */
	public function check_bound( string $provider, ?string $bound ) {
		$now = $this->now( $provider );
		if ( null === $bound || null === $now || $bound === $now ) {
			return true;
		}
		return new WP_Error(
			'byok_ai_key_endpoint_changed',
			sprintf(
				/* translators: 1: the endpoint the key was entered for, 2: the endpoint set now. */
				__( 'The stored key was entered for %1$s, but requests now go to %2$s. A key is never sent to an endpoint it wasn’t entered for: enter the key again for the new endpoint, or set the endpoint back.', 'byok-ai' ),
				'' === $bound ? __( 'no endpoint', 'byok-ai' ) : $bound,
				'' === $now ? __( 'no endpoint', 'byok-ai' ) : $now
			),
			array( 'status' => 409 )
		);
	}

	/**
	 * Refuses a key from the environment or wp-config when requests would go anywhere but the
	 * provider's default endpoint or one set in the same place.
	 *
	 * @param string $provider Provider id.
	 * @return true|WP_Error
	 */
	public function check_external( string $provider ) {
		$allowed = $this->external( $provider );
		$now     = $this->now( $provider );
		if ( null === $allowed || null === $now || ( $allowed === $now && '' !== $now ) ) {
			return true;
		}
		$variables = $this->variables( $provider );
		return new WP_Error(
			'byok_ai_key_endpoint_changed',
			'' === $allowed
				? sprintf(
					/* translators: 1: key variable name, 2: endpoint variable name(s). */
					__( 'The key from %1$s is only sent to an endpoint set in the same place: define %2$s in the environment or wp-config.php.', 'byok-ai' ),
					KeyStore::variable( $provider ),
					$variables
				)
				: sprintf(
					/* translators: 1: key variable name, 2: the endpoint it may be sent to, 3: the endpoint set now, 4: endpoint variable name(s). */
					__( 'The key from %1$s is only sent to %2$s, but requests now go to %3$s. Set the endpoint back, or define %4$s next to the key.', 'byok-ai' ),
					KeyStore::variable( $provider ),
					$allowed,
					'' === $now ? __( 'no endpoint', 'byok-ai' ) : $now,
					$variables
				),
			array( 'status' => 409 )
		);
	}

	/**
	 * The provider's endpoint now, or null when there are no settings to ask (storage tests).
	 *
	 * @param string $provider Provider id.
	 */
	public function now( string $provider ): ?string {
		$adapter = null === $this->settings ? null : $this->settings->provider( $provider );
		return null === $adapter ? null : $this->settings->endpoint( $adapter );
	}

	/**
	 * The only endpoint an external key may go to, or null when there are no settings to ask.
	 *
	 * @param string $provider Provider id.
	 */
	public function external( string $provider ): ?string {
		$adapter = null === $this->settings ? null : $this->settings->provider( $provider );
		return null === $adapter ? null : $this->settings->external_key_endpoint( $adapter );
	}

	/**
	 * Names the variables that set a provider's endpoint.
	 *
	 * @param string $provider Provider id.
	 */
	private function variables( string $provider ): string {
		$adapter = null === $this->settings ? null : $this->settings->provider( $provider );
		$names   = array();
		if ( null !== $adapter ) {
			foreach ( $adapter->settings_fields() as $name => $field ) {
				if ( 'url' === $field['type'] ) {
					$names[] = ProviderSettings::variable( $provider, $name );
				}
			}
		}
		return implode( ', ', $names );
	}
}
