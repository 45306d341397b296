<?php
/**
 * Where WordPress has no AI Client (6.6–6.9), none of the integration loads.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\WordPressAi;

use ByokAi\Tests\TestCase;
use ByokAi\WordPressAi\Support;

/**
 * Runs on cores without the AI Client; on 7.0+ the other tests of this folder run instead.
 *
 * Covers Support::available() and the plugin's wiring of the WordPressAi folder.
 */
final class NotLoadedTest extends TestCase {

	/**
	 * Skips, with the reason, on cores that have the AI Client.
	 */
	protected function set_up(): void {
		parent::set_up();
		if ( Support::available() ) {
			$this->markTestSkipped( 'WordPress ' . get_bloginfo( 'version' ) . ' has the AI Client and Connectors: the integration loads here (ConnectorKeysTest, GateTest, AbilitiesTest); this test is for 6.6–6.9.' );
		}
	}

	/**
	 * Nothing of the folder but the check itself is loaded (no provider, gate, custody or
	 * ability class), and no hook is added.
	 */
	public function test_nothing_loads_without_the_ai_client(): void {
		$this->assertFalse( function_exists( 'wp_ai_client_prompt' ) );
		$this->assertNull( $this->plugin()->wordpress_ai );
		$loaded = array_values(
			array_filter(
				get_declared_classes(),
				static function ( string $name ): bool {
					return 0 === strpos( $name, 'ByokAi\\WordPressAi\\' );
				}
			)
		);
		// Support decides; Rules is read only by uninstall.php (its option name), which another test runs.
		$this->assertSame( array(), array_diff( $loaded, array( Support::class, \ByokAi\WordPressAi\Rules::class ) ) );
		$this->assertContains( Support::class, $loaded );
		$this->assertFalse( has_filter( 'option_connectors_ai_openai_api_key' ) );
		$this->assertFalse( has_filter( 'pre_update_option_connectors_ai_openai_api_key' ) );
		$this->assertFalse( has_action( 'wp_ai_client_before_generate_result' ) );
		$this->assertFalse( has_action( 'wp_abilities_api_init' ) );
	}

	/**
	 * Keys resolve as before: core's variable names mean nothing to the plugin here.
	 */
	public function test_keys_resolve_as_before(): void {
		putenv( 'OPENAI_API_KEY=' . self::KEYS['openai'] );
		try {
			$this->assertSame( 'missing', $this->plugin()->keys()->describe( 'openai' )['status'] );
		} finally {
			putenv( 'OPENAI_API_KEY' );
		}
		$this->assertTrue( $this->plugin()->keys()->store( 'openai', self::KEYS['openai'], 'valid' ) );
		$this->assertSame( self::KEYS['openai'], $this->plugin()->keys()->get( 'openai' ) );
		$this->assertFalse( get_option( 'connectors_ai_openai_api_key' ) );
	}
}
