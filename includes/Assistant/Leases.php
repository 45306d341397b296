<?php
/**
 * Leases: work that one request at a time may do.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

/**
 * A lease (a summary's one upstream call, for instance) is claimed by one atomic
 * insert-if-missing and ends when released or expired. It lives where the visitor counters live:
 * in a persistent object cache when there is one, else in the counters' table under its own
 * names.
 */
class Leases {

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
		$bucket = self::bucket( $name );
		if ( wp_using_ext_object_cache() ) {
			return wp_cache_add( $bucket, $now, RateLimiter::GROUP, max( 1, $ttl ) );
		}
		global $wpdb;
		$table = self::table();
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
		$bucket = self::bucket( $name );
		if ( wp_using_ext_object_cache() ) {
			wp_cache_delete( $bucket, RateLimiter::GROUP );
			return;
		}
		global $wpdb;
		$table = self::table();
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE bucket = %s", $bucket ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- See claim().
	}

	/**
	 * The store's name of a lease, apart from the counters' names.
	 *
	 * @param string $name Lease name.
	 */
	private static function bucket( string $name ): string {
		return 'lease:' . substr( $name, 0, 80 );
	}

	/**
	 * The counters' table of the current site.
	 */
	private static function table(): string {
		global $wpdb;
		return $wpdb->prefix . RateLimiter::TABLE;
	}
}
