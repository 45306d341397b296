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
}
