<?php
/**
 * Summaries cost one upstream call per post revision and block configuration.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Assistant\SummaryCache;
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
	 */
	private function summary_post( array $attributes = array() ): int {
		return $this->assistant_post(
			array_merge(
				array(
					'blockId' => 'summary00001',
					'mode'    => 'summarize',
				),
				$attributes
			)
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
		$this->plugin()->policy->update( array( 'max_output_tokens' => 200 ) );
		$this->assertFalse( $this->summarize( $post )->get_data()['cached'] );
		$this->assertCount( 2, FakeProvider::calls() );
	}

	/**
	 * A cached summary counts against no limit; failures are not cached.
	 */
	public function test_cache_hits_are_free_and_failures_not_stored(): void {
		$this->plugin()->policy->update( array( 'visitor_ip_limit' => 1 ) );
		$post = $this->summary_post();
		$this->assertSame( 200, $this->summarize( $post )->get_status() );
		$this->assertSame( 200, $this->summarize( $post )->get_status() );
		$this->assertSame( 200, $this->summarize( $post )->get_status() );

		FakeProvider::reset();
		$broken = $this->assistant_post(
			array(
				'blockId' => 'summary00001',
				'mode'    => 'summarize',
			),
			array(),
			'[[servererror]] The fake provider fails on this text.'
		);
		$this->assertSame( 503, $this->summarize( $broken, false, '198.51.100.9' )->get_status() );
		$this->assertSame( '', get_post_meta( $broken, SummaryCache::META, true ) );
	}
}
