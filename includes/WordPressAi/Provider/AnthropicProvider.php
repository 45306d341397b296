<?php
/**
 * Anthropic as an AI Client provider, through BYOK AI.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi\Provider;

/**
 * The "anthropic" connector, backed by the plugin's adapter and key.
 */
final class AnthropicProvider extends BackedProvider {

	/**
	 * {@inheritDoc}
	 */
	public static function connector_id(): string {
		return 'anthropic';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function label(): string {
		return 'Anthropic';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function credentials_url(): string {
		return 'https://platform.claude.com/settings/keys';
	}
}
