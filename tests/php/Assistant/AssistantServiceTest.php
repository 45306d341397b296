<?php
/**
 * What a visitor's answer costs the database.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * An answered visitor question writes its three limit counters in one statement and its usage
 * row in another; a stored summary writes nothing (issue 13.3).
 */
class AssistantServiceTest extends TestCase {

	/**
	 * Statements that wrote, seen through the 'query' filter while counting.
	 *
	 * @var list<string>
	 */
	private array $writes = array();

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	/**
	 * Runs a visit and returns it, noting every statement that writes.
	 *
	 * @param array<string, mixed> $body    Request body.
	 * @param string               $address REMOTE_ADDR.
	 */
	private function counted_visit( array $body, string $address ): \WP_REST_Response {
		$this->writes = array();
		$count        = function ( $query ) {
			if ( is_string( $query ) && preg_match( '/^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP|TRUNCATE)\b/i', $query ) ) {
				$this->writes[] = $query;
			}
			return $query;
		};
		add_filter( 'query', $count );
		try {
			return $this->visit( $body, $address );
		} finally {
			remove_filter( 'query', $count );
		}
	}

	/**
	 * A visitor's question, first of its windows (every counter row created) and then again
	 * (every row updated): at most 2 writes each, the counters in one statement.
	 */
	public function test_an_answered_question_writes_at_most_twice(): void {
		$post = $this->assistant_post();
		$body = array(
			'post'     => $post,
			'block'    => 'assist000001',
			'question' => 'How long do cats sleep?',
		);
		foreach ( array( 'first', 'second' ) as $round ) {
			$response = $this->counted_visit( $body, '192.0.2.10' );
			$this->assertSame( 200, $response->get_status() );
			$this->assertLessThanOrEqual( 2, count( $this->writes ), $round . ': ' . implode( "\n", $this->writes ) );
			$counters = preg_grep( '/byok_ai_counters/', $this->writes );
			$usage    = preg_grep( '/byok_ai_usage/', $this->writes );
			$this->assertCount( 1, $counters, $round . ': the three counters in one statement.' );
			$this->assertCount( 1, $usage, $round . ': one usage row.' );
		}
		$this->assertCount( 2, FakeProvider::calls() );
		global $wpdb;
		$hits = $wpdb->get_col( 'SELECT hits FROM ' . $wpdb->prefix . 'byok_ai_counters ORDER BY bucket' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
		$this->assertSame( array( '2', '2', '2' ), $hits, 'Each of the three counters counted both questions.' );
	}

	/**
	 * A stored summary is served without writing anything: no counter, no usage row, no lease.
	 */
	public function test_a_cached_summary_writes_nothing(): void {
		$post  = $this->assistant_post(
			array(
				'blockId' => 'summary00001',
				'mode'    => 'summarize',
			)
		);
		$body  = array(
			'post'  => $post,
			'block' => 'summary00001',
		);
		$first = $this->counted_visit( $body, '192.0.2.10' );
		$this->assertSame( 200, $first->get_status() );
		$this->assertFalse( $first->get_data()['cached'] );

		$second = $this->counted_visit( $body, '192.0.2.11' );
		$this->assertSame( 200, $second->get_status() );
		$this->assertTrue( $second->get_data()['cached'] );
		$this->assertSame( array(), $this->writes );
		$this->assertCount( 1, FakeProvider::calls() );
	}

	/**
	 * Every answer is recorded as a visitor's, without the question.
	 */
	public function test_usage_records_the_cause(): void {
		$id = $this->assistant_post();
		$this->visit(
			array(
				'post'     => $id,
				'block'    => 'assist000001',
				'question' => 'A private question',
			)
		);
		global $wpdb;
		$rows = $wpdb->get_results( 'SELECT * FROM ' . $this->plugin()->usage()->table(), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
		$this->assertCount( 1, $rows );
		$this->assertSame( 'visitor:' . $id, $rows[0]['cause'] );
		$this->assertSame( array( '0', (string) $id, 'assist000001' ), array( $rows[0]['user_id'], $rows[0]['post_id'], $rows[0]['block_id'] ), 'A visitor is counted by post and block, not as a user.' );
		$this->assertStringNotContainsString( 'private question', (string) wp_json_encode( $rows ) );
	}
}
