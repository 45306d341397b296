<?php
/**
 * Visitor limits: per address, per block, per day; exact under concurrency.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * The limits an administrator sets hold, say so in words, and can't be reset by the client.
 */
class VisitorLimitsTest extends TestCase {

	/**
	 * The test post.
	 *
	 * @var int
	 */
	private $post;

	/**
	 * Stores keys and a post with a block.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
		$this->post = $this->assistant_post();
	}

	/**
	 * Asks once from an address.
	 *
	 * @param string $address REMOTE_ADDR.
	 * @param string $block   Block id.
	 * @param int    $post    Post id (the test post by default).
	 */
	private function ask( string $address = '192.0.2.10', string $block = 'assist000001', int $post = 0 ): \WP_REST_Response {
		return $this->visit(
			array(
				'post'     => $post > 0 ? $post : $this->post,
				'block'    => $block,
				'question' => 'How long do cats sleep?',
			),
			$address
		);
	}

	/**
	 * Sets visitor limits.
	 *
	 * @param array<string, mixed> $limits Policy fields.
	 */
	private function limits( array $limits ): void {
		$this->assertIsArray( $this->plugin()->policy()->update( $limits ) );
	}

	/**
	 * The per-address limit: a clear 429 with Retry-After; other addresses go on.
	 */
	public function test_per_address_limit(): void {
		$this->limits(
			array(
				'visitor_ip_limit'  => 3,
				'visitor_ip_window' => 10,
			)
		);
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertSame( 200, $this->ask()->get_status() );
		}
		$refused = $this->ask();
		$this->assertSame( 429, $refused->get_status() );
		$this->assertSame( 'byok_ai_visitor_limited', $this->error_code( $refused ) );
		$this->assertSame( 'address', $refused->get_data()['data']['limit'] );
		$this->assertStringStartsWith( 'You’ve asked a lot of questions. Please try again in ', $refused->get_data()['message'] );
		$wait = (int) $refused->get_headers()['Retry-After'];
		$this->assertGreaterThan( 0, $wait );
		$this->assertLessThanOrEqual( 600, $wait );
		$this->assertCount( 3, FakeProvider::calls() );

		$this->assertSame( 200, $this->ask( '192.0.2.11' )->get_status() );
		$this->assertSame( 200, $this->ask( '2001:db8:1:2::1' )->get_status() );
	}

	/**
	 * Addresses of one IPv6 /64 share a counter.
	 */
	public function test_ipv6_counts_per_64(): void {
		$this->limits( array( 'visitor_ip_limit' => 2 ) );
		$this->assertSame( 200, $this->ask( '2001:db8:1:2::1' )->get_status() );
		$this->assertSame( 200, $this->ask( '2001:db8:1:2:ffff::9' )->get_status() );
		$this->assertSame( 429, $this->ask( '2001:db8:1:2:aaaa::1' )->get_status() );
		$this->assertSame( 200, $this->ask( '2001:db8:1:3::1' )->get_status() );
	}

	/**
	 * The per-block limit counts every address; the daily cap counts every block.
	 */
	public function test_per_block_limit_and_daily_cap(): void {
		$this->limits(
			array(
				'visitor_block_limit' => 2,
				'visitor_daily_cap'   => 3,
			)
		);
		$this->assertSame( 200, $this->ask( '192.0.2.1' )->get_status() );
		$this->assertSame( 200, $this->ask( '192.0.2.2' )->get_status() );
		$busy = $this->ask( '192.0.2.3' );
		$this->assertSame( 429, $busy->get_status() );
		$this->assertSame( 'block', $busy->get_data()['data']['limit'] );
		$this->assertStringStartsWith( 'This assistant is very busy.', $busy->get_data()['message'] );

		$other = $this->assistant_post( array( 'blockId' => 'assist000002' ) );
		// A refused request takes no place: the block refused 192.0.2.3, so the day has counted 2.
		$this->assertSame( 200, $this->ask( '192.0.2.4', 'assist000002', $other )->get_status() );
		$cap = $this->ask( '192.0.2.5', 'assist000002', $other );
		$this->assertSame( 429, $cap->get_status() );
		$this->assertSame( 'site', $cap->get_data()['data']['limit'] );
		$this->assertSame( 'The assistant has answered all the questions it can for today. Please come back tomorrow.', $cap->get_data()['message'] );
		$this->assertCount( 3, FakeProvider::calls() );
	}

	/**
	 * A proxy header is read only when the administrator names it; X-Forwarded-For gives its
	 * last address, so a client can't pick its own identity by prepending addresses.
	 */
	public function test_proxy_header_only_when_trusted(): void {
		$this->limits( array( 'visitor_ip_limit' => 1 ) );
		$_SERVER['HTTP_X_FORWARDED_FOR'] = '203.0.113.1';
		try {
			$this->assertSame( 200, $this->ask( '10.0.0.1' )->get_status() );
			$_SERVER['HTTP_X_FORWARDED_FOR'] = '203.0.113.2';
			$this->assertSame( 429, $this->ask( '10.0.0.1' )->get_status(), 'Untrusted header ignored: same connection, same counter.' );

			$this->limits( array( 'proxy_header' => 'X-Forwarded-For' ) );
			$this->assertSame( 200, $this->ask( '10.0.0.1' )->get_status(), 'Trusted header: 203.0.113.2 is a new visitor.' );
			$_SERVER['HTTP_X_FORWARDED_FOR'] = '198.51.100.7, 203.0.113.2';
			$this->assertSame( 429, $this->ask( '10.0.0.1' )->get_status(), 'A prepended address changes nothing.' );
		} finally {
			unset( $_SERVER['HTTP_X_FORWARDED_FOR'] );
		}
	}

	/**
	 * A limit of 0 closes the block to visitors.
	 */
	public function test_zero_closes_to_visitors(): void {
		$this->limits( array( 'visitor_daily_cap' => 0 ) );
		$response = $this->ask();
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( array(), FakeProvider::calls() );
	}

	/**
	 * Many visitors at once, each in its own PHP process with its own database connection: exactly
	 * the allowed number reach the provider.
	 */
	public function test_limits_hold_under_concurrent_requests(): void {
		$allowed = 5;
		$workers = 14;
		$this->limits( array( 'visitor_ip_limit' => $allowed ) );
		$statuses = array();
		foreach ( $this->visit_at_once( $this->post, 'assist000001', $workers, 'How long do cats sleep?' ) as $result ) {
			$statuses[] = $result['status'] . ' ' . $result['code'];
		}
		sort( $statuses );
		$this->assertSame(
			array_merge( array_fill( 0, $allowed, '200 ' ), array_fill( 0, $workers - $allowed, '429 byok_ai_visitor_limited' ) ),
			$statuses
		);
		$this->assertCount( $allowed, FakeProvider::calls(), 'Exactly the allowed number reached the provider.' );
	}
}
