<?php
/**
 * A request that doesn't use the plugin costs no SQL query (issue 13: idle cost ≈ 0).
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests;

use ByokAi\WordPressAi\Support;

/**
 * Runs the same request twice in fresh PHP processes (tests/php/idle-request.php), against the
 * committed test database: once without the plugin, once with it, and compares their SQL.
 *
 * Why processes: in the PHPUnit process the plugin was loaded before the first test and its
 * hooks can't be taken back, so there is no baseline to compare with there.
 *
 * PENDING and PENDING_ALL list the queries the plugin still adds, each with the owner of the code that adds it,
 * until phase 2 of issue 13 removes them (see /tmp/team/perf-findings.md at the time). It is a
 * ratchet: any other query fails the test, and an entry that no longer happens fails it too, so
 * the list can only shrink.
 */
class IdleCostTest extends TestCase {

	/**
	 * Queries the plugin still adds on WordPress 7.0+ (its integration with WordPress's AI):
	 * pattern => why.
	 */
	private const PENDING = array(
		"/option_name = 'connectors_ai_[a-z_]+_api_key'/" => 'WordPressAi\ConnectorKeys::settle() reads each Connectors key option (not autoloaded) at init 2 to adopt plaintext keys',
		"/option_name = 'byok_ai_key_[a-z_]+'/"           => 'WordPressAi\ConnectorKeys::mask_for() → KeyStore::describe() reads each key record (never autoloaded) when core reads the Connectors options at init 20',
	);

	/**
	 * Routes registered on every REST request on 7.0+: WordPressAi\Integration::register_routes()
	 * (rest_api_init) doesn't ask Plugin::serves_routes() yet.
	 */
	private const PENDING_ROUTES = array( '/byok-ai/v1', '/byok-ai/v1/wordpress-ai' );

	/**
	 * Queries the plugin still adds on every WordPress version: pattern => why.
	 */
	private const PENDING_ALL = array(
		"/option_name = 'can_compress_scripts'/" => 'Assistant\Block::register_block() registers the editor script by path (register_block_type), which builds wp_scripts() (wp_default_scripts, script_concat_settings) on every request',
	);

	/**
	 * A REST route of another namespace.
	 */
	public function test_an_unrelated_rest_route_costs_no_query(): void {
		$this->assert_idle( '/?rest_route=/wp/v2/types/post', true );
	}

	/**
	 * The plugin's routes are registered for its own namespace (and the index), not for another's.
	 * PENDING_ROUTES: routes still registered for every REST request, by code Plugin doesn't wire.
	 */
	public function test_routes_are_registered_only_where_they_can_be_reached(): void {
		$unrelated = $this->request( 'on', '/?rest_route=/wp/v2/types/post' )['routes'];
		$this->assertEqualsCanonicalizing( Support::available() ? self::PENDING_ROUTES : array(), $unrelated, 'Not for /wp/v2/….' );
		$this->assertGreaterThan( 5, count( (array) $this->request( 'on', '/?rest_route=/byok-ai/v1' )['routes'] ), 'For its namespace.' );
		$this->assertGreaterThan( 5, count( (array) $this->request( 'on', '/?rest_route=/' )['routes'] ), 'For the index, which lists them.' );
	}

	/**
	 * A front-end page without the block.
	 */
	public function test_a_page_without_the_block_costs_no_query(): void {
		$this->assert_idle( '/?p=1', false );
	}

	/**
	 * Requests a URI without and with the plugin and compares their queries.
	 *
	 * @param string $uri         Request URI.
	 * @param bool   $all_pending Whether every PENDING entry must still be seen (the ratchet).
	 */
	private function assert_idle( string $uri, bool $all_pending ): void {
		global $wpdb;
		// End this test's transaction first: the rows set_up() touched stay locked until then, and
		// the install request below would wait on them (then fail to write).
		$wpdb->query( 'ROLLBACK' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$this->request( 'install', '/' );
		$this->request( 'off', $uri ); // Warm-up: whatever a first request stores (rewrite rules, transients).
		$this->request( 'on', $uri );
		$off = $this->request( 'off', $uri );
		$on  = $this->request( 'on', $uri );
		$this->assertFalse( $off['plugin_loaded'], 'The baseline runs without the plugin.' );
		$this->assertTrue( $on['plugin_loaded'], 'The plugin was loaded.' );
		$this->assertSame( array(), $on['errors'], 'No PHP error from the plugin.' );
		$this->assertSame( $off['num_queries'], count( $off['queries'] ), 'SAVEQUERIES logged every query of the baseline.' );

		$extra = $this->extra_queries( $off['queries'], $on['queries'] );
		$this->assertSame( count( $on['queries'] ) - count( $off['queries'] ), count( $extra ), "Queries that only differ in order or value: \n" . implode( "\n", $extra ) );

		$pending     = self::PENDING_ALL + ( Support::available() ? self::PENDING : array() );
		$unexplained = array();
		$seen        = array();
		foreach ( $extra as $sql ) {
			$reason = null;
			foreach ( $pending as $pattern => $why ) {
				if ( 1 === preg_match( $pattern, $sql ) ) {
					$reason           = $why;
					$seen[ $pattern ] = true;
				}
			}
			if ( null === $reason ) {
				$unexplained[] = $sql;
			}
		}
		$this->assertSame( array(), $unexplained, "The plugin adds SQL queries to $uri, which doesn't use it." );
		if ( $all_pending ) {
			$this->assertEqualsCanonicalizing( array_keys( $pending ), array_keys( $seen ), 'A pending query is gone: remove it from IdleCostTest::PENDING or PENDING_ALL.' );
		}
	}

	/**
	 * The queries of $on that $off doesn't have (as a multiset; dates made alike).
	 *
	 * @param string[] $off Baseline queries.
	 * @param string[] $on  Queries with the plugin.
	 * @return list<string>
	 */
	private function extra_queries( array $off, array $on ): array {
		$normalize = static fn( string $sql ): string => (string) preg_replace( array( '/\s+/', "/'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'/" ), array( ' ', "'DATE'" ), trim( $sql ) );
		$left      = array_count_values( array_map( $normalize, $off ) );
		$extra     = array();
		foreach ( array_map( $normalize, $on ) as $sql ) {
			if ( ! empty( $left[ $sql ] ) ) {
				--$left[ $sql ];
				continue;
			}
			$extra[] = $sql;
		}
		return $extra;
	}

	/**
	 * Runs tests/php/idle-request.php.
	 *
	 * @param string $mode 'on', 'off' or 'install'.
	 * @param string $uri  Request URI.
	 * @return array{plugin_loaded: bool, num_queries: int, queries: list<string>, errors: list<string>, routes: list<string>|null}
	 */
	private function request( string $mode, string $uri ): array {
		$out = (string) wp_tempnam( 'byok-ai-idle' );
		$cmd = escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( __DIR__ . '/idle-request.php' ) . ' ' . escapeshellarg( $mode ) . ' ' . escapeshellarg( $uri ) . ' ' . escapeshellarg( $out ) . ' 2>&1';
		exec( $cmd, $output, $status ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_exec -- a fresh PHP process is the baseline.
		$json = (string) file_get_contents( $out ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local temporary file.
		wp_delete_file( $out );
		$this->assertSame( 0, $status, "idle-request.php $mode $uri failed:\n" . implode( "\n", $output ) );
		$result = json_decode( $json, true );
		$this->assertIsArray( $result, "idle-request.php $mode $uri wrote no result:\n" . implode( "\n", $output ) );
		return $result;
	}
}
