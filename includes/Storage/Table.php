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
}
