<?php
/**
 * A request that doesn't use the plugin costs no SQL query (issue 13: idle cost ≈ 0).
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests;

/**
 * Runs the same request twice in fresh PHP processes (tests/php/idle-request.php), against the
 * committed test database: once without the plugin, once with it, and compares their SQL.
 *
 * Why processes: in the PHPUnit process the plugin was loaded before the first test and its
 * hooks can't be taken back, so there is no baseline to compare with there.
 *
 * Issue 13 phase 2 removed the last queries it listed as pending (ConnectorKeys' settle() and
 * masks, the block's editor script on REST requests, the WordPressAi route on every REST request):
 * any query the plugin adds fails it.
 */
class IdleCostTest extends TestCase {

	/**
	 * A REST route of another namespace.
	 */
	public function test_an_unrelated_rest_route_costs_no_query(): void {
		$this->assert_idle( '/?rest_route=/wp/v2/types/post' );
	}

	/**
	 * The plugin's routes are registered for its own namespace (and the index), not for another's.
	 */
	public function test_routes_are_registered_only_where_they_can_be_reached(): void {
		$unrelated = $this->request( 'on', '/?rest_route=/wp/v2/types/post' )['routes'];
		$this->assertSame( array(), $unrelated, 'Not for /wp/v2/….' );
		$this->assertGreaterThan( 5, count( (array) $this->request( 'on', '/?rest_route=/byok-ai/v1' )['routes'] ), 'For its namespace.' );
		$this->assertGreaterThan( 5, count( (array) $this->request( 'on', '/?rest_route=/' )['routes'] ), 'For the index, which lists them.' );
		$this->assertSame( array( '/byok-ai/v1', '/byok-ai/v1/chat' ), $this->request( 'on', '/?rest_route=/byok-ai/v1/chat' )['routes'], 'A chat registers its own route alone.' );
		// Every route of the namespace is there for a request to it (its controller's base is known).
		$all = (array) $this->request( 'on', '/?rest_route=/byok-ai/v1' )['routes'];
		foreach ( $all as $route ) {
			if ( '/byok-ai/v1' === $route ) {
				continue;
			}
			$path = (string) preg_replace( '#\(\?P<[a-z_]+>[^)]*\)#', 'openai', $route );
			$this->assertContains( $route, (array) $this->request( 'on', '/?rest_route=' . $path )['routes'], "$route for a request to $path." );
		}
	}

	/**
	 * The block's editor script is registered where an editor may load it (the block-types route;
	 * administration screens), not on other REST requests nor pages, where registering it would
	 * build wp_scripts().
	 */
	public function test_the_editor_script_is_registered_only_where_an_editor_may_load_it(): void {
		$this->assertSame( array(), $this->request( 'on', '/?rest_route=/wp/v2/types/post' )['editor_script'], 'Not for another REST route.' );
		$this->assertSame( array( 'byok-ai-assistant-editor-script' ), $this->request( 'on', '/?rest_route=/wp/v2/block-types/byok-ai/assistant' )['editor_script'], 'For the block types route.' );
		$this->assertSame( array(), $this->request( 'on', '/?p=1' )['editor_script'], 'Not for a page.' );
	}

	/**
	 * Nothing a chat, an answer or a budget needs is built for a request that uses none (issue 13:
	 * the plugin builds its services on first use). Loaded classes tell, in a fresh process.
	 */
	public function test_an_idle_request_builds_no_chat_service(): void {
		$unused = array(
			'ByokAi\\Ai\\ChatService',
			'ByokAi\\Ai\\Policy',
			'ByokAi\\Assistant\\AssistantService',
			'ByokAi\\Http\\HttpClient',
			'ByokAi\\Spend\\Services',
			'ByokAi\\Usage\\UsageLog',
			'ByokAi\\WordPressAi\\Gate',
			'ByokAi\\WordPressAi\\Backend',
			// The provider adapters and the settings response mask: what the Connectors custody
			// needs only when a key is saved or /wp/v2/settings answers.
			'ByokAi\\Providers\\Registry',
			'ByokAi\\WordPressAi\\SettingsResponseMask',
		);
		foreach ( array( '/?rest_route=/wp/v2/types/post', '/?p=1' ) as $uri ) {
			$classes = $this->request( 'on', $uri )['classes'];
			$this->assertContains( 'ByokAi\\Plugin', $classes );
			$this->assertSame( array(), array_values( array_intersect( $unused, $classes ) ), "$uri loaded: " . implode( ', ', $classes ) );
		}
	}

	/**
	 * An idle request translates none of the plugin's strings (which would load its translations),
	 * registers the moderation switch only where /wp/v2/settings may be asked, and hooks the
	 * stream's serving only once a stream exists (issue 13).
	 */
	public function test_an_idle_request_loads_no_translation(): void {
		foreach ( array( '/?rest_route=/wp/v2/types/post', '/?p=1' ) as $uri ) {
			$idle = $this->request( 'on', $uri );
			$this->assertSame( 0, $idle['translated'], "$uri translated the plugin's strings." );
			$this->assertNotContains( 'byok_ai_moderation', $idle['settings'], $uri );
			$this->assertFalse( $idle['stream_filter'], $uri );
		}
		$this->assertContains( 'byok_ai_moderation', $this->request( 'on', '/?rest_route=/wp/v2/settings' )['settings'], 'For the settings route.' );
		$this->assertContains( 'byok_ai_moderation', $this->request( 'on', '/?rest_route=/batch/v1' )['settings'], 'For a batch request, which may hold it.' );
	}

	/**
	 * A front-end page without the block.
	 */
	public function test_a_page_without_the_block_costs_no_query(): void {
		$this->assert_idle( '/?p=1' );
	}

	/**
	 * Requests a URI without and with the plugin and compares their queries.
	 *
	 * @param string $uri Request URI.
	 */
	private function assert_idle( string $uri ): void {
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

		$this->assertSame( array(), $extra, "The plugin adds SQL queries to $uri, which doesn't use it." );
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
	 * @return array{plugin_loaded: bool, num_queries: int, queries: list<string>, errors: list<string>, routes: list<string>|null, classes: list<string>, editor_script: list<string>|null, translated: int, settings: list<string>, stream_filter: bool}
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
