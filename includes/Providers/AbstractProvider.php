<?php
/**
 * Shared plumbing for provider adapters.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers;

use ByokAi\Http\Response;
use WP_Error;

/**
 * Builds URLs from administrator-set bases and checks the parts that go into paths.
 */
abstract class AbstractProvider implements Provider {

	/**
	 * {@inheritDoc}
	 */
	public function requires_key(): bool {
		return true;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param string|null $vendor Guessed vendor.
	 */
	public function accepts_key_vendor( ?string $vendor ): bool {
		return null === $vendor || $this->id() === $vendor;
	}

	/**
	 * Reads the answer to a validation request by status code: 2xx valid, 401 invalid key,
	 * 403 no access, 408/429/5xx temporarily unavailable, anything else a rejected request
	 * (wrong base URL, unknown deployment…).
	 *
	 * @param Response $response Upstream answer.
	 * @return 'valid'|'invalid'|'forbidden'|'unavailable'|'rejected'
	 */
	public function classify_validation( Response $response ): string {
		$status = $response->status;
		if ( $status >= 200 && $status < 300 ) {
			return 'valid';
		}
		if ( 401 === $status ) {
			return 'invalid';
		}
		if ( 403 === $status ) {
			return 'forbidden';
		}
		if ( 408 === $status || 429 === $status || $status >= 500 ) {
			return 'unavailable';
		}
		return 'rejected';
	}

	/**
	 * Joins a base URL and a path.
	 *
	 * @param string $base Base URL, already validated by ProviderSettings.
	 * @param string $path Path below it.
	 */
	protected function url( string $base, string $path ): string {
		return rtrim( $base, '/' ) . '/' . ltrim( $path, '/' );
	}

	/**
	 * Returns a required setting, or an error naming the missing field.
	 *
	 * @param array<string, string> $settings Settings.
	 * @param string                $name     Field name.
	 * @return string|WP_Error
	 */
	protected function required_setting( array $settings, string $name ) {
		$value = $settings[ $name ] ?? '';
		if ( '' !== $value ) {
			return $value;
		}
		$fields = $this->settings_fields();
		return new WP_Error(
			'byok_ai_provider_incomplete',
			sprintf(
				/* translators: 1: provider name, 2: setting name. */
				__( '%1$s needs “%2$s” before a key can be checked. Save the connection settings first.', 'byok-ai' ),
				$this->label(),
				isset( $fields[ $name ] ) ? $fields[ $name ]['label'] : $name
			),
			array( 'status' => 400 )
		);
	}

	/**
	 * The base URL field most adapters share.
	 *
	 * @param string $default_url Provider's public endpoint.
	 * @return array<string, array{type: 'url'|'text', label: string, required: bool, default: string, help?: string}>
	 */
	protected function base_url_field( string $default_url ): array {
		return array(
			'base_url' => array(
				'type'     => 'url',
				'label'    => __( 'Base URL', 'byok-ai' ),
				'required' => true,
				'default'  => $default_url,
				'help'     => __( 'Change only to go through a gateway or proxy you trust.', 'byok-ai' ),
			),
		);
	}
}
