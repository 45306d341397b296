<?php
/**
 * OpenAI-compatible server as an AI Client provider, through BYOK AI.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi\Provider;

/**
 * The "openai-compatible" connector, backed by the plugin's adapter and key.
 */
final class OpenAiCompatibleProvider extends BackedProvider {

	/**
	 * {@inheritDoc}
	 */
	public static function connector_id(): string {
		return 'openai-compatible';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function label(): string {
		return 'OpenAI-compatible server';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function type(): \WordPress\AiClient\Providers\Enums\ProviderTypeEnum {
		return \WordPress\AiClient\Providers\Enums\ProviderTypeEnum::server();
	}
}
