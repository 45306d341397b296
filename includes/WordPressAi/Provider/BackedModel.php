<?php
/**
 * A text model of a plugin-backed AI Client provider.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi\Provider;

use WordPress\AiClient\Common\Exception\RuntimeException;
use WordPress\AiClient\Providers\ApiBasedImplementation\Contracts\ApiBasedModelInterface;
use WordPress\AiClient\Providers\DTO\ProviderMetadata;
use WordPress\AiClient\Providers\Http\DTO\RequestOptions;
use WordPress\AiClient\Providers\Models\DTO\ModelConfig;
use WordPress\AiClient\Providers\Models\DTO\ModelMetadata;
use WordPress\AiClient\Providers\Models\TextGeneration\Contracts\TextGenerationModelInterface;
use WordPress\AiClient\Results\DTO\GenerativeAiResult;

/**
 * Generates text through the plugin's chat engine (see Backend::generate()). Request options
 * are accepted for the builder's sake; the administrator's timeout applies.
 */
class BackedModel implements TextGenerationModelInterface, ApiBasedModelInterface {

	private ModelMetadata $metadata;
	private ProviderMetadata $provider;
	private ModelConfig $config;
	private ?RequestOptions $options = null;

	/**
	 * Stores the metadata.
	 *
	 * @param ModelMetadata    $metadata Model.
	 * @param ProviderMetadata $provider Provider.
	 */
	public function __construct( ModelMetadata $metadata, ProviderMetadata $provider ) {
		$this->metadata = $metadata;
		$this->provider = $provider;
		$this->config   = new ModelConfig();
	}

	/**
	 * {@inheritDoc}
	 */
	public function metadata(): ModelMetadata {
		return $this->metadata;
	}

	/**
	 * {@inheritDoc}
	 */
	public function providerMetadata(): ProviderMetadata {
		return $this->provider;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param ModelConfig $config Configuration.
	 */
	public function setConfig( ModelConfig $config ): void {
		$this->config = $config;
	}

	/**
	 * {@inheritDoc}
	 */
	public function getConfig(): ModelConfig {
		return $this->config;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param RequestOptions $request_options Options.
	 */
	public function setRequestOptions( RequestOptions $request_options ): void {
		$this->options = $request_options;
	}

	/**
	 * {@inheritDoc}
	 */
	public function getRequestOptions(): ?RequestOptions {
		return $this->options;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param array $prompt Messages.
	 * @phpstan-param list<\WordPress\AiClient\Messages\DTO\Message> $prompt
	 * @throws RuntimeException When the plugin isn't running.
	 */
	public function generateTextResult( array $prompt ): GenerativeAiResult {
		$backend = BackedProvider::backend();
		if ( null === $backend ) {
			throw new RuntimeException( 'BYOK AI is not running.' );
		}
		return $backend->generate( $this, $this->provider, $this->config, $prompt );
	}
}
