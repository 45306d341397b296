<?php
/**
 * OpenAI-compatible servers: Ollama, LM Studio, OpenRouter, vLLM, LiteLLM…
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\OpenAiCompatible;

use ByokAi\Providers\OpenAi\OpenAiProvider;

/**
 * The OpenAI wire format at an administrator-chosen base URL, with an optional key.
 */
class OpenAiCompatibleProvider extends OpenAiProvider {

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'openai_compatible';
	}

	/**
	 * {@inheritDoc}
	 */
	public function label(): string {
		return __( 'OpenAI-compatible server', 'byok-ai' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function requires_key(): bool {
		return false;
	}

	/**
	 * Gateways issue keys in every format, so any key is accepted here.
	 *
	 * @param string|null $vendor Guessed vendor.
	 */
	public function accepts_key_vendor( ?string $vendor ): bool {
		return true;
	}

	/**
	 * {@inheritDoc}
	 */
	public function settings_fields(): array {
		return array(
			'base_url'      => array(
				'type'     => 'url',
				'label'    => __( 'Base URL', 'byok-ai' ),
				'required' => true,
				'default'  => '',
				'help'     => __( 'The server’s OpenAI-compatible root, e.g. http://localhost:11434/v1 for Ollama, http://localhost:1234/v1 for LM Studio, https://openrouter.ai/api/v1 for OpenRouter.', 'byok-ai' ),
			),
			'default_model' => array(
				'type'     => 'text',
				'label'    => __( 'Default model', 'byok-ai' ),
				'required' => false,
				'default'  => '',
				'pattern'  => '^[A-Za-z0-9._:/@+-]{1,128}$',
				'help'     => __( 'e.g. llama3.2 or openai/gpt-4o-mini', 'byok-ai' ),
			),
		);
	}

	/**
	 * The model the administrator named for this server.
	 *
	 * @param array<string, string> $settings Settings.
	 */
	public function default_model( array $settings ): string {
		return $settings['default_model'] ?? '';
	}

	/**
	 * Servers speaking the format (Ollama, LM Studio, vLLM, OpenRouter) read max_tokens.
	 */
	protected function max_tokens_field(): string {
		return 'max_tokens';
	}
}
