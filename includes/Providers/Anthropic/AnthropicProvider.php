<?php
/**
 * Anthropic Messages API.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\Anthropic;

use ByokAi\Http\Request;
use ByokAi\Providers\AbstractProvider;

/**
 * Speaks Anthropic's API: x-api-key header, anthropic-version header, /v1 paths.
 */
class AnthropicProvider extends AbstractProvider {

	public const API_VERSION = '2023-06-01';

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'anthropic';
	}

	/**
	 * {@inheritDoc}
	 */
	public function label(): string {
		return __( 'Anthropic', 'byok-ai' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function settings_fields(): array {
		return $this->base_url_field( 'https://api.anthropic.com' );
	}

	/**
	 * Lists models: free, and answers 401 for a bad key.
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function validation_request( string $key, array $settings ) {
		return new Request( 'GET', $this->url( $settings['base_url'], '/v1/models?limit=1' ), $this->headers( $key ) );
	}

	/**
	 * Returns the authentication headers.
	 *
	 * @param string $key API key.
	 * @return array<string, string>
	 */
	protected function headers( string $key ): array {
		return array(
			'x-api-key'         => $key,
			'anthropic-version' => self::API_VERSION,
		);
	}
}
