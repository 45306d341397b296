<?php
/**
 * The key status tells the truth: damaged and secret-changed envelopes are found and told apart.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Keys;

use ByokAi\Admin\KeyNotice;
use ByokAi\Crypto\Secret;
use ByokAi\Crypto\Vault;
use ByokAi\Keys\KeyStore;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\FixedEnvironment;
use ByokAi\Tests\TestCase;

/**
 * One byte of a stored envelope's nonce, ciphertext or tag is flipped, as an attacker with
 * database access (or a broken backup) would: the settings, the admin notice, the chat error
 * and the block all say so, and differently from a changed secret.
 *
 * Covers KeyStore::status(), Vault, KeyNotice, the settings and chat routes and the block together.
 */
class KeyStatusTest extends TestCase {

	/**
	 * Parts of an envelope, as an offset from the start (or the end, when negative) of its body.
	 *
	 * @return array<string, array{int}>
	 */
	public function parts(): array {
		return array(
			'nonce'      => array( 8 + 5 ),
			'ciphertext' => array( 8 + 24 + 3 ),
			'tag'        => array( -3 ),
		);
	}

	/**
	 * Flips one byte of the stored envelope of a provider.
	 *
	 * @param string $provider Provider id.
	 * @param int    $offset   Byte of the body (negative: from the end).
	 */
	private function flip( string $provider, int $offset ): void {
		$record = get_option( KeyStore::OPTION_PREFIX . $provider );
		$this->assertIsArray( $record );
		$body               = sodium_base642bin( substr( $record['envelope'], 8 ), SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING );
		$index              = $offset < 0 ? strlen( $body ) + $offset : $offset;
		$body[ $index ]     = chr( ord( $body[ $index ] ) ^ 0x01 );
		$record['envelope'] = 'byokai1.' . sodium_bin2base64( $body, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING );
		update_option( KeyStore::OPTION_PREFIX . $provider, $record, false );
	}

	/**
	 * Renders the admin notice as an administrator.
	 */
	private function notice(): string {
		ob_start();
		( new KeyNotice( $this->plugin()->registry(), $this->plugin()->keys() ) )->render();
		return (string) ob_get_clean();
	}

	/**
	 * A damaged envelope shows as damaged in the settings and in an admin notice.
	 *
	 * @dataProvider parts
	 *
	 * @param int $offset Byte flipped.
	 */
	public function test_a_flipped_byte_shows_as_damaged( int $offset ): void {
		$this->store_keys();
		$this->flip( 'openai', $offset );
		$this->act_as( 'administrator' );

		$openai = $this->rest( 'GET', '/byok-ai/v1/settings' )->get_data()['providers'][1];
		$this->assertSame( 'openai', $openai['id'] );
		$this->assertSame( 'damaged', $openai['key']['status'] );
		$this->assertStringContainsString( 'damaged', (string) $openai['key']['message'] );
		$this->assertStringNotContainsString( 'secret', (string) $openai['key']['message'] );

		$html = $this->notice();
		$this->assertStringContainsString( 'OpenAI', $html );
		$this->assertStringContainsString( 'is damaged', $html );
		$this->assertStringNotContainsString( 'secret changed', $html );

		// The other keys are unharmed.
		$this->assertSame( 'valid', $this->rest( 'GET', '/byok-ai/v1/providers/anthropic' )->get_data()['key']['status'] );
	}

	/**
	 * A key sealed under another secret says so, with its own status and message.
	 */
	public function test_a_changed_secret_is_told_apart_from_damage(): void {
		$old = new KeyStore( new Vault( new Secret( new FixedEnvironment( array(), FixedEnvironment::salts( 'before rotation' ) ) ) ), new FixedEnvironment( array(), array() ), $this->plugin()->settings() );
		$old->store( 'gemini', self::KEYS['gemini'], KeyStore::STATUS_VALID );
		$this->store_keys_except( 'gemini' );
		$this->flip( 'openai', 40 );
		$this->act_as( 'administrator' );

		$providers = $this->rest( 'GET', '/byok-ai/v1/settings' )->get_data()['providers'];
		$this->assertSame( 'secret_changed', $providers[2]['key']['status'] );
		$this->assertSame( 'damaged', $providers[1]['key']['status'] );
		$this->assertNotSame( $providers[1]['key']['message'], $providers[2]['key']['message'] );

		$html = $this->notice();
		$this->assertStringContainsString( 'for Google Gemini can’t be decrypted because the site’s encryption secret changed', $html );
		$this->assertStringContainsString( 'for OpenAI is damaged', $html );
	}

	/**
	 * Once found damaged (here by the administrator's screen), the front end knows without
	 * decrypting: the provider isn't offered and isn't called.
	 */
	public function test_what_an_admin_screen_finds_is_remembered(): void {
		$this->store_keys();
		$this->flip( 'openai', -1 );
		$keys = $this->plugin()->keys();
		$this->assertSame( 'valid', $keys->describe( 'openai' )['status'], 'Without decrypting, the damage can’t be seen yet.' );

		$this->assertSame( 'damaged', $keys->describe( 'openai', true )['status'] );
		$this->assertSame( 'damaged', $keys->describe( 'openai' )['status'] );
		$this->assertFalse( $this->plugin()->chat()->is_usable( 'openai' ) );
	}

	/**
	 * A failed use is remembered too, and the error says what is wrong.
	 */
	public function test_a_failed_use_is_remembered_and_explained(): void {
		$this->store_keys();
		$this->flip( 'openai', 8 + 24 );
		$this->act_as( 'administrator' );

		$answer = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'Hi', array( 'provider' => 'openai' ) ) );
		$this->assertSame( 503, $answer->get_status() );
		$this->assertSame( 'byok_ai_key_unavailable', $this->error_code( $answer ) );
		$this->assertStringContainsString( 'damaged', $answer->get_data()['message'] );
		$this->assertStringNotContainsString( 'secret changed', $answer->get_data()['message'] );
		$this->assertSame( array(), FakeProvider::calls() );

		$this->assertSame( 'damaged', $this->plugin()->keys()->describe( 'openai' )['status'] );
	}

	/**
	 * Entering the key again clears the damage.
	 */
	public function test_entering_the_key_again_repairs_it(): void {
		$this->store_keys();
		$this->flip( 'openai', 8 + 24 );
		$this->act_as( 'administrator' );
		$this->assertSame( 'damaged', $this->rest( 'GET', '/byok-ai/v1/providers/openai' )->get_data()['key']['status'] );

		$saved = $this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ) );
		$this->assertSame( 200, $saved->get_status() );
		$this->assertSame( 'valid', $saved->get_data()['key']['status'] );
		$this->assertSame( 'valid', $this->plugin()->keys()->describe( 'openai' )['status'] );
	}

	/**
	 * A block whose only provider has no usable key tells visitors it is unavailable, without a
	 * form that could only fail.
	 */
	public function test_a_block_without_a_usable_key_says_unavailable_without_a_form(): void {
		$this->plugin()->keys()->store( 'openai', self::KEYS['openai'], KeyStore::STATUS_VALID );
		$this->flip( 'openai', 8 + 24 );
		$this->plugin()->policy()->update( array( 'primary' => 'openai' ) );
		$post = $this->assistant_post( array( 'provider' => 'openai' ) );

		$this->act_as( 'administrator' );
		$this->rest( 'GET', '/byok-ai/v1/settings' );
		wp_set_current_user( 0 );

		$html = $this->render_post( $post );
		$this->assertStringNotContainsString( '<form', $html );
		$this->assertStringContainsString( 'isn’t available', $html );
	}

	/**
	 * With a working key the same block shows its form (the test above can fail).
	 */
	public function test_a_block_with_a_usable_key_shows_its_form(): void {
		$this->plugin()->keys()->store( 'openai', self::KEYS['openai'], KeyStore::STATUS_VALID );
		$this->plugin()->policy()->update( array( 'primary' => 'openai' ) );
		$post = $this->assistant_post( array( 'provider' => 'openai' ) );

		$html = $this->render_post( $post );
		$this->assertStringContainsString( '<form', $html );
	}

	/**
	 * Stores every test key but one.
	 *
	 * @param string $skip Provider left out.
	 */
	private function store_keys_except( string $skip ): void {
		foreach ( self::KEYS as $provider => $key ) {
			if ( $provider !== $skip ) {
				$this->assertTrue( $this->plugin()->keys()->store( $provider, $key, 'valid' ) );
			}
		}
	}
}
