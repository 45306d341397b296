<?php
/**
 * What every upstream call leaves in the usage log.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Usage;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * One row per upstream call with its cause, and the sums per provider.
 */
class UsageLogRecordTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	/**
	 * Every upstream call leaves one usage row with its cause, and the summary adds them up.
	 */
	public function test_usage_is_recorded_and_summed(): void {
		$this->act_as( 'editor' );
		$user = get_current_user_id();
		$this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'one two', array( 'provider' => 'anthropic' ) ) );
		$this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'three [[ratelimited]]', array( 'provider' => 'anthropic' ) ) );
		$this->stream_events(
			$this->rest(
				'POST',
				'/byok-ai/v1/chat',
				$this->chat_body(
					'four',
					array(
						'provider' => 'gemini',
						'stream'   => true,
					)
				)
			)
		);

		global $wpdb;
		$rows = $wpdb->get_results( "SELECT provider, model, input_tokens, output_tokens, outcome, streamed, cause, latency_ms FROM {$wpdb->prefix}byok_ai_usage ORDER BY id", ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$this->assertCount( 3, $rows );
		$this->assertSame( array( 'anthropic', 'claude-haiku-4-5', '2', '3', 'ok', '0', 'user:' . $user ), array_slice( array_values( $rows[0] ), 0, 7 ) );
		$this->assertSame( 'byok_ai_rate_limited', $rows[1]['outcome'] );
		$this->assertSame( (string) $user, $wpdb->get_var( "SELECT user_id FROM {$wpdb->prefix}byok_ai_usage ORDER BY id LIMIT 1" ), 'A chat is recorded with the user who asked.' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$this->assertSame( array( 'gemini', '1', '2', 'ok', '1' ), array( $rows[2]['provider'], $rows[2]['input_tokens'], $rows[2]['output_tokens'], $rows[2]['outcome'], $rows[2]['streamed'] ) );

		$this->act_as( 'administrator' );
		$usage = $this->rest( 'GET', '/byok-ai/v1/usage' )->get_data();
		$this->assertSame(
			array(
				array(
					'provider'      => 'anthropic',
					'requests'      => 2,
					'errors'        => 1,
					'input_tokens'  => 2,
					'output_tokens' => 3,
				),
				array(
					'provider'      => 'gemini',
					'requests'      => 1,
					'errors'        => 0,
					'input_tokens'  => 1,
					'output_tokens' => 2,
				),
			),
			$usage['today']
		);
		$this->assertSame( $usage['today'], $usage['last_30_days'] );
	}

	/**
	 * Where rows wait for the end of the request (a REST request under PHP-FPM; forced here by
	 * the filter), the answer comes first and the rows follow in one INSERT at `shutdown`.
	 */
	public function test_rows_can_wait_for_the_end_of_the_request(): void {
		global $wpdb;
		$this->act_as( 'editor' );
		$count = static fn(): int => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}byok_ai_usage" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		add_filter( 'byok_ai_usage_after_response', '__return_true' );
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'one two', array( 'provider' => 'anthropic' ) ) )->get_status() );
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'three', array( 'provider' => 'openai' ) ) )->get_status() );
		remove_filter( 'byok_ai_usage_after_response', '__return_true' );
		$this->assertSame( 0, $count(), 'Nothing written before the end of the request.' );
		$this->assertSame( PHP_INT_MAX, has_action( 'shutdown', array( $this->plugin()->usage(), 'flush' ) ) );

		$queries = $wpdb->num_queries;
		$this->plugin()->usage()->flush();
		$this->assertSame( 1, $wpdb->num_queries - $queries, 'Both rows in one statement.' );
		$this->assertSame( array( 'anthropic', 'openai' ), $wpdb->get_col( "SELECT provider FROM {$wpdb->prefix}byok_ai_usage ORDER BY id" ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$this->plugin()->usage()->flush();
		$this->assertSame( 2, $count(), 'Written once.' );
		remove_action( 'shutdown', array( $this->plugin()->usage(), 'flush' ), PHP_INT_MAX );

		$this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'four', array( 'provider' => 'anthropic' ) ) );
		$this->assertSame( 3, $count(), 'Written at once outside PHP-FPM.' );
	}
}
