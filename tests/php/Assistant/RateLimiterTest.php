<?php
/**
 * Counters: exact, in the table or a persistent object cache.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Assistant\RateLimiter;
use ByokAi\Tests\TestCase;

/**
 * The counters behind the visitor limits.
 */
class RateLimiterTest extends TestCase {

	/**
	 * With a persistent object cache the counters use its atomic increment.
	 */
	public function test_object_cache_counters(): void {
		$limiter  = new RateLimiter();
		$previous = wp_using_ext_object_cache( true );
		try {
			$now = 1700000000;
			$this->assertNull( $limiter->hit( 'test', 2, 60, $now ) );
			$this->assertNull( $limiter->hit( 'test', 2, 60, $now + 1 ) );
			$this->assertSame( 60 - ( ( $now + 2 ) % 60 ), $limiter->hit( 'test', 2, 60, $now + 2 ) );
			$this->assertNull( $limiter->hit( 'test', 2, 60, $now + 60 ), 'The next window starts afresh.' );
			global $wpdb;
			$this->assertSame( '0', (string) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . $limiter->table() ), 'No row was written.' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
		} finally {
			wp_using_ext_object_cache( (bool) $previous ); // Null would leave it switched on.
		}
	}

	/**
	 * Several limits in one statement: a hit that updates every counter is one query; a new
	 * window's row or a refusal also reads back which limit refused. The refusal leaves the
	 * counters after it untouched.
	 */
	public function test_all_limits_in_one_statement(): void {
		global $wpdb;
		$limiter = new RateLimiter();
		$now     = 1700000040;
		$limits  = array(
			'minute' => array( 'test-a', 5, 60 ),
			'hour'   => array( 'test-b', 2, 3600 ),
		);
		$queries = $wpdb->num_queries;
		$this->assertNull( $limiter->hit_all( $limits, $now ) );
		$this->assertSame( 2, $wpdb->num_queries - $queries, 'New rows: the statement and the read-back.' );

		$queries = $wpdb->num_queries;
		$this->assertNull( $limiter->hit_all( $limits, $now + 1 ) );
		$this->assertSame( 1, $wpdb->num_queries - $queries, 'Both counters updated: one statement.' );

		$refused = $limiter->hit_all( $limits, $now + 2 );
		$this->assertIsArray( $refused );
		$this->assertSame( 'hour', $refused[0] );
		$this->assertSame( array( '3', '2' ), $wpdb->get_col( 'SELECT hits FROM ' . $limiter->table() . " WHERE bucket LIKE '%test-%' ORDER BY bucket" ), 'The minute counted the refused hit, the hour did not.' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
	}
}
