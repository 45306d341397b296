<?php
/**
 * Azure OpenAI Service.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\AzureOpenAi;

use ByokAi\Ai\ChatRequest;
use ByokAi\Http\Request;
use ByokAi\Providers\OpenAi\OpenAiProvider;

/**
 * Speaks Azure OpenAI: the Chat Completions format at the resource endpoint, the deployment in
 * the path (it decides the model), an api-version query and an api-key header.
 */
class AzureOpenAiProvider extends OpenAiProvider {

	public const DEPLOYMENT_PATTERN  = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
	public const API_VERSION_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$';

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'azure_openai';
	}

	/**
	 * {@inheritDoc}
	 */
	public function label(): string {
		return __( 'Azure OpenAI', 'byok-ai' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function settings_fields(): array {
		return array(
			'endpoint'    => array(
				'type'     => 'url',
				'label'    => __( 'Endpoint', 'byok-ai' ),
				'required' => true,
				'default'  => '',
				'help'     => __( 'Your resource’s endpoint, e.g. https://my-resource.openai.azure.com', 'byok-ai' ),
			),
			'deployment'  => array(
				'type'     => 'text',
				'label'    => __( 'Deployment', 'byok-ai' ),
				'required' => true,
				'default'  => '',
				'pattern'  => self::DEPLOYMENT_PATTERN,
			),
			'api_version' => array(
				'type'     => 'text',
				'label'    => __( 'API version', 'byok-ai' ),
				'required' => true,
				'default'  => '2024-10-21',
				'pattern'  => self::API_VERSION_PATTERN,
			),
		);
	}

	/**
	 * Keys are the resource's own (32 hexadecimal characters), not OpenAI's.
	 *
	 * @param string|null $vendor Guessed vendor.
	 */
	public function accepts_key_vendor( ?string $vendor ): bool {
		return null === $vendor;
	}

	/**
	 * The deployment is the model.
	 *
	 * @param array<string, string> $settings Settings.
	 */
	public function default_model( array $settings ): string {
		return $settings['deployment'] ?? '';
	}

	/**
	 * A deployment has one model; there is nothing to list.
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function models_request( string $key, array $settings ) {
		return null;
	}

	/**
	 * Sends to the configured deployment; the model named by the policy is the deployment itself.
	 *
	 * @param ChatRequest           $chat       Normalized request.
	 * @param string                $model      Model (the deployment).
	 * @param int                   $max_tokens Output cap.
	 * @param string                $key        API key.
	 * @param array<string, string> $settings   Settings.
	 * @param bool                  $stream     Streamed answer.
	 */
	public function chat_request( ChatRequest $chat, string $model, int $max_tokens, string $key, array $settings, bool $stream ) {
		foreach ( array( 'endpoint', 'deployment', 'api_version' ) as $name ) {
			$value = $this->required_setting( $settings, $name );
			if ( is_wp_error( $value ) ) {
				return $value;
			}
		}
		return Request::json( $this->chat_url( $settings ), $this->headers( $key ), $this->chat_payload( $chat, '', $max_tokens, $stream ) );
	}

	/**
	 * Sends a one-token completion to the deployment: the only call that proves key and deployment together.
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function validation_request( string $key, array $settings ) {
		foreach ( array( 'endpoint', 'deployment', 'api_version' ) as $name ) {
			$value = $this->required_setting( $settings, $name );
			if ( is_wp_error( $value ) ) {
				return $value;
			}
		}
		return Request::json(
			$this->chat_url( $settings ),
			$this->headers( $key ),
			array(
				'messages'   => array(
					array(
						'role'    => 'user',
						'content' => 'ping',
					),
				),
				'max_tokens' => 1,
			)
		);
	}

	/**
	 * Builds the deployment's Chat Completions URL. The deployment id was checked against
	 * DEPLOYMENT_PATTERN when saved, and is encoded here as well.
	 *
	 * @param array<string, string> $settings Settings.
	 */
	protected function chat_url( array $settings ): string {
		return add_query_arg(
			'api-version',
			rawurlencode( $settings['api_version'] ),
			$this->url( $settings['endpoint'], '/openai/deployments/' . rawurlencode( $settings['deployment'] ) . '/chat/completions' )
		);
	}

	/**
	 * Azure reads max_tokens.
	 */
	protected function max_tokens_field(): string {
		return 'max_tokens';
	}

	/**
	 * Returns the authentication header.
	 *
	 * @param string $key API key.
	 * @return array<string, string>
	 */
	protected function headers( string $key ): array {
		return array( 'api-key' => $key );
	}
}
