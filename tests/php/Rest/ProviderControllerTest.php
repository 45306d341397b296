<?php
/**
 * PUT byok-ai/v1/providers/{provider}.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Tests\TestCase;

/**
 * A provider's connection settings, as an administrator.
 */
class ProviderControllerTest extends TestCase {

	/**
	 * Logs in as an administrator.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->act_as( 'administrator' );
	}

	public function test_provider_settings_are_validated_and_saved(): void {
		$response = $this->rest(
			'PUT',
			'/byok-ai/v1/providers/azure_openai',
			array(
				'settings' => array(
					'endpoint'    => 'https://my-resource.openai.azure.com/',
					'deployment'  => 'gpt-4o-mini',
					'api_version' => '2024-10-21',
				),
			)
		);
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'https://my-resource.openai.azure.com', $response->get_data()['settings']['endpoint'] );
	}

	/**
	 * Settings that must be refused.
	 *
	 * @return array<string, array{string, array<string, string>, string}>
	 */
	public function bad_settings(): array {
		return array(
			'javascript url'        => array( 'openai', array( 'base_url' => 'javascript:alert(1)' ), 'byok_ai_invalid_setting' ),
			'file url'              => array( 'openai', array( 'base_url' => 'file:///etc/passwd' ), 'byok_ai_invalid_setting' ),
			'credentials in url'    => array( 'openai', array( 'base_url' => 'https://user:pass@api.openai.com/v1' ), 'byok_ai_invalid_setting' ),
			'query in url'          => array( 'gemini', array( 'base_url' => 'https://example.com/v1?key=x' ), 'byok_ai_invalid_setting' ),
			'deployment with slash' => array( 'azure_openai', array( 'deployment' => '../../admin' ), 'byok_ai_invalid_setting' ),
			'bad api version'       => array( 'azure_openai', array( 'api_version' => 'latest' ), 'byok_ai_invalid_setting' ),
			'unknown setting'       => array( 'openai', array( 'endpoint' => 'https://x.test' ), 'byok_ai_unknown_setting' ),
			'bad model name'        => array( 'openai_compatible', array( 'default_model' => 'llama 3; rm' ), 'byok_ai_invalid_setting' ),
		);
	}

	/**
	 * Bad settings are refused with a field-specific error.
	 *
	 * @dataProvider bad_settings
	 *
	 * @param string                $provider Provider id.
	 * @param array<string, string> $settings Settings.
	 * @param string                $code     Expected code.
	 */
	public function test_bad_settings_are_refused( string $provider, array $settings, string $code ): void {
		$before   = get_option( 'byok_ai_provider_settings' );
		$response = $this->rest( 'PUT', "/byok-ai/v1/providers/$provider", array( 'settings' => $settings ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( $code, $this->error_code( $response ) );
		$this->assertSame( $before, get_option( 'byok_ai_provider_settings' ) );
	}

	public function test_settings_body_must_be_an_object_of_strings_without_extras(): void {
		$bodies = array(
			array(),
			array( 'settings' => 'x' ),
			array( 'settings' => array( 'base_url' => 5 ) ),
			array(
				'settings' => array(),
				'extra'    => 1,
			),
		);
		foreach ( $bodies as $body ) {
			$this->assertSame( 400, $this->rest( 'PUT', '/byok-ai/v1/providers/openai', $body )->get_status(), (string) wp_json_encode( $body ) );
		}
	}
}
