<?php
/**
 * One of the plugin's own database tables.
 *
 * @package ByokAi
 */

namespace ByokAi\Storage;

/**
 * A table per site ({prefix}TABLE): its name, its creation through dbDelta() on install and
 * upgrade, and its removal on uninstall. Subclasses give the name and the column definitions.
 */
abstract class Table {

	/** The table's name without the site's prefix. */
	public const TABLE = '';

	/**
	 * Returns the table name for the current site.
	 */
	public function table(): string {
		global $wpdb;
		return $wpdb->prefix . static::TABLE;
	}

	/**
	 * Creates or updates the table.
	 */
	public function install(): void {
		self::create( $this->table(), $this->columns() );
	}

	/**
	 * Drops the table (uninstall).
	 */
	public function uninstall(): void {
		global $wpdb;
		$wpdb->query( 'DROP TABLE IF EXISTS ' . $this->table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- Table name from $wpdb->prefix; dropping the plugin's own table on uninstall.
	}

	/**
	 * The column and key definitions, one a line, as dbDelta() wants them (two spaces after
	 * PRIMARY KEY, no backticks, KEY with a name).
	 */
	abstract protected function columns(): string;

	/**
	 * Creates a table or brings it up to date with dbDelta().
	 *
	 * @param string $table   Full table name.
	 * @param string $columns Column and key definitions (see columns()).
	 */
	public static function create( string $table, string $columns ): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		dbDelta( "CREATE TABLE {$table} (\n" . trim( $columns, "\n" ) . "\n) " . $wpdb->get_charset_collate() . ';' );
	}

	/**
	 * Tells whether the tables are in MySQL or MariaDB, where one statement can write several
	 * counter rows (INSERT … ON DUPLICATE KEY UPDATE, connection variables), rather than in the
	 * SQLite integration, whose translator lacks parts of that.
	 *
	 * @since 0.2.0
	 */
	public static function on_mysql(): bool {
		global $wpdb;
		return ! defined( 'SQLITE_DB_DROPIN_VERSION' ) && false === stripos( (string) get_class( $wpdb ), 'sqlite' ) && ! empty( $wpdb->is_mysql );
	}

	/**
	 * Adds an amount to several counters, in order, each only while it stays within its limit,
	 * in one INSERT … ON DUPLICATE KEY UPDATE (MySQL/MariaDB only: see on_mysql()).
	 *
	 * MySQL and MariaDB write the rows of a multi-row INSERT one after the other, each under its
	 * row lock, evaluating each row's values just before writing it. A connection variable carries
	 * the refusal from row to row: a counter that would pass its limit sets it to its position,
	 * and the rows after it are left as they are (or created at 0). So each counter is as exact
	 * under concurrency as a conditional UPDATE, in one write instead of up to two per counter.
	 * Reading the variable back is not a write, and is needed only when some row didn't count as
	 * updated (2 affected rows each; a refused row is unchanged: 0). The rows before a refusal
	 * keep the amount: the caller decides (the visitor limits count the refused hit; a budget
	 * gives its hold back).
	 *
	 * @since 0.2.0
	 *
	 * @param string                                 $column   The counted column.
	 * @param list<array{0: string, 1: int, 2: int}> $counters [key, limit, expires_at stored on a new row].
	 * @param int                                    $amount   What each counter takes (> 0, not above any limit).
	 * @return int|null 0 when every counter took it; the position (from 1) of the one that
	 *                  refused; null when the statement failed.
	 */
	protected function take_all( string $column, array $counters, int $amount ): ?int {
		global $wpdb;
		$rows   = array();
		$args   = array();
		$limits = array();
		$places = array();
		foreach ( $counters as $position => $counter ) {
			$rows[] = 0 === $position ? '(%s, %d, (@byok_ai_refused := 0) + %d)' : '(%s, %d, IF(@byok_ai_refused = 0, %d, 0))';
			array_push( $args, $counter[0], $counter[2], $amount );
			array_push( $limits, $counter[0], $counter[1] );
			array_push( $places, $counter[0], $position + 1 );
		}
		$when = str_repeat( ' WHEN %s THEN %d', count( $counters ) );
		$sql  = "INSERT INTO {$this->table()} (bucket, expires_at, {$column}) VALUES " . implode( ', ', $rows )
			. " ON DUPLICATE KEY UPDATE {$column} = IF(@byok_ai_refused = 0 AND {$column} + %d <= CASE bucket{$when} ELSE 0 END, {$column} + %d,"
			. " {$column} + 0 * (@byok_ai_refused := IF(@byok_ai_refused = 0, CASE bucket{$when} ELSE %d END, @byok_ai_refused)))";
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Prepared here; the table and column names are the class's own. Atomic counters: no cache can stand in for them.
		$taken = $wpdb->query( $wpdb->prepare( $sql, array_merge( $args, array( $amount ), $limits, array( $amount ), $places, array( count( $counters ) ) ) ) );
		if ( false === $taken ) {
			return null;
		}
		if ( 2 * count( $counters ) === (int) $taken ) {
			return 0;
		}
		$refused = $wpdb->get_var( 'SELECT @byok_ai_refused' );
		// phpcs:enable
		return null === $refused ? null : (int) $refused;
	}
}
