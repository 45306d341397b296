<?php
/**
 * OpenAI as an AI Client provider, through BYOK AI.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi\Provider;

/**
 * The "openai" connector, backed by the plugin's adapter and key.
 */
final class OpenAiProvider extends BackedProvider {

	/**
	 * {@inheritDoc}
	 */
	public static function connector_id(): string {
		return 'openai';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function label(): string {
		return 'OpenAI';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function credentials_url(): string {
		return 'https://platform.openai.com/api-keys';
	}
}
