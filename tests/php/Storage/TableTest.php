<?php
/**
 * The plugin's tables: created and updated through dbDelta, dropped on uninstall.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Storage;

use ByokAi\Storage\Table;
use ByokAi\Tests\TestCase;

/**
 * A table of its own (the DDL commits, so the test's transaction is dropped first and the
 * table removed at the end).
 */
class TableTest extends TestCase {

	/**
	 * Column names of a table.
	 *
	 * @param string $table Table.
	 * @return list<string>
	 */
	private static function columns( string $table ): array {
		global $wpdb;
		return $wpdb->get_col( "SHOW COLUMNS FROM {$table}" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * Install creates it with the subclass's columns, a second install adds a new column to
	 * the existing table and keeps its rows, uninstall drops it.
	 */
	public function test_install_update_and_uninstall(): void {
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
		$table = new class() extends Table {
			public const TABLE = 'byok_ai_table_test';

			/** Whether the second version of the columns is asked for. */
			public bool $v2 = false;

			/**
			 * Columns.
			 */
			protected function columns(): string {
				return "  name varchar(20) NOT NULL,\n" . ( $this->v2 ? "  size int(10) unsigned NOT NULL DEFAULT 0,\n" : '' ) . '  PRIMARY KEY  (name)';
			}
		};
		try {
			$this->assertSame( $wpdb->prefix . 'byok_ai_table_test', $table->table() );
			$table->install();
			$this->assertSame( array( 'name' ), self::columns( $table->table() ) );
			$wpdb->insert( $table->table(), array( 'name' => 'kept' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery

			$table->v2 = true;
			$table->install();
			$this->assertSame( array( 'name', 'size' ), self::columns( $table->table() ) );
			$this->assertSame( 'kept', $wpdb->get_var( "SELECT name FROM {$table->table()}" ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		} finally {
			$table->uninstall();
			$wpdb->query( 'START TRANSACTION' );
		}
		$this->assertNull( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table->table() ) ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	}
}
