<?php
/**
 * Base class for the plugin's integration tests.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests;

use ByokAi\Ai\Policy;
use ByokAi\Assistant\RateLimiter;
use ByokAi\Keys\KeyStore;
use ByokAi\Plugin;
use ByokAi\Providers\ProviderSettings;
use WP_Query;
use WP_REST_Request;
use WP_REST_Response;
use Yoast\PHPUnitPolyfills\TestCases\TestCase as PolyfillTestCase;

/**
 * Runs each test inside a database transaction that is rolled back afterwards, with a clean
 * object cache, no current user and a fresh REST server. Everything else is real WordPress.
 */
abstract class TestCase extends PolyfillTestCase {

	/**
	 * Test keys used by the suite; none of them may ever appear in a response.
	 */
	public const KEYS = array(
		'anthropic'         => 'sk-ant-api03-BYOKTEST-anthropic-0123456789abcdefWXYZ',
		'openai'            => 'sk-proj-BYOKTEST-openai-0123456789abcdefghijQRST',
		'gemini'            => 'AIzaBYOKTEST-gemini-0123456789abcdefgLMNO',
		'azure_openai'      => '0123456789abcdefBYOKTESTazure0123',
		'openai_compatible' => 'BYOKTEST-compat-0123456789abcdef',
	);

	/**
	 * Starts the transaction and resets state.
	 */
	protected function set_up(): void {
		parent::set_up();
		PluginErrorGuard::in_test( true );
		global $wpdb;
		$wpdb->query( 'SET autocommit = 0' );
		$wpdb->query( 'START TRANSACTION' );
		wp_cache_flush();
		wp_set_current_user( 0 );
		$GLOBALS['wp_rest_server'] = null; // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedVariableFound -- Core's REST server global: reset so each test gets a fresh server.
		FakeProvider::reset();
		foreach ( array_keys( self::KEYS ) as $provider ) {
			$this->point_at_fake( $provider );
		}
	}

	/**
	 * Rolls everything back.
	 */
	protected function tear_down(): void {
		global $wpdb;
		// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited -- Undoes render_post()'s front-end request.
		unset( $GLOBALS['post'] );
		$GLOBALS['wp_query']     = new WP_Query();
		$GLOBALS['wp_the_query'] = $GLOBALS['wp_query'];
		// phpcs:enable
		$wpdb->query( 'ROLLBACK' );
		wp_cache_flush();
		// Roles live in memory too: reload them from the rolled-back option.
		wp_roles()->for_site();
		wp_set_current_user( 0 );
		$GLOBALS['wp_rest_server'] = null; // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedVariableFound -- Core's REST server global: reset so each test gets a fresh server.
		PluginErrorGuard::in_test( false );
		$errors = PluginErrorGuard::drain();
		parent::tear_down();
		if ( $errors ) {
			$this->fail( "PHP raised from the plugin's files:\n" . implode( "\n", $errors ) );
		}
	}

	/**
	 * Returns the plugin instance.
	 */
	protected function plugin(): Plugin {
		$plugin = Plugin::instance();
		$this->assertNotNull( $plugin );
		return $plugin;
	}

	/**
	 * Creates a user with a role and returns the id.
	 *
	 * @param string $role Role.
	 */
	protected function make_user( string $role ): int {
		$login = $role . '_' . wp_generate_password( 8, false );
		$id    = wp_insert_user(
			array(
				'user_login' => $login,
				'user_email' => $login . '@example.org',
				'user_pass'  => wp_generate_password(),
				'role'       => $role,
			)
		);
		$this->assertIsInt( $id );
		return $id;
	}

	/**
	 * Logs in as a new user with a role; 'anonymous' logs out.
	 *
	 * @param string $role Role or 'anonymous'.
	 */
	protected function act_as( string $role ): void {
		wp_set_current_user( 'anonymous' === $role ? 0 : $this->make_user( $role ) );
	}

	/**
	 * Dispatches a REST request through the real server, JSON body, and asserts no test key leaked.
	 *
	 * @param string                    $method HTTP method.
	 * @param string                    $route  Route, e.g. /byok-ai/v1/settings.
	 * @param array<string, mixed>|null $body   JSON body.
	 */
	protected function rest( string $method, string $route, ?array $body = null ): WP_REST_Response {
		$request = new WP_REST_Request( $method, $route );
		if ( null !== $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $body ) );
		}
		$response = rest_do_request( $request );
		$this->assert_no_key_in( (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ) ) );
		return $response;
	}

	/**
	 * Asserts that none of the test keys, nor a long piece of one, appears in a text.
	 *
	 * @param string $text Response body, HTML or log text.
	 */
	protected function assert_no_key_in( string $text ): void {
		foreach ( self::KEYS as $key ) {
			$this->assertStringNotContainsString( $key, $text );
			// No 12-character run of a key's secret part either (masks show at most 4).
			$secret = substr( $key, 8 );
			$length = strlen( $secret );
			for ( $i = 0; $i + 12 <= $length; $i += 6 ) {
				$this->assertStringNotContainsString( substr( $secret, $i, 12 ), $text, 'A fragment of a test key leaked.' );
			}
		}
	}

	/**
	 * Returns the error code of a response.
	 *
	 * @param WP_REST_Response $response Response.
	 */
	protected function error_code( WP_REST_Response $response ): string {
		$data = $response->get_data();
		return is_array( $data ) && isset( $data['code'] ) ? (string) $data['code'] : '';
	}

	/**
	 * Points a provider's base URL at the fake provider, with the settings Azure needs.
	 *
	 * @param string $provider Provider id.
	 */
	protected function point_at_fake( string $provider ): void {
		$settings = get_option( 'byok_ai_provider_settings', array() );
		$settings = is_array( $settings ) ? $settings : array();
		if ( 'azure_openai' === $provider ) {
			$settings[ $provider ] = array(
				'endpoint'    => FakeProvider::base_url( $provider ),
				'deployment'  => 'gpt-4o-mini',
				'api_version' => '2024-10-21',
			);
		} else {
			$settings[ $provider ] = array( 'base_url' => FakeProvider::base_url( $provider ) );
		}
		update_option( 'byok_ai_provider_settings', $settings );
	}

	/**
	 * Stores every test key, as an administrator would have.
	 */
	protected function store_keys(): void {
		foreach ( self::KEYS as $provider => $key ) {
			$this->assertTrue( $this->plugin()->keys()->store( $provider, $key, 'valid' ) );
		}
	}

	/**
	 * Runs a streaming response and returns its events; $stop_after ends the listening after
	 * that many deltas, as a browser that goes away would.
	 *
	 * @param WP_REST_Response $response   A StreamResponse.
	 * @param int|null         $stop_after Deltas to accept before leaving.
	 * @return list<array{0: string, 1: array<string, mixed>}>
	 */
	protected function stream_events( WP_REST_Response $response, ?int $stop_after = null ): array {
		$this->assertInstanceOf( \ByokAi\Rest\StreamResponse::class, $response );
		$this->assertSame( 'no', $response->get_headers()['X-Accel-Buffering'] );
		$events = array();
		$deltas = 0;
		$response->produce(
			new \ByokAi\Ai\ChatStream(
				static function ( string $event, array $data ) use ( &$events, &$deltas, $stop_after ): bool {
					$events[] = array( $event, $data );
					if ( 'delta' === $event ) {
						++$deltas;
					}
					return null === $stop_after || $deltas < $stop_after;
				}
			)
		);
		$frames = '';
		foreach ( $events as $event ) {
			$frames .= \ByokAi\Ai\ChatStream::sse_frame( $event[0], $event[1] );
		}
		$this->assert_no_key_in( $frames );
		return $events;
	}

	/**
	 * Creates a post holding an AI Assistant block after a paragraph, and returns its id.
	 *
	 * @param array<string, mixed> $attributes Block attributes (blockId defaults to "assist000001").
	 * @param array<string, mixed> $post       Post fields (published post by default).
	 * @param string               $text       The paragraph's text.
	 */
	protected function assistant_post( array $attributes = array(), array $post = array(), string $text = 'Cats sleep sixteen hours a day.' ): int {
		$attributes = array_merge( array( 'blockId' => 'assist000001' ), $attributes );
		$content    = "<!-- wp:paragraph -->\n<p>" . $text . "</p>\n<!-- /wp:paragraph -->\n\n"
			. '<!-- wp:byok-ai/assistant ' . serialize_block_attributes( $attributes ) . ' /-->';
		$id         = wp_insert_post(
			wp_slash(
				array_merge(
					array(
						'post_title'   => 'About cats',
						'post_content' => $content,
						'post_status'  => 'publish',
						'post_author'  => 1,
					),
					$post
				)
			)
		);
		$this->assertIsInt( $id );
		return $id;
	}

	/**
	 * Renders a post's content as the front end would, in a main query for the post (undone in
	 * tear_down()), and checks that no key is in it.
	 *
	 * @param int $post Post id.
	 */
	protected function render_post( int $post ): string {
		// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited -- The main query of a front-end request for this post.
		$GLOBALS['wp_query']     = new WP_Query(
			array(
				'p'         => $post,
				'post_type' => 'any',
			)
		);
		$GLOBALS['wp_the_query'] = $GLOBALS['wp_query'];
		$GLOBALS['post']         = get_post( $post );
		// phpcs:enable
		setup_postdata( $GLOBALS['post'] );
		$html = (string) apply_filters( 'the_content', get_post_field( 'post_content', $post ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's filter, applied as a theme would.
		$this->assert_no_key_in( $html );
		return $html;
	}

	/**
	 * Sends a visitor's question to the public route, as a logged-out visitor from an address.
	 *
	 * @param array<string, mixed> $body    Body fields.
	 * @param string               $address REMOTE_ADDR.
	 */
	protected function visit( array $body, string $address = '192.0.2.10' ): WP_REST_Response {
		$previous               = $_SERVER['REMOTE_ADDR'] ?? null; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- Saved to be restored as it was.
		$_SERVER['REMOTE_ADDR'] = $address;
		wp_set_current_user( 0 );
		try {
			return $this->rest( 'POST', '/byok-ai/v1/assistant', $body );
		} finally {
			if ( null === $previous ) {
				unset( $_SERVER['REMOTE_ADDR'] );
			} else {
				$_SERVER['REMOTE_ADDR'] = $previous;
			}
		}
	}

	/**
	 * Sends many visitors at once, each in its own PHP process with its own database connection
	 * (includes/visit-worker.php), and returns what each got. A barrier makes them fire together:
	 * each worker loads WordPress, says it is ready and waits; when all are ready the test lets
	 * them go. (A start time fixed in advance failed on a busy machine, where loading 14 WordPress
	 * processes can take longer than any fixed head start.)
	 *
	 * The workers can't see the test's transaction, so everything set up so far is committed for
	 * the duration and removed afterwards: the post, keys, settings, policy, counters and usage.
	 *
	 * @param int    $post     Post id.
	 * @param string $block    Block id.
	 * @param int    $workers  How many visitors.
	 * @param string $question Their question; '' for none (a summary).
	 * @param string $address  Their address.
	 * @return list<array{status: int, code: string, cached: bool|null}>
	 */
	protected function visit_at_once( int $post, string $block, int $workers, string $question, string $address = '192.0.2.77' ): array {
		global $wpdb;
		$wpdb->query( 'COMMIT' );
		$processes = array();
		$results   = array();
		try {
			$barrier = trailingslashit( get_temp_dir() ) . 'byok-ai-barrier-' . wp_generate_password( 12, false );
			$this->assertTrue( wp_mkdir_p( $barrier ) );
			for ( $i = 0; $i < $workers; $i++ ) {
				$command = implode(
					' ',
					array_map( 'escapeshellarg', array( PHP_BINARY, __DIR__ . '/visit-worker.php', (string) $post, $block, $barrier, $address, $question ) )
				);
				$pipes   = array();
				$process = proc_open(
					$command,
					array(
						1 => array( 'pipe', 'w' ),
						2 => array( 'pipe', 'w' ),
					),
					$pipes
				);
				$this->assertIsResource( $process );
				$processes[] = array( $process, $pipes );
			}
			$this->release_when_ready( $barrier, $workers );
			foreach ( $processes as $index => $entry ) {
				$output = (string) stream_get_contents( $entry[1][1] );
				$errors = (string) stream_get_contents( $entry[1][2] );
				proc_close( $entry[0] );
				unset( $processes[ $index ] );
				$result = preg_match( '/^RESULT (.+)$/m', $output, $match ) ? json_decode( $match[1], true ) : null;
				$this->assertIsArray( $result, $output . $errors );
				$this->assertSame( array(), $result['errors'] ?? array(), 'PHP raised from the plugin’s files in a worker.' );
				unset( $result['errors'] );
				$results[] = $result;
			}
		} finally {
			if ( isset( $barrier ) && is_dir( $barrier ) ) {
				touch( $barrier . '/go' );
				array_map( 'unlink', (array) glob( $barrier . '/*' ) );
				rmdir( $barrier );
			}
			// A failed assertion leaves workers running: end them, so none outlives this test.
			foreach ( $processes as $entry ) {
				proc_terminate( $entry[0], 9 );
				proc_close( $entry[0] );
			}
			wp_delete_post( $post, true );
			foreach ( array_keys( self::KEYS ) as $provider ) {
				delete_option( KeyStore::OPTION_PREFIX . $provider );
			}
			delete_option( ProviderSettings::OPTION );
			delete_option( Policy::OPTION );
			$wpdb->query( 'DELETE FROM ' . ( new RateLimiter() )->table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
			$wpdb->query( 'DELETE FROM ' . $this->plugin()->usage()->table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
			$wpdb->query( 'COMMIT' );
			$wpdb->query( 'START TRANSACTION' );
		}
		return $results;
	}

	/**
	 * Builds a chat body with one user message.
	 *
	 * @param string               $text  Message.
	 * @param array<string, mixed> $extra Other fields.
	 * @return array<string, mixed>
	 */
	protected function chat_body( string $text, array $extra = array() ): array {
		return array_merge(
			array(
				'messages' => array(
					array(
						'role'    => 'user',
						'content' => $text,
					),
				),
			),
			$extra
		);
	}

	/**
	 * The test's side of the worker barrier (workers call byok_ai_test_barrier() in
	 * tests/php/includes/barrier.php): waits, bounded, until every worker has loaded WordPress
	 * and said so, then lets them all go at once.
	 *
	 * @param string $barrier The barrier's directory.
	 * @param int    $workers How many workers must be ready.
	 */
	protected function release_when_ready( string $barrier, int $workers ): void {
		$deadline = microtime( true ) + 120;
		$ready    = array();
		while ( microtime( true ) < $deadline ) {
			$ready = (array) glob( $barrier . '/ready-*' );
			if ( count( $ready ) >= $workers ) {
				break;
			}
			usleep( 10000 );
		}
		$this->assertCount( $workers, $ready, 'Every worker loaded WordPress within 120 s.' );
		touch( $barrier . '/go' );
	}
}
