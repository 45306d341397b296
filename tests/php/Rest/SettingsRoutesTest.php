<?php
/**
 * GET byok-ai/v1/settings, PUT byok-ai/v1/providers/{provider}, POST …/key/validation.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Crypto\Secret;
use ByokAi\Crypto\Vault;
use ByokAi\Keys\KeyStore;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\FixedEnvironment;
use ByokAi\Tests\TestCase;

/**
 * What the settings page reads and changes, as an administrator.
 */
class SettingsRoutesTest extends TestCase {

	/**
	 * Logs in as an administrator.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->act_as( 'administrator' );
	}

	public function test_settings_list_every_provider_with_masks_only(): void {
		$this->rest( 'PUT', '/byok-ai/v1/providers/anthropic/key', array( 'key' => self::KEYS['anthropic'] ) );
		$response = $this->rest( 'GET', '/byok-ai/v1/settings' );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertTrue( $data['encryption']['ready'] );
		$this->assertSame( 'salts', $data['encryption']['source'] );
		$this->assertSame( array( 'anthropic', 'openai', 'gemini', 'azure_openai', 'openai_compatible' ), array_column( $data['providers'], 'id' ) );
		$this->assertSame( 'sk-ant-…WXYZ', $data['providers'][0]['key']['hint'] );
		$this->assertSame( 'missing', $data['providers'][1]['key']['status'] );
		$this->assertSame( 'BYOK_AI_OPENAI_API_KEY', $data['providers'][1]['key']['variable'] );
		$this->assertFalse( $data['providers'][4]['requires_key'] );
	}

	public function test_a_key_sealed_under_an_old_secret_shows_secret_changed(): void {
		$old = new KeyStore( new Vault( new Secret( new FixedEnvironment( array(), FixedEnvironment::salts( 'before rotation' ) ) ) ), new FixedEnvironment( array(), array() ) );
		$old->store( 'openai', self::KEYS['openai'], KeyStore::STATUS_VALID );

		$provider = $this->rest( 'GET', '/byok-ai/v1/settings' )->get_data()['providers'][1];
		$this->assertSame( 'secret_changed', $provider['key']['status'] );
		$this->assertStringContainsString( 'Enter the key again', $provider['key']['message'] );

		$test = $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' );
		$this->assertSame( 409, $test->get_status() );
		$this->assertSame( 'byok_ai_secret_changed', $this->error_code( $test ) );
	}

	public function test_the_admin_notice_names_keys_sealed_under_an_old_secret(): void {
		$old = new KeyStore( new Vault( new Secret( new FixedEnvironment( array(), FixedEnvironment::salts( 'before rotation' ) ) ) ), new FixedEnvironment( array(), array() ) );
		$old->store( 'gemini', self::KEYS['gemini'], KeyStore::STATUS_VALID );
		$notice = new \ByokAi\Admin\KeyNotice( $this->plugin()->registry, $this->plugin()->keys );

		ob_start();
		$notice->render();
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'Google Gemini', $html );
		$this->assertStringContainsString( 'options-general.php?page=byok-ai', $html );

		wp_set_current_user( $this->make_user( 'editor' ) );
		ob_start();
		$notice->render();
		$this->assertSame( '', ob_get_clean() );
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

	public function test_testing_again_updates_the_status(): void {
		$this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ) );
		FakeProvider::reset();

		$response = $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertTrue( $response->get_data()['valid'] );
		$this->assertCount( 1, FakeProvider::calls() );

		// The key is later revoked upstream: simulate by storing a key the fake rejects.
		$this->plugin()->keys->store( 'openai', 'sk-proj-BYOKTEST-invalid-revoked-000000', KeyStore::STATUS_VALID );
		$response = $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' );
		$this->assertFalse( $response->get_data()['valid'] );
		$this->assertSame( 'byok_ai_key_invalid', $response->get_data()['code'] );
		$this->assertSame( 'invalid', $response->get_data()['provider']['key']['status'] );
	}

	public function test_testing_needs_a_key_except_for_keyless_servers(): void {
		$this->assertSame( 404, $this->rest( 'POST', '/byok-ai/v1/providers/anthropic/key/validation' )->get_status() );
		$response = $this->rest( 'POST', '/byok-ai/v1/providers/openai_compatible/key/validation' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertTrue( $response->get_data()['valid'] );
		$this->assertNotContains( 'authorization', FakeProvider::calls()[0]['headerNames'] );
	}

	public function test_validation_refuses_a_body(): void {
		$this->assertSame( 400, $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation', array( 'key' => 'x' ) )->get_status() );
	}
}
