<?php
/**
 * The providers the plugin knows.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers;

use ByokAi\Providers\Anthropic\AnthropicProvider;
use ByokAi\Providers\AzureOpenAi\AzureOpenAiProvider;
use ByokAi\Providers\Gemini\GeminiProvider;
use ByokAi\Providers\OpenAi\OpenAiProvider;
use ByokAi\Providers\OpenAiCompatible\OpenAiCompatibleProvider;

/**
 * Holds one adapter per provider id, in display order.
 */
class Registry {

	/** @var array<string, Provider> Adapters by id. */
	private array $providers = array();

	/**
	 * Stores the adapters.
	 *
	 * @param Provider ...$providers Adapters.
	 */
	public function __construct( Provider ...$providers ) {
		foreach ( $providers as $provider ) {
			$this->providers[ $provider->id() ] = $provider;
		}
	}

	/**
	 * Builds the registry of the five built-in providers.
	 */
	public static function with_defaults(): self {
		return new self(
			new AnthropicProvider(),
			new OpenAiProvider(),
			new GeminiProvider(),
			new AzureOpenAiProvider(),
			new OpenAiCompatibleProvider()
		);
	}

	/**
	 * Returns the adapter for an id, or null.
	 *
	 * @param string $id Provider id.
	 */
	public function get( string $id ): ?Provider {
		return $this->providers[ $id ] ?? null;
	}

	/**
	 * Returns every adapter, by id.
	 *
	 * @return array<string, Provider>
	 */
	public function all(): array {
		return $this->providers;
	}

	/**
	 * Returns every provider id.
	 *
	 * @return list<string>
	 */
	public function ids(): array {
		return array_keys( $this->providers );
	}
}
