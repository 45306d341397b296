<?php
/**
 * OpenAI Chat Completions API.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\OpenAi;

use ByokAi\Http\Request;
use ByokAi\Providers\AbstractProvider;

/**
 * Speaks OpenAI's API: bearer token, base URL including /v1.
 */
class OpenAiProvider extends AbstractProvider {

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'openai';
	}

	/**
	 * {@inheritDoc}
	 */
	public function label(): string {
		return __( 'OpenAI', 'byok-ai' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function settings_fields(): array {
		return $this->base_url_field( 'https://api.openai.com/v1' );
	}

	/**
	 * Lists models: free, and answers 401 for a bad key.
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function validation_request( string $key, array $settings ) {
		return new Request( 'GET', $this->url( $settings['base_url'], '/models' ), $this->headers( $key ) );
	}

	/**
	 * Returns the authentication headers; none when there is no key.
	 *
	 * @param string $key API key.
	 * @return array<string, string>
	 */
	protected function headers( string $key ): array {
		return '' === $key ? array() : array( 'Authorization' => 'Bearer ' . $key );
	}
}
