<?php
/**
 * Base for tests that need WordPress's AI Client (7.0+).
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\WordPressAi;

use ByokAi\Tests\TestCase;
use ByokAi\WordPressAi\Integration;
use ByokAi\WordPressAi\Support;

/**
 * Skips, with the reason, on cores without the AI Client; gives access to the integration.
 */
abstract class AiClientTestCase extends TestCase {

	/**
	 * Skips on WordPress 6.6–6.9.
	 */
	protected function set_up(): void {
		parent::set_up();
		if ( ! Support::available() ) {
			$this->markTestSkipped( 'WordPress ' . get_bloginfo( 'version' ) . ' has no AI Client or Connectors (added in 7.0): BYOK AI loads none of its WordPress AI integration here; NotLoadedTest covers this core.' );
		}
	}

	/**
	 * Returns the running integration.
	 */
	protected function integration(): Integration {
		$integration = $this->plugin()->wordpress_ai;
		$this->assertNotNull( $integration );
		return $integration;
	}

	/**
	 * Reads an option's row as stored in the database, past every filter and cache.
	 *
	 * @param string $option Option name.
	 */
	protected function raw_option( string $option ): ?string {
		global $wpdb;
		$value = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $option ) );
		return null === $value ? null : (string) $value;
	}

	/**
	 * Saves a setting through /wp/v2/settings as an administrator, as the Connectors screen does.
	 *
	 * @param array<string, mixed> $values Settings.
	 * @return array<string, mixed> The response's data.
	 */
	protected function save_settings( array $values ): array {
		$this->act_as( 'administrator' );
		$response = $this->rest( 'POST', '/wp/v2/settings', $values );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$data = $response->get_data();
		$this->assertIsArray( $data );
		return $data;
	}
}
