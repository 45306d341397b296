<?php
/**
 * Counters for the visitor limits.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Storage\Table;

/**
 * Fixed-window counters that stay exact when many requests arrive at once and when several web
 * servers share the site: each hit is one atomic operation, never a read followed by a write.
 *
 * With a persistent object cache (Redis, Memcached…) it is the cache's `incr`, whose result is
 * this hit's own count. Without one it is a conditional `UPDATE … SET hits = hits + 1 WHERE
 * hits < limit` on the site's own table: the database decides which hits get the remaining
 * places, and refused hits aren't counted. A window's counter is named after the window, so
 * nothing has to reset it.
 *
 * A visitor's question hits three counters (address, block, day). On MySQL and MariaDB they are
 * taken by one statement (hit_all()); elsewhere one counter at a time. Rows of ended windows are
 * deleted by the daily cleanup (prune()). The same table holds Leases.
 */
class RateLimiter extends Table {

	public const TABLE = 'byok_ai_counters';

	/** Object cache group; counters are per site like the table. */
	public const GROUP = 'byok_ai_limits';

	/**
	 * The counters: one row per counter and window.
	 */
	protected function columns(): string {
		return '
  bucket varchar(100) NOT NULL,
  expires_at bigint(20) unsigned NOT NULL,
  hits int(10) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY  (bucket),
  KEY expires_at (expires_at)';
	}

	/**
	 * Counts one hit against a limit.
	 *
	 * @param string $name   Counter name, e.g. 'ip:<hash>'; at most 80 characters.
	 * @param int    $limit  Hits allowed per window (0 allows none).
	 * @param int    $window Window length in seconds; windows start at multiples of it (UTC).
	 * @param int    $now    Current Unix time.
	 * @return int|null Null when the hit is within the limit; otherwise the seconds until the
	 *                  window ends. A counter that can't be reached refuses (fails closed).
	 */
	public function hit( string $name, int $limit, int $window, int $now ): ?int {
		$window  = max( 1, $window );
		$index   = intdiv( $now, $window );
		$expires = ( $index + 1 ) * $window;
		$wait    = max( 1, $expires - $now );
		if ( $limit <= 0 ) {
			return $wait;
		}
		$bucket = substr( $name, 0, 80 ) . '@' . $index;
		if ( wp_using_ext_object_cache() ) {
			$count = $this->increment_cache( $bucket, $window );
			$taken = null !== $count && $count <= $limit;
		} else {
			$taken = true === $this->take_from_table( $bucket, $limit, $expires );
		}
		return $taken ? null : $wait;
	}

	/**
	 * Counts one hit against several limits, in their order: a hit refused by one limit is not
	 * counted by the ones after it (those before it keep it, as with hit() one at a time).
	 *
	 * @param array<string, array{0: string, 1: int, 2: int}> $limits Limit name => [counter name,
	 *                                                               hits allowed, window], as for hit().
	 * @param int                                             $now    Current Unix time.
	 * @return array{0: string, 1: int}|null Null when every limit took the hit; otherwise the name
	 *                                       of the limit that refused it and the seconds until its
	 *                                       window ends.
	 */
	public function hit_all( array $limits, int $now ): ?array {
		$counters = array();
		foreach ( $limits as $name => $limit ) {
			$window  = max( 1, $limit[2] );
			$index   = intdiv( $now, $window );
			$expires = ( $index + 1 ) * $window;
			if ( $limit[1] <= 0 || ! $this->one_statement() ) {
				$counters = array();
				break;
			}
			$counters[] = array( (string) $name, substr( $limit[0], 0, 80 ) . '@' . $index, $limit[1], $expires, max( 1, $expires - $now ) );
		}
		if ( $counters ) {
			$refused = $this->take_all( 'hits', array_map( static fn( array $counter ): array => array( $counter[1], $counter[2], $counter[3] ), $counters ), 1 );
			if ( 0 === $refused ) {
				return null;
			}
			if ( null !== $refused && isset( $counters[ $refused - 1 ] ) ) {
				return array( $counters[ $refused - 1 ][0], $counters[ $refused - 1 ][4] );
			}
			// The statement failed as a whole: one counter at a time, which fails closed.
		}
		foreach ( $limits as $name => $limit ) {
			$wait = $this->hit( $limit[0], $limit[1], $limit[2], $now );
			if ( null !== $wait ) {
				return array( (string) $name, $wait );
			}
		}
		return null;
	}

	/**
	 * Tells whether hit_all() can take its counters in one statement: the table is in MySQL or
	 * MariaDB (not the SQLite integration, whose translator lacks user variables), and no
	 * persistent object cache holds the counters instead.
	 */
	private function one_statement(): bool {
		return ! wp_using_ext_object_cache() && self::on_mysql();
	}

	/**
	 * Increments a counter in a persistent object cache.
	 *
	 * @param string $bucket Counter and window.
	 * @param int    $ttl    Seconds the counter must live.
	 * @return int|null This hit's count.
	 */
	private function increment_cache( string $bucket, int $ttl ): ?int {
		// add() only creates a missing counter, so racing first hits don't reset each other.
		wp_cache_add( $bucket, 0, self::GROUP, $ttl + 60 );
		$count = wp_cache_incr( $bucket, 1, self::GROUP );
		if ( false === $count ) {
			// Evicted between add() and incr(): this hit starts the counter again.
			return wp_cache_add( $bucket, 1, self::GROUP, $ttl + 60 ) ? 1 : null;
		}
		return (int) $count;
	}

	/**
	 * Takes one hit from a counter row, only while it is below the limit.
	 *
	 * The conditional UPDATE is atomic in the database (a row lock in MySQL/MariaDB; SQLite
	 * serializes writes), so concurrent hits can't both take the last place; a missing row is
	 * created by exactly one INSERT IGNORE, and a hit that loses that race updates instead.
	 * Standard SQL apart from INSERT IGNORE, so it also runs on WordPress' SQLite integration.
	 *
	 * @param string $bucket  Counter and window.
	 * @param int    $limit   Hits allowed.
	 * @param int    $expires When the window ends.
	 * @return bool|null Whether the hit was taken; null when the table can't be reached.
	 */
	private function take_from_table( string $bucket, int $limit, int $expires ): ?bool {
		global $wpdb;
		$table = $this->table();
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- $update is prepared. An atomic counter: no cache can stand in for it; the table name comes from $wpdb->prefix.
		$update = $wpdb->prepare( "UPDATE {$table} SET hits = hits + 1 WHERE bucket = %s AND hits < %d", $bucket, $limit );
		$taken  = $wpdb->query( $update );
		if ( 0 === $taken ) {
			$created = $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$table} (bucket, expires_at, hits) VALUES (%s, %d, 1)", $bucket, $expires ) );
			// 1: this hit created the counter. 0: it exists (full, or created by a concurrent hit).
			$taken = 1 === $created ? 1 : ( false === $created ? false : $wpdb->query( $update ) );
		}
		// phpcs:enable
		return false === $taken ? null : 1 === (int) $taken;
	}

	/**
	 * Deletes the rows of ended windows and expired leases (the daily cleanup).
	 *
	 * @param int $now Current Unix time.
	 */
	public function prune( int $now ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$this->table()} WHERE expires_at < %d", $now ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table; expires_at is indexed.
	}

}
