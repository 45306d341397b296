<?php
/**
 * Azure OpenAI Service.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\AzureOpenAi;

use ByokAi\Ai\ChatRequest;
use ByokAi\Http\Request;
use ByokAi\Http\Response;
use ByokAi\Providers\OpenAi\OpenAiProvider;

/**
 * Speaks Azure OpenAI: the Chat Completions format at the resource endpoint, the deployment in
 * the path (it decides the model), an api-version query and an api-key header.
 */
class AzureOpenAiProvider extends OpenAiProvider {

	public const DEPLOYMENT_PATTERN  = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
	public const API_VERSION_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$';

	/**
	 * The current GA data-plane api-version (learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle:
	 * "Latest GA API release: 2024-10-21"). Newer preview versions are accepted in the setting;
	 * reasoning models need 2024-12-01-preview or later.
	 */
	public const DEFAULT_API_VERSION = '2024-10-21';

	/**
	 * First api-version that takes stream_options and max_completion_tokens: "Changes between
	 * 2024-09-01-preview and 2024-08-01-preview: max_completion_tokens added … stream_options &
	 * include_usage added" (learn.microsoft.com/azure/ai-services/openai/api-version-deprecation).
	 */
	private const STREAM_OPTIONS_SINCE = '2024-09-01';

	/** The api-version of the request being built. */
	private string $api_version = self::DEFAULT_API_VERSION;

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
				'default'  => self::DEFAULT_API_VERSION,
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
		$this->api_version = $settings['api_version'];
		return Request::json( $this->chat_url( $settings ), $this->headers( $key ), $this->chat_payload( $chat, '', $max_tokens, $stream, $settings['deployment'] ) );
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
		$this->api_version = $settings['api_version'];
		return Request::json(
			$this->chat_url( $settings ),
			$this->headers( $key ),
			array(
				'messages'                => array(
					array(
						'role'    => 'user',
						'content' => 'ping',
					),
				),
				$this->max_tokens_field() => 1,
			)
		);
	}

	/**
	 * A refusal of a parameter (a reasoning deployment refusing max_tokens or a temperature)
	 * still proves the key and the deployment: Azure checks both before the parameters.
	 *
	 * @param Response $response Upstream answer.
	 * @return 'valid'|'invalid'|'forbidden'|'unavailable'|'rejected'
	 */
	public function classify_validation( Response $response ): string {
		$body = $this->error_body( $response );
		if ( 400 === $response->status && in_array( $body['error']['code'] ?? null, array( 'unsupported_parameter', 'unsupported_value' ), true ) ) {
			return 'valid';
		}
		return parent::classify_validation( $response );
	}

	/**
	 * Recognises Azure's "enabled only for api versions … and later" and "API version not
	 * supported": the administrator must change the API version setting.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function classify_error( Response $response ): string {
		if ( in_array( $response->status, array( 400, 404 ), true ) && preg_match( '/only for api versions|api[ -]version\b.*\bnot supported|unsupported api[ -]version/i', $this->error_message( $response ) ) ) {
			return 'api_version';
		}
		return parent::classify_error( $response );
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
	 * Since 2024-09-01-preview Azure reads max_completion_tokens, which reasoning deployments
	 * require; older api-versions know only max_tokens. A refusal either way is corrected once
	 * (revise_request).
	 */
	protected function max_tokens_field(): string {
		return $this->since( self::STREAM_OPTIONS_SINCE ) ? 'max_completion_tokens' : 'max_tokens';
	}

	/**
	 * Azure refuses stream_options on api-versions older than 2024-09-01-preview.
	 */
	protected function understands_stream_options(): bool {
		return $this->since( self::STREAM_OPTIONS_SINCE );
	}

	/**
	 * Whether the api-version is from $date or later (a preview counts from its date).
	 *
	 * @param string $date YYYY-MM-DD.
	 */
	private function since( string $date ): bool {
		return substr( $this->api_version, 0, 10 ) >= $date;
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
