<?php
/**
 * Azure OpenAI Service.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\AzureOpenAi;

use ByokAi\Http\Request;
use ByokAi\Providers\AbstractProvider;

/**
 * Speaks Azure OpenAI: resource endpoint, deployment in the path, api-version query, api-key header.
 */
class AzureOpenAiProvider extends AbstractProvider {

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
			$this->deployment_url( $settings, 'chat/completions' ),
			array( 'api-key' => $key ),
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
	 * Builds a URL below the deployment. The deployment id was checked against DEPLOYMENT_PATTERN
	 * when saved, and is encoded here as well.
	 *
	 * @param array<string, string> $settings  Settings.
	 * @param string                $operation Path below the deployment.
	 */
	protected function deployment_url( array $settings, string $operation ): string {
		return add_query_arg(
			'api-version',
			rawurlencode( $settings['api_version'] ),
			$this->url( $settings['endpoint'], '/openai/deployments/' . rawurlencode( $settings['deployment'] ) . '/' . $operation )
		);
	}
}
