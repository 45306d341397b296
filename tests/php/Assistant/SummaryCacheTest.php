<?php
/**
 * Summaries cost one upstream call per post revision and block configuration.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Assistant\Leases;
use ByokAi\Assistant\RateLimiter;
use ByokAi\Assistant\SummaryCache;
use ByokAi\Assistant\SummaryLease;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * Cache hits, and invalidation when the post, the block or the provider rules change.
 */
class SummaryCacheTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	/**
	 * Asks a summary block for its summary.
	 *
	 * @param int    $post    Post id.
	 * @param bool   $stream  Whether to stream.
	 * @param string $address Visitor address.
	 * @return \WP_REST_Response
	 */
	private function summarize( int $post, bool $stream = false, string $address = '192.0.2.10' ) {
		return $this->visit(
			array(
				'post'   => $post,
				'block'  => 'summary00001',
				'stream' => $stream,
			),
			$address
		);
	}

	/**
	 * Creates a post with a summary block.
	 *
	 * @param array<string, mixed> $attributes Extra attributes.
	 * @param string               $text       The post's paragraph.
	 */
	private function summary_post( array $attributes = array(), string $text = 'Cats sleep sixteen hours a day.' ): int {
		return $this->assistant_post(
			array_merge(
				array(
					'blockId' => 'summary00001',
					'mode'    => 'summarize',
				),
				$attributes
			),
			array(),
			$text
		);
	}

	/**
	 * The second visitor's summary comes from the cache, streamed or not.
	 */
	public function test_second_visitor_gets_the_cached_summary(): void {
		$post  = $this->summary_post();
		$first = $this->summarize( $post );
		$this->assertSame( 200, $first->get_status() );
		$this->assertFalse( $first->get_data()['cached'] );
		$this->assertStringStartsWith( 'Echo: Summarize this post.', $first->get_data()['text'] );
		$this->assertArrayNotHasKey( 'history', $first->get_data(), 'Summaries have no conversation.' );
		$this->assertCount( 1, FakeProvider::calls() );
		$this->assertStringContainsString( 'Cats sleep sixteen hours a day.', FakeProvider::calls()[0]['body']['messages'][0]['content'] );

		$second = $this->summarize( $post, false, '198.51.100.1' );
		$this->assertTrue( $second->get_data()['cached'] );
		$this->assertSame( $first->get_data()['text'], $second->get_data()['text'] );

		$events = $this->stream_events( $this->summarize( $post, true, '198.51.100.2' ) );
		$this->assertSame( array( 'start', 'delta', 'done' ), array_column( $events, 0 ) );
		$this->assertSame( $first->get_data()['text'], $events[1][1]['text'] );
		$this->assertTrue( $events[2][1]['cached'] );

		$this->assertCount( 1, FakeProvider::calls(), 'No further upstream call.' );
	}

	/**
	 * A streamed first summary is stored too.
	 */
	public function test_streamed_summary_is_stored(): void {
		$post = $this->summary_post();
		$this->stream_events( $this->summarize( $post, true ) );
		$this->assertTrue( $this->summarize( $post )->get_data()['cached'] );
		$this->assertCount( 1, FakeProvider::calls() );
	}

	/**
	 * Editing the post's text invalidates the summary.
	 */
	public function test_editing_the_post_invalidates(): void {
		$post = $this->summary_post();
		$this->summarize( $post );
		$content = str_replace( 'sixteen hours', 'most of the day', (string) get_post_field( 'post_content', $post ) );
		wp_update_post(
			wp_slash(
				array(
					'ID'           => $post,
					'post_content' => $content,
				)
			)
		);
		$this->assertSame( '', get_post_meta( $post, SummaryCache::META, true ), 'Saving drops stored summaries.' );

		$again = $this->summarize( $post );
		$this->assertFalse( $again->get_data()['cached'] );
		$this->assertCount( 2, FakeProvider::calls() );
		$this->assertStringContainsString( 'most of the day', FakeProvider::calls()[1]['body']['messages'][0]['content'] );
	}

	/**
	 * Changing the block's settings invalidates it, even when nothing else removed the meta
	 * (for example a direct database edit).
	 */
	public function test_changing_the_block_invalidates(): void {
		$post = $this->summary_post();
		$this->summarize( $post );
		global $wpdb;
		$content = str_replace( '"mode":"summarize"', '"mode":"summarize","instructions":"Three bullet points."', (string) get_post_field( 'post_content', $post ) );
		$wpdb->update( $wpdb->posts, array( 'post_content' => $content ), array( 'ID' => $post ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		clean_post_cache( $post );
		$this->assertNotSame( '', get_post_meta( $post, SummaryCache::META, true ) );

		$this->assertFalse( $this->summarize( $post )->get_data()['cached'] );
		$this->assertCount( 2, FakeProvider::calls() );
		$this->assertStringContainsString( 'Three bullet points.', FakeProvider::calls()[1]['body']['system'] );
	}

	/**
	 * The administrator's provider rules are part of the fingerprint.
	 */
	public function test_changing_the_rules_invalidates(): void {
		$post = $this->summary_post();
		$this->summarize( $post );
		$this->plugin()->policy()->update( array( 'max_output_tokens' => 200 ) );
		$this->assertFalse( $this->summarize( $post )->get_data()['cached'] );
		$this->assertCount( 2, FakeProvider::calls() );
	}

	/**
	 * A cached summary counts against no limit; failures are not cached.
	 */
	public function test_cache_hits_are_free_and_failures_not_stored(): void {
		$this->plugin()->policy()->update( array( 'visitor_ip_limit' => 1 ) );
		$post = $this->summary_post();
		$this->assertSame( 200, $this->summarize( $post )->get_status() );
		$this->assertSame( 200, $this->summarize( $post )->get_status() );
		$this->assertSame( 200, $this->summarize( $post )->get_status() );

		FakeProvider::reset();
		$broken = $this->summary_post( array(), '[[servererror]] The fake provider fails on this text.' );
		$this->assertSame( 503, $this->summarize( $broken, false, '198.51.100.9' )->get_status() );
		$this->assertSame( '', get_post_meta( $broken, SummaryCache::META, true ) );
	}

	/**
	 * The lease that lets one request at a time write a block's summary.
	 *
	 * @param int $post Post id.
	 */
	private function lease_is_free( int $post ): bool {
		$leases = new Leases();
		$free   = $leases->claim( 'summary:' . $post . ':summary00001', 60, time() );
		if ( $free ) {
			$leases->release( 'summary:' . $post . ':summary00001' );
		}
		return $free;
	}

	/**
	 * Visitors who ask for a summary at once, each in their own PHP process, share one upstream
	 * call: the first writes it, the others are told at once to ask again (202 and a hint; what
	 * they get then is the next test's).
	 */
	public function test_concurrent_first_visitors_share_one_summary(): void {
		// The fake provider takes 3 s to start answering this post: every worker arrives meanwhile.
		$post    = $this->summary_post( array(), '[[slow]] Cats sleep sixteen hours a day.' );
		$workers = 6;
		$results = $this->visit_at_once( $post, 'summary00001', $workers, '' );
		$status  = array_column( $results, 'status' );
		sort( $status );
		$this->assertSame( array_merge( array( 200 ), array_fill( 0, $workers - 1, 202 ) ), $status, 'One wrote the summary; the others were told to come back.' );
		foreach ( $results as $result ) {
			$this->assertSame( 200 === $result['status'] ? '' : 'byok_ai_summary_pending', $result['code'] );
		}
		$this->assertCount( 1, FakeProvider::calls(), 'One upstream call for all of them.' );
	}

	/**
	 * While another request holds the lease, a visitor is answered at once (no PHP worker held
	 * for the writer's time): 202, byok_ai_summary_pending and a Retry-After hint, in JSON and
	 * when asking for a stream. Nothing goes upstream and no limit is counted. Once the writer
	 * has stored it, the next look serves the summary.
	 */
	public function test_a_visitor_is_told_at_once_to_come_back_while_the_summary_is_written(): void {
		$post    = $this->summary_post();
		$limiter = new RateLimiter();
		$lease   = 'summary:' . $post . ':summary00001';
		$this->assertTrue( ( new Leases() )->claim( $lease, 60, time() ) );
		foreach ( array( false, true ) as $stream ) {
			$begin    = microtime( true );
			$response = $this->summarize( $post, $stream );
			$elapsed  = microtime( true ) - $begin;
			// Well under the writer's lease (60 s) and the 30 s visitors used to wait; not tighter, on a
			// machine shared by several test runs (1.01 s seen once under load).
			$this->assertLessThan( 5.0, $elapsed, 'Answered at once, not after the writer.' );
			$this->assertSame( 202, $response->get_status() );
			$this->assertSame( 'byok_ai_summary_pending', $this->error_code( $response ) );
			$this->assertSame( SummaryLease::RETRY_AFTER, $response->get_data()['data']['retry_after'] );
			$this->assertSame( (string) SummaryLease::RETRY_AFTER, (string) $response->get_headers()['Retry-After'] );
		}
		$this->assertSame( array(), FakeProvider::calls() );
		global $wpdb;
		$this->assertSame( '1', (string) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . $limiter->table() ), 'Only the lease is in the table: no counter was hit.' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared

		// The writer finishes: it stores the summary, then lets the lease go. A visitor who asks
		// between the two gets the summary too (the look after the refused claim).
		$writer = $this->summarize( $post, false, '192.0.2.11' );
		$this->assertSame( 202, $writer->get_status() );
		( new Leases() )->release( $lease );
		$this->assertSame( 200, $this->summarize( $post )->get_status(), 'With the lease free, this visitor writes it.' );
		$this->assertTrue( ( new Leases() )->claim( $lease, 60, time() ) );
		$served = $this->summarize( $post );
		$this->assertSame( 200, $served->get_status(), 'A stored summary is served even while the lease is held.' );
		$this->assertTrue( $served->get_data()['cached'] );
		$this->assertCount( 1, FakeProvider::calls() );
	}

	/**
	 * The writer releases the lease whatever happens: after a summary, a provider failure, a
	 * visitor limit, or a stream, so the next visitor doesn't wait for nothing.
	 */
	public function test_the_lease_is_released_whatever_happens(): void {
		$post = $this->summary_post();
		$this->assertSame( 200, $this->summarize( $post )->get_status() );
		$this->assertTrue( $this->lease_is_free( $post ), 'After a summary.' );

		$broken = $this->summary_post( array(), '[[servererror]] The fake provider fails on this text.' );
		$this->assertSame( 503, $this->summarize( $broken )->get_status() );
		$this->assertTrue( $this->lease_is_free( $broken ), 'After a failure.' );
		$events = $this->stream_events( $this->summarize( $broken, true ) );
		$this->assertSame( 'error', end( $events )[0] );
		$this->assertTrue( $this->lease_is_free( $broken ), 'After a failed stream.' );

		$this->plugin()->policy()->update( array( 'visitor_daily_cap' => 1 ) );
		$limited = $this->summary_post( array(), 'Dogs sleep twelve hours a day.' );
		$this->assertSame( 429, $this->summarize( $limited, false, '198.51.100.3' )->get_status() );
		$this->assertTrue( $this->lease_is_free( $limited ), 'After a visitor limit.' );

		$this->plugin()->policy()->update( array( 'visitor_daily_cap' => 1000 ) );
		$this->stream_events( $this->summarize( $limited, true ) );
		$this->assertTrue( $this->lease_is_free( $limited ), 'After a streamed summary.' );
		$this->assertTrue( $this->summarize( $limited )->get_data()['cached'] );
	}

	/**
	 * A visitor who leaves while the summary streams doesn't waste it: it is finished and stored
	 * for the next visitor (a question's answer, in contrast, stops: see PublicRouteTest).
	 */
	public function test_a_summary_is_finished_when_its_visitor_leaves(): void {
		$post   = $this->summary_post( array(), str_repeat( 'Cats sleep sixteen hours a day. ', 20 ) );
		$events = $this->stream_events( $this->summarize( $post, true ), 1 );
		$this->assertSame( array( 'start', 'delta' ), array_column( $events, 0 ), 'The visitor left after the first piece.' );

		$calls = FakeProvider::calls();
		$this->assertCount( 1, $calls );
		$this->assertTrue( $calls[0]['completed'], 'The summary was read to its end.' );
		$again = $this->summarize( $post, false, '198.51.100.4' );
		$this->assertTrue( $again->get_data()['cached'] );
		$this->assertStringContainsString( 'Cats sleep sixteen hours a day. Cats sleep', $again->get_data()['text'] );
		$this->assertCount( 1, FakeProvider::calls() );
	}
}
