<?php
/**
 * Deleting the plugin removes every copy of its data.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests;

use ByokAi\Ai\Policy;
use ByokAi\Assistant\SummaryCache;
use ByokAi\Installer;
use ByokAi\Keys\KeyStore;
use ByokAi\Providers\ProviderSettings;

/**
 * Runs uninstall.php for real. Dropping tables ends the test's transaction (DDL commits in
 * MySQL), so the test removes its post itself and reinstalls the schema afterwards.
 */
class UninstallTest extends TestCase {

	/**
	 * Keys, settings, rules, usage and counter rows, a stored summary, the capability and the
	 * daily cleanup all go.
	 */
	public function test_uninstall_removes_everything(): void {
		global $wpdb;
		$this->store_keys();
		$this->plugin()->policy()->update( array( 'visitor_ip_limit' => 5 ) );
		$post     = $this->assistant_post(
			array(
				'blockId' => 'summary00001',
				'mode'    => 'summarize',
			)
		);
		$response = $this->visit(
			array(
				'post'  => $post,
				'block' => 'summary00001',
			)
		);
		$this->assertSame( 200, $response->get_status() );
		$this->assertNotSame( '', get_post_meta( $post, SummaryCache::META, true ) );
		$tables = array( $this->plugin()->usage()->table(), $wpdb->prefix . 'byok_ai_counters' );
		foreach ( $tables as $table ) {
			$this->assertGreaterThan( 0, (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table}" ), $table ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}

		$this->plugin()->installer()->schedule();
		$this->assertNotFalse( wp_next_scheduled( Installer::CLEANUP_HOOK ) );

		try {
			if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
				define( 'WP_UNINSTALL_PLUGIN', 'byok-ai/byok-ai.php' ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- Core's constant for uninstall.php.
			}
			require dirname( __DIR__, 2 ) . '/uninstall.php';
			wp_cache_flush();

			$options = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'byok_ai_' ) . '%' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$this->assertSame( array(), $options, 'No option of the plugin is left: keys (' . KeyStore::OPTION_PREFIX . '*), ' . ProviderSettings::OPTION . ', ' . Policy::OPTION . ', ' . Installer::VERSION_OPTION . '.' );
			$this->assertSame( '', get_post_meta( $post, SummaryCache::META, true ) );
			foreach ( $tables as $table ) {
				$this->assertNull( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ) );
			}
			wp_roles()->for_site();
			$this->assertSame( array(), $this->plugin()->policy()->chat_roles() );
			$this->assertFalse( wp_next_scheduled( Installer::CLEANUP_HOOK ), 'The daily cleanup is unscheduled.' );
		} finally {
			wp_delete_post( $post, true );
			$this->plugin()->installer()->maybe_install();
			$this->plugin()->installer()->schedule();
			$wpdb->query( 'COMMIT' );
			$wpdb->query( 'START TRANSACTION' );
		}
	}
}
