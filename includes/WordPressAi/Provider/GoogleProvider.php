<?php
/**
 * Google as an AI Client provider, through BYOK AI.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi\Provider;

/**
 * The "google" connector, backed by the plugin's adapter and key.
 */
final class GoogleProvider extends BackedProvider {

	/**
	 * {@inheritDoc}
	 */
	public static function connector_id(): string {
		return 'google';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function label(): string {
		return 'Google';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function credentials_url(): string {
		return 'https://aistudio.google.com/api-keys';
	}
}
