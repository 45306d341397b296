<?php
/**
 * GET byok-ai/v1/settings.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Crypto\Secret;
use ByokAi\Crypto\Vault;
use ByokAi\Keys\KeyStore;
use ByokAi\Tests\FixedEnvironment;
use ByokAi\Tests\TestCase;

/**
 * What the settings page reads, as an administrator.
 */
class SettingsControllerTest extends TestCase {

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
		$notice = new \ByokAi\Admin\KeyNotice( $this->plugin()->registry(), $this->plugin()->keys() );

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
}
