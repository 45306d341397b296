<?php
/**
 * Tests for the key store.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Keys;

use ByokAi\Crypto\Secret;
use ByokAi\Crypto\Vault;
use ByokAi\Keys\KeyStore;
use ByokAi\Tests\FixedEnvironment;
use ByokAi\Tests\TestCase;

/**
 * KeyStore: sources, storage at rest, status.
 */
class KeyStoreTest extends TestCase {

	public function test_a_stored_key_is_encrypted_at_rest_and_not_autoloaded(): void {
		global $wpdb;
		$keys = $this->plugin()->keys();
		$this->assertTrue( $keys->store( 'openai', self::KEYS['openai'], KeyStore::STATUS_VALID ) );

		$row = $wpdb->get_row( $wpdb->prepare( "SELECT option_value, autoload FROM {$wpdb->options} WHERE option_name = %s", 'byok_ai_key_openai' ), ARRAY_A );
		$this->assertIsArray( $row );
		// 'off' since WordPress 6.6 (update_option( …, false )); every value that loads is listed by core.
		$this->assertSame( 'off', $row['autoload'] );
		$this->assertNotContains( $row['autoload'], wp_autoload_values_to_autoload() );
		$this->assert_no_key_in( $row['option_value'] );
		$this->assertArrayNotHasKey( 'byok_ai_key_openai', wp_load_alloptions() );

		$this->assertSame( self::KEYS['openai'], $keys->get( 'openai' ) );
		$state = $keys->describe( 'openai' );
		$this->assertSame( 'database', $state['source'] );
		$this->assertSame( 'valid', $state['status'] );
		$this->assertSame( 'sk-…QRST', $state['hint'] );
		$this->assertIsInt( $state['validated_at'] );
	}

	public function test_an_environment_variable_wins_over_the_database(): void {
		$keys = $this->plugin()->keys();
		$keys->store( 'anthropic', self::KEYS['anthropic'], KeyStore::STATUS_VALID );
		putenv( 'BYOK_AI_ANTHROPIC_API_KEY= sk-ant-api03-from-environment-0000ABCD ' );
		// A key from the environment only goes to an endpoint set there too (or the default).
		putenv( 'BYOK_AI_ANTHROPIC_BASE_URL=' . \ByokAi\Tests\FakeProvider::base_url( 'anthropic' ) );
		try {
			$this->assertSame( 'sk-ant-api03-from-environment-0000ABCD', $keys->get( 'anthropic' ) );
			$state = $keys->describe( 'anthropic' );
		} finally {
			putenv( 'BYOK_AI_ANTHROPIC_API_KEY' );
			putenv( 'BYOK_AI_ANTHROPIC_BASE_URL' );
		}
		$this->assertSame( 'environment', $state['source'] );
		$this->assertSame( 'environment', $state['status'] );
		$this->assertSame( 'sk-ant-…ABCD', $state['hint'] );
		$this->assertSame( self::KEYS['anthropic'], $keys->get( 'anthropic' ) );
	}

	public function test_order_is_environment_then_constant_then_database(): void {
		$vault = new Vault( new Secret( new FixedEnvironment( array(), FixedEnvironment::salts() ) ) );
		$db    = new KeyStore( $vault, new FixedEnvironment( array(), FixedEnvironment::salts() ) );
		$db->store( 'gemini', self::KEYS['gemini'], KeyStore::STATUS_VALID );

		$constant = new KeyStore( $vault, new FixedEnvironment( array(), array( 'BYOK_AI_GEMINI_API_KEY' => 'AIza-from-constant-000000WXYZ' ) ) );
		$both     = new KeyStore(
			$vault,
			new FixedEnvironment( array( 'BYOK_AI_GEMINI_API_KEY' => 'AIza-from-environment-00LMNO' ), array( 'BYOK_AI_GEMINI_API_KEY' => 'AIza-from-constant-000000WXYZ' ) )
		);

		$this->assertSame( self::KEYS['gemini'], $db->get( 'gemini' ) );
		$this->assertSame( 'AIza-from-constant-000000WXYZ', $constant->get( 'gemini' ) );
		$this->assertSame( 'constant', $constant->describe( 'gemini' )['status'] );
		$this->assertSame( 'AIza-from-environment-00LMNO', $both->get( 'gemini' ) );
		$this->assertSame( 'environment', $both->describe( 'gemini' )['source'] );
	}

	public function test_a_changed_secret_marks_the_key_secret_changed(): void {
		$this->plugin()->keys()->store( 'openai', self::KEYS['openai'], KeyStore::STATUS_VALID );

		$rotated = new KeyStore( new Vault( new Secret( new FixedEnvironment( array(), FixedEnvironment::salts( 'rotated' ) ) ) ), new FixedEnvironment( array(), array() ) );
		$state   = $rotated->describe( 'openai' );
		$this->assertSame( 'secret_changed', $state['status'] );
		$this->assertSame( 'sk-…QRST', $state['hint'] );
		$this->assertStringContainsString( 'Enter the key again', (string) $state['message'] );

		$result = $rotated->get( 'openai' );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'byok_ai_secret_changed', $result->get_error_code() );
	}

	public function test_an_envelope_copied_to_another_provider_does_not_open(): void {
		$keys = $this->plugin()->keys();
		$keys->store( 'openai', self::KEYS['openai'], KeyStore::STATUS_VALID );
		// Copied with the other provider's endpoint, so only the envelope's own binding can refuse it.
		$copy             = get_option( 'byok_ai_key_openai' );
		$copy['endpoint'] = $this->plugin()->settings()->endpoint( $this->plugin()->registry()->get( 'openai_compatible' ) );
		update_option( 'byok_ai_key_openai_compatible', $copy, false );

		$result = $keys->get( 'openai_compatible' );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'byok_ai_envelope_invalid', $result->get_error_code() );
	}

	public function test_delete_removes_the_key_from_database_and_cache(): void {
		$keys = $this->plugin()->keys();
		$keys->store( 'openai', self::KEYS['openai'], KeyStore::STATUS_VALID );
		$keys->delete( 'openai' );
		$this->assertFalse( wp_cache_get( 'byok_ai_key_openai', 'options' ) );
		$this->assertFalse( get_option( 'byok_ai_key_openai' ) );
		$this->assertNull( $keys->get( 'openai' ) );
		$this->assertSame( 'missing', $keys->describe( 'openai' )['status'] );
	}
}
