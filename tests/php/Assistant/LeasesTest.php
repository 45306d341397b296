<?php
/**
 * Leases: one holder at a time.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Assistant\Leases;
use ByokAi\Assistant\RateLimiter;
use ByokAi\Tests\TestCase;

/**
 * Leases, in the counters' table and in a persistent object cache.
 */
class LeasesTest extends TestCase {

	/**
	 * A lease has one holder at a time until it is released or expires, in the table and in a
	 * persistent object cache alike, and is apart from the counters.
	 */
	public function test_leases(): void {
		$limiter = new RateLimiter();
		$leases  = new Leases();
		$now     = 1700000000;
		foreach ( array( false, true ) as $cache ) {
			$previous = wp_using_ext_object_cache( $cache );
			try {
				$this->assertTrue( $leases->claim( 'summary:1:a', 60, $now ) );
				$this->assertFalse( $leases->claim( 'summary:1:a', 60, $now + 1 ), 'Held by the first claim.' );
				$this->assertTrue( $leases->claim( 'summary:1:b', 60, $now + 1 ), 'Another lease is apart.' );
				$leases->release( 'summary:1:a' );
				$this->assertTrue( $leases->claim( 'summary:1:a', 60, $now + 2 ), 'Released.' );
				if ( ! $cache ) {
					// In the cache the entry's own TTL ends it.
					$this->assertFalse( $leases->claim( 'summary:1:a', 60, $now + 61 ), 'Still held.' );
					$this->assertTrue( $leases->claim( 'summary:1:a', 60, $now + 62 ), 'Expired: a holder that died keeps it no longer.' );
				}
				$this->assertNull( $limiter->hit( 'summary:1:a', 1, 60, $now ), 'A counter of the same name is apart.' );
			} finally {
				wp_using_ext_object_cache( (bool) $previous );
			}
		}
	}
}
