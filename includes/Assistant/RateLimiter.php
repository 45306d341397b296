<?php
/**
 * Counters for the visitor limits.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

/**
 * Fixed-window counters that stay exact when many requests arrive at once and when several web
 * servers share the site: each hit is one atomic operation, never a read followed by a write.
 *
 * With a persistent object cache (Redis, Memcached…) it is the cache's `incr`, whose result is
 * this hit's own count. Without one it is a conditional `UPDATE … SET hits = hits + 1 WHERE
 * hits < limit` on the site's own table: the database decides which hits get the remaining
 * places, and refused hits aren't counted. A window's counter is named after the window, so
 * nothing has to reset it; expired rows are pruned now and then.
 *
 * The same store keeps leases: work that one request at a time may do (a summary's one upstream
 * call). A lease is claimed by one atomic insert-if-missing and ends when released or expired.
 */
class RateLimiter {

	public const TABLE = 'byok_ai_counters';

	/** Object cache group; counters are per site like the table. */
	private const GROUP = 'byok_ai_limits';

	/** One hit in this many prunes expired rows. */
	private const PRUNE_ONE_IN = 50;

	/**
	 * Returns the table name for the current site.
	 */
	public function table(): string {
		global $wpdb;
		return $wpdb->prefix . self::TABLE;
	}

	/**
	 * Creates or updates the table (dbDelta's exact formatting rules apply to this statement).
	 */
	public function install(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$table   = $this->table();
		$charset = $wpdb->get_charset_collate();
		dbDelta(
			"CREATE TABLE {$table} (
  bucket varchar(100) NOT NULL,
  expires_at bigint(20) unsigned NOT NULL,
  hits int(10) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY  (bucket),
  KEY expires_at (expires_at)
) {$charset};"
		);
	}

	/**
	 * Drops the table (uninstall).
	 */
	public function uninstall(): void {
		global $wpdb;
		$wpdb->query( 'DROP TABLE IF EXISTS ' . $this->table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- Table name from $wpdb->prefix; dropping the plugin's own table on uninstall.
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
			$taken = true === $this->take_from_table( $bucket, $limit, $expires, $now );
		}
		return $taken ? null : $wait;
	}

	/**
	 * Claims a lease, for work that must not run twice at once. Only one request holds a lease at
	 * a time; it ends when released, or after $ttl seconds so that a holder that died can't keep it.
	 *
	 * @param string $name Lease name; at most 80 characters.
	 * @param int    $ttl  Seconds the lease lasts unless released earlier.
	 * @param int    $now  Current Unix time.
	 * @return bool Whether this request holds the lease now. False when another one does, or when
	 *              the store can't be reached.
	 */
	public function claim( string $name, int $ttl, int $now ): bool {
		$bucket = self::lease( $name );
		if ( wp_using_ext_object_cache() ) {
			return wp_cache_add( $bucket, $now, self::GROUP, max( 1, $ttl ) );
		}
		global $wpdb;
		$table = $this->table();
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- A lease is an atomic insert-if-missing: no cache can stand in for it; the table name comes from $wpdb->prefix.
		// An expired lease is cleared first; racing claimers can each clear it, and one insert wins.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE bucket = %s AND expires_at <= %d", $bucket, $now ) );
		$claimed = $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$table} (bucket, expires_at, hits) VALUES (%s, %d, 1)", $bucket, $now + max( 1, $ttl ) ) );
		// phpcs:enable
		return 1 === $claimed;
	}

	/**
	 * Releases a lease (whoever holds it: call this only after a successful claim()).
	 *
	 * @param string $name Lease name.
	 */
	public function release( string $name ): void {
		$bucket = self::lease( $name );
		if ( wp_using_ext_object_cache() ) {
			wp_cache_delete( $bucket, self::GROUP );
			return;
		}
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$this->table()} WHERE bucket = %s", $bucket ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- See claim().
	}

	/**
	 * The store's name of a lease, apart from the counters' names.
	 *
	 * @param string $name Lease name.
	 */
	private static function lease( string $name ): string {
		return 'lease:' . substr( $name, 0, 80 );
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
	 * @param int    $now     Current time.
	 * @return bool|null Whether the hit was taken; null when the table can't be reached.
	 */
	private function take_from_table( string $bucket, int $limit, int $expires, int $now ): ?bool {
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
		if ( 0 === wp_rand( 0, self::PRUNE_ONE_IN - 1 ) ) {
			$this->prune( $now );
		}
		return false === $taken ? null : 1 === (int) $taken;
	}

	/**
	 * Deletes the rows of ended windows and expired leases (now and then on a hit, and daily).
	 *
	 * @param int $now Current Unix time.
	 */
	public function prune( int $now ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$this->table()} WHERE expires_at < %d", $now ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table; expires_at is indexed.
	}

}
