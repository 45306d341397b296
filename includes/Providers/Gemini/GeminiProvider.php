<?php
/**
 * Google Gemini API.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\Gemini;

use ByokAi\Http\Request;
use ByokAi\Http\Response;
use ByokAi\Providers\AbstractProvider;

/**
 * Speaks the Gemini API. The key always travels in the x-goog-api-key header, never in a URL.
 */
class GeminiProvider extends AbstractProvider {

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'gemini';
	}

	/**
	 * {@inheritDoc}
	 */
	public function label(): string {
		return __( 'Google Gemini', 'byok-ai' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function settings_fields(): array {
		return $this->base_url_field( 'https://generativelanguage.googleapis.com/v1beta' );
	}

	/**
	 * Lists models: free, and answers 400/403 for a bad key.
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function validation_request( string $key, array $settings ) {
		return new Request( 'GET', $this->url( $settings['base_url'], '/models?pageSize=1' ), $this->headers( $key ) );
	}

	/**
	 * Gemini answers a wrong key with 400 and reason API_KEY_INVALID rather than 401.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function classify_validation( Response $response ): string {
		if ( 400 === $response->status ) {
			$body    = $response->json();
			$details = $body['error']['details'] ?? array();
			foreach ( is_array( $details ) ? $details : array() as $detail ) {
				if ( is_array( $detail ) && 'API_KEY_INVALID' === ( $detail['reason'] ?? '' ) ) {
					return 'invalid';
				}
			}
		}
		return parent::classify_validation( $response );
	}

	/**
	 * Returns the authentication headers.
	 *
	 * @param string $key API key.
	 * @return array<string, string>
	 */
	protected function headers( string $key ): array {
		return array( 'x-goog-api-key' => $key );
	}
}
