<?php
/**
 * The PHP API (byok_ai()).
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * What other plugins call: chat, stream, is_available.
 */
class ApiTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	/**
	 * Invalid UTF-8 and a model unknown to Gemini's URL rules never reach a provider.
	 */
	public function test_invalid_utf8_and_unsafe_gemini_model(): void {
		$result = $this->plugin()->api()->chat( $this->chat_body( "bad \xC3\x28 text" ) );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'byok_ai_invalid_chat', $result->get_error_code() );

		$this->assertFalse( $this->plugin()->registry()->get( 'gemini' )->accepts_model( 'gemini:evil' ) );
		$this->assertInstanceOf( \WP_Error::class, $this->plugin()->policy()->update( array( 'models' => array( 'gemini' => array( 'a/../b' ) ) ) ) );
		$this->assertCount( 0, FakeProvider::calls() );
	}

	/**
	 * The PHP API streams through a callback that can stop it.
	 */
	public function test_php_api_stream(): void {
		$pieces = array();
		$answer = byok_ai()->stream(
			$this->chat_body( 'a b c', array( 'provider' => 'anthropic' ) ),
			static function ( string $text ) use ( &$pieces ) {
				$pieces[] = $text;
			}
		);
		$this->assertIsArray( $answer );
		$this->assertSame( 'Echo: a b c', implode( '', $pieces ) );
		$this->assertSame( 'Echo: a b c', $answer['text'] );
		$this->assertTrue( byok_ai()->is_available( 'anthropic' ) );
		$this->plugin()->keys()->delete( 'anthropic' );
		$this->assertFalse( byok_ai()->is_available( 'anthropic' ) );
	}
}
