<?php
/**
 * Whether a plugin-backed AI Client provider can be used.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi\Provider;

use WordPress\AiClient\Providers\Contracts\ProviderAvailabilityInterface;

/**
 * Configured means the plugin has a usable key (and the settings the provider needs). Decided
 * from the key store's record without decrypting and without calling the provider, so it is
 * neither cached across keys nor slow (core's Connectors page asks on every view).
 */
class BackedAvailability implements ProviderAvailabilityInterface {

	/** Connector id. */
	private string $connector;

	/**
	 * Stores the connector id.
	 *
	 * @param string $connector Connector id.
	 */
	public function __construct( string $connector ) {
		$this->connector = $connector;
	}

	/**
	 * {@inheritDoc}
	 */
	public function isConfigured(): bool {
		$backend = BackedProvider::backend();
		return null !== $backend && $backend->is_usable( $this->connector );
	}
}
