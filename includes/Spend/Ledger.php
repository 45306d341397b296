<?php
/**
 * Spend counters per cap and period.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

use ByokAi\Storage\Table;

/**
 * The {prefix}byok_ai_spend table: one row per counter and period ("overall@d:2026-12-02"),
 * holding micros (or tokens) spent or held, and which alerts went out.
 *
 * Every change is one statement, never a read followed by a write, like the visitor counters
 * (RateLimiter): a conditional `UPDATE … SET amount = amount + n WHERE amount + n <= cap` lets
 * the database decide which of many parallel requests get what is left of a cap. Money lives
 * only in the database, not in a persistent object cache: a cache may evict a counter and
 * forget what was spent. Standard SQL apart from INSERT IGNORE, so it runs on SQLite too.
 */
class Ledger extends Table {

	public const TABLE = 'byok_ai_spend';

	/** Rows are kept this long after their period, for the settings page's figures. */
	private const KEEP = 35 * DAY_IN_SECONDS;

	/**
	 * The counters: one row per counter and period.
	 */
	protected function columns(): string {
		return '
  bucket varchar(120) NOT NULL,
  expires_at bigint(20) unsigned NOT NULL,
  amount bigint(20) NOT NULL DEFAULT 0,
  alerted tinyint(3) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY  (bucket),
  KEY expires_at (expires_at)';
	}

	/**
	 * Adds an amount to a counter only while the result stays within its cap.
	 *
	 * @param string $bucket  Counter and period.
	 * @param int    $amount  Micros or tokens (> 0).
	 * @param int    $cap     The cap.
	 * @param int    $expires When the period ends.
	 * @return bool|null Whether it was added; null when the table can't be reached.
	 */
	public function take( string $bucket, int $amount, int $cap, int $expires ): ?bool {
		if ( $amount > $cap ) {
			return false;
		}
		global $wpdb;
		$table = $this->table();
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- $update is prepared. An atomic counter: no cache can stand in for it; the table name comes from $wpdb->prefix.
		$update = $wpdb->prepare( "UPDATE {$table} SET amount = amount + %d WHERE bucket = %s AND amount + %d <= %d", $amount, $bucket, $amount, $cap );
		$taken  = $wpdb->query( $update );
		if ( 0 === $taken ) {
			// Missing counter: exactly one INSERT IGNORE creates it; a loser of that race updates.
			$created = $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$table} (bucket, expires_at, amount) VALUES (%s, %d, %d)", $bucket, $expires + self::KEEP, $amount ) );
			$taken   = 1 === $created ? 1 : ( false === $created ? false : $wpdb->query( $update ) );
		}
		// phpcs:enable
		return false === $taken ? null : 1 === (int) $taken;
	}

	/**
	 * Adds an amount (negative to give back) to a counter whatever its cap: what a call
	 * really cost is owed even past the cap.
	 *
	 * @param string $bucket  Counter and period.
	 * @param int    $amount  Micros or tokens.
	 * @param int    $expires When the period ends.
	 */
	public function add( string $bucket, int $amount, int $expires ): void {
		if ( 0 === $amount ) {
			return;
		}
		global $wpdb;
		$table = $this->table();
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- See take().
		$update = $wpdb->prepare( "UPDATE {$table} SET amount = amount + %d WHERE bucket = %s", $amount, $bucket );
		if ( 0 === $wpdb->query( $update ) && 1 !== $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$table} (bucket, expires_at, amount) VALUES (%s, %d, %d)", $bucket, $expires + self::KEEP, $amount ) ) ) {
			$wpdb->query( $update );
		}
		// phpcs:enable
	}

	/**
	 * Holds an amount on several counters, all or none, in one statement (MySQL/MariaDB:
	 * Table::take_all()); a counter it would take past its cap refuses, and those before it
	 * give the amount back.
	 *
	 * @since 0.2.0
	 *
	 * @param array<string, array{limit: int, expires: int}> $caps   Counter and period => its cap and period end, in order.
	 * @param int                                            $amount Amount to hold (> 0).
	 * @return true|string|null True when every counter took it; the counter that refused; null
	 *                          when the table couldn't be reached (nothing held).
	 */
	public function take_every( array $caps, int $amount ) {
		$counters = array();
		foreach ( $caps as $bucket => $cap ) {
			if ( $amount > $cap['limit'] ) {
				return $bucket; // Refused before anything is written, as take() would.
			}
			$counters[] = array( $bucket, $cap['limit'], $cap['expires'] + self::KEEP );
		}
		$refused = $this->take_all( 'amount', $counters, $amount );
		if ( 0 === $refused || null === $refused ) {
			return 0 === $refused ? true : null;
		}
		$keys   = array_keys( $caps );
		$before = array_slice( $caps, 0, $refused - 1, true );
		$this->add_all( array_map( static fn( array $cap ): int => $cap['expires'], $before ), -$amount );
		return isset( $keys[ $refused - 1 ] ) ? (string) $keys[ $refused - 1 ] : null;
	}

	/**
	 * Adds the same amount to several counters in one statement (settling a reservation held on
	 * each of them), creating any that is missing; elsewhere than MySQL/MariaDB, one add() each.
	 *
	 * @since 0.2.0
	 *
	 * @param array<string, int> $buckets Counter and period => when its period ends.
	 * @param int                $amount  Amount to add (negative gives back).
	 */
	public function add_all( array $buckets, int $amount ): void {
		if ( 0 === $amount || array() === $buckets ) {
			return;
		}
		if ( 1 === count( $buckets ) || ! self::on_mysql() ) {
			foreach ( $buckets as $bucket => $expires ) {
				$this->add( $bucket, $amount, $expires );
			}
			return;
		}
		global $wpdb;
		$rows = array();
		$args = array();
		foreach ( $buckets as $bucket => $expires ) {
			$rows[] = '(%s, %d, %d)';
			array_push( $args, $bucket, $expires + self::KEEP, $amount );
		}
		$args[] = $amount;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- Prepared here; see take().
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$this->table()} (bucket, expires_at, amount) VALUES " . implode( ', ', $rows ) . ' ON DUPLICATE KEY UPDATE amount = amount + %d', $args ) );
	}

	/**
	 * Marks an alert as sent for a counter once it has reached an amount. Only one request
	 * ever wins a mark: the condition and the change are one statement.
	 *
	 * @param string $bucket Counter and period.
	 * @param int    $bit    The alert (1, 2, 4…).
	 * @param int    $at     The amount from which it is due.
	 * @return bool Whether this request marked it (and so sends it).
	 */
	public function mark( string $bucket, int $bit, int $at ): bool {
		global $wpdb;
		$marked = $wpdb->query( $wpdb->prepare( "UPDATE {$this->table()} SET alerted = alerted | %d WHERE bucket = %s AND ( alerted & %d ) = 0 AND amount >= %d", $bit, $bucket, $bit, $at ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- See take().
		return 1 === $marked;
	}

	/**
	 * Reads counters.
	 *
	 * @param string[] $buckets Counters and periods.
	 * @return array<string, array{amount: int, alerted: int}> The ones that exist.
	 */
	public function read( array $buckets ): array {
		if ( ! $buckets ) {
			return array();
		}
		global $wpdb;
		$places = implode( ', ', array_fill( 0, count( $buckets ), '%s' ) );
		$rows   = $wpdb->get_results( $wpdb->prepare( "SELECT bucket, amount, alerted FROM {$this->table()} WHERE bucket IN ({$places})", $buckets ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- Counters change with every call: no cache; $places holds one %s per bucket.
		return self::rows( $rows );
	}

	/**
	 * Returns the counters of current periods with an alert sent.
	 *
	 * @param int $now Unix time.
	 * @return array<string, array{amount: int, alerted: int}>
	 */
	public function alerted( int $now ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT bucket, amount, alerted FROM {$this->table()} WHERE alerted > 0 AND expires_at > %d ORDER BY bucket LIMIT 50", $now + self::KEEP ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Read only while an alert hint is set; see Alerts.
		return self::rows( $rows );
	}

	/**
	 * Returns when a counter's period ends (0 when it has no row).
	 *
	 * @param string $bucket Counter and period.
	 */
	public function period_end( string $bucket ): int {
		global $wpdb;
		$expires = $wpdb->get_var( $wpdb->prepare( "SELECT expires_at FROM {$this->table()} WHERE bucket = %s", $bucket ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Once per alert sent.
		return null === $expires ? 0 : max( 0, (int) $expires - self::KEEP );
	}

	/**
	 * Keys rows by bucket.
	 *
	 * @param mixed $rows Query result.
	 * @return array<string, array{amount: int, alerted: int}>
	 */
	private static function rows( $rows ): array {
		$found = array();
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$found[ (string) $row['bucket'] ] = array(
				'amount'  => (int) $row['amount'],
				'alerted' => (int) $row['alerted'],
			);
		}
		return $found;
	}

	/**
	 * Deletes the rows of periods that ended more than KEEP ago.
	 *
	 * @param int $now Unix time.
	 */
	public function prune( int $now ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$this->table()} WHERE expires_at < %d", $now ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table; expires_at is indexed.
	}
}
