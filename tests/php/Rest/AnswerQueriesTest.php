<?php
/**
 * The SQL of one answer (issue 13: the chat path costs no more than core's): the options a chat
 * or a visitor's answer reads come in one query.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Assistant\RateLimiter;
use ByokAi\Installer;
use ByokAi\Keys\KeyStore;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Tests\TestCase;
use ByokAi\Usage\UsageLog;

/**
 * Serves the answer in a fresh PHP process (tests/php/includes/answer-worker.php), as a real
 * request: in the PHPUnit process the plugin's long-lived instances remember what they read in
 * earlier tests (the currency, the prices), and the object cache has the rest, so the reads a
 * request pays for would not show. The worker sees the committed database, so what it needs (keys,
 * connection settings, the post) is committed for the duration and removed afterwards.
 *
 * Before: a chat read 4 options one query each (its key, the currency, the prices, the budgets),
 * a visitor's answer 5 (the moderation switch too).
 */
class AnswerQueriesTest extends TestCase {

	/**
	 * A chat (POST /chat, not streamed).
	 */
	public function test_a_chat_reads_its_options_in_one_query(): void {
		$result = $this->answer( static fn(): array => array( 'chat', '1' ) );
		$this->assert_one_option_read( $result );
	}

	/**
	 * A visitor's answer (POST /assistant, not streamed).
	 */
	public function test_a_visitor_answer_reads_its_options_in_one_query(): void {
		$result = $this->answer( fn(): array => array( 'visit', (string) $this->assistant_post(), 'assist000001' ) );
		$this->assert_one_option_read( $result );
	}

	/**
	 * The answer's option reads: a single SELECT, and no query twice.
	 *
	 * @param array{status: int, text: string, code: string, queries: list<string>} $result What the worker printed.
	 */
	private function assert_one_option_read( array $result ): void {
		global $wpdb;
		$all = "\n" . implode( "\n", $result['queries'] );
		$this->assertSame( 200, $result['status'], $result['code'] );
		$this->assertSame( 'Echo: How long do cats sleep?', $result['text'] );
		$reads = array_values( preg_grep( '/^SELECT .* FROM ' . preg_quote( $wpdb->options, '/' ) . ' /', $result['queries'] ) );
		$this->assertCount( 1, $reads, 'The options the answer reads come in one query:' . $all );
		$this->assertStringContainsString( "option_name IN ('", $reads[0], 'It is wp_prime_option_caches()’s.' );
		$this->assertSame( array_values( array_unique( $result['queries'] ) ), $result['queries'], 'No query runs twice:' . $all );
	}

	/**
	 * Commits the keys, the connection settings (the fake provider) and what $setup creates, runs
	 * the worker with the arguments $setup returns, then removes all of it.
	 *
	 * @param callable(): list<string> $setup Creates what the answer needs; returns the worker's arguments.
	 * @return array{status: int, text: string, code: string, queries: list<string>}
	 */
	private function answer( callable $setup ): array {
		global $wpdb;
		// Start from the committed state (set_up()'s changes are in this test's transaction).
		$wpdb->query( 'ROLLBACK' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		wp_cache_flush();
		// An installed site (tests that commit may have removed them): the options every request
		// reads exist, autoloaded.
		Installer::preload_options();
		$settings = get_option( ProviderSettings::OPTION, null );
		$posts    = (int) $wpdb->get_var( "SELECT MAX(ID) FROM $wpdb->posts" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		try {
			foreach ( array_keys( self::KEYS ) as $provider ) {
				$this->point_at_fake( $provider );
			}
			$this->store_keys();
			$args = $setup();
			$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery

			$command = implode( ' ', array_map( 'escapeshellarg', array_merge( array( PHP_BINARY, dirname( __DIR__ ) . '/includes/answer-worker.php' ), $args ) ) );
			exec( $command . ' 2>&1', $output, $status ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_exec -- a fresh PHP process is a real request.
			$output = implode( "\n", $output );
			$this->assertSame( 0, $status, $output );
			$result = preg_match( '/^RESULT (.+)$/m', $output, $match ) ? json_decode( $match[1], true ) : null;
			$this->assertIsArray( $result, $output );
			$this->assertSame( array(), $result['errors'], 'PHP raised from the plugin’s files in the worker.' );
			return $result;
		} finally {
			foreach ( array_keys( self::KEYS ) as $provider ) {
				delete_option( KeyStore::OPTION_PREFIX . $provider );
			}
			if ( null === $settings ) {
				delete_option( ProviderSettings::OPTION );
			} else {
				update_option( ProviderSettings::OPTION, $settings );
			}
			foreach ( (array) $wpdb->get_col( $wpdb->prepare( "SELECT ID FROM $wpdb->posts WHERE ID > %d", $posts ) ) as $post ) { // phpcs:ignore WordPress.DB.DirectDatabaseQuery
				wp_delete_post( (int) $post, true );
			}
			$wpdb->query( 'DELETE FROM ' . ( new RateLimiter() )->table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
			$wpdb->query( 'DELETE FROM ' . ( new UsageLog() )->table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
			$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		}
	}
}
