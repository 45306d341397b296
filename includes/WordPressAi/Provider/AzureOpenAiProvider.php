<?php
/**
 * Azure OpenAI as an AI Client provider, through BYOK AI.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi\Provider;

/**
 * The "azure-openai" connector, backed by the plugin's adapter and key.
 */
final class AzureOpenAiProvider extends BackedProvider {

	/**
	 * {@inheritDoc}
	 */
	public static function connector_id(): string {
		return 'azure-openai';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function label(): string {
		return 'Azure OpenAI';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function credentials_url(): string {
		return 'https://portal.azure.com/';
	}
}
