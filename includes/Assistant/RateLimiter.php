<?php
/**
 * Counters for the visitor limits.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

/**
 * Fixed-window counters that stay exact when many requests arrive at once and when several web
 * servers share the site: each hit is one atomic increment whose result is this request's own
 * count, never a read followed by a write.
 *
 * With a persistent object cache (Redis, Memcached…) the increment is the cache's `incr`; without
 * one it is a single `INSERT … ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(hits + 1)` on the
 * site's own table, whose row lock serializes concurrent hits and whose LAST_INSERT_ID() is
 * per connection. A window's counter is named after the window, so nothing has to reset it;
 * expired rows are pruned now and then.
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
		$count  = wp_using_ext_object_cache() ? $this->increment_cache( $bucket, $window ) : $this->increment_table( $bucket, $expires, $now );
		return ( null !== $count && $count <= $limit ) ? null : $wait;
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
	 * Increments a counter row.
	 *
	 * @param string $bucket  Counter and window.
	 * @param int    $expires When the window ends.
	 * @param int    $now     Current time.
	 * @return int|null This hit's count.
	 */
	private function increment_table( string $bucket, int $expires, int $now ): ?int {
		global $wpdb;
		$table = $this->table();
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- An atomic counter: no cache can stand in for it; the table name comes from $wpdb->prefix.
		$affected = $wpdb->query(
			$wpdb->prepare(
				"INSERT INTO {$table} (bucket, expires_at, hits) VALUES (%s, %d, 1) ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(hits + 1)",
				$bucket,
				$expires
			)
		);
		if ( false === $affected ) {
			return null;
		}
		// MySQL reports 1 row for an insert and 2 for an update of an existing row.
		$count = 1 === (int) $affected ? 1 : (int) $wpdb->get_var( 'SELECT LAST_INSERT_ID()' );
		if ( 0 === wp_rand( 0, self::PRUNE_ONE_IN - 1 ) ) {
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE expires_at < %d LIMIT 500", $now ) );
		}
		// phpcs:enable
		return $count > 0 ? $count : null;
	}
}
