<?php
/**
 * The usage table's columns and UsageLog::record()'s optional keys.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Usage;

use ByokAi\Installer;
use ByokAi\Tests\TestCase;
use ByokAi\Usage\UsageLog;

/**
 * Records with and without the cost, cache, reasoning, user, post and block fields.
 */
class UsageLogTest extends TestCase {

	/**
	 * The upgrade path: the installed schema is the current one, with the dashboard's columns and indexes.
	 */
	public function test_the_table_has_the_dashboard_columns_and_indexes(): void {
		global $wpdb;
		$this->assertSame( Installer::SCHEMA_VERSION, get_option( Installer::VERSION_OPTION ) );
		$table   = ( new UsageLog() )->table();
		$columns = $wpdb->get_col( "SHOW COLUMNS FROM {$table}" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		foreach ( array( 'cached_input_tokens', 'reasoning_tokens', 'cost_micros', 'user_id', 'post_id', 'block_id' ) as $column ) {
			$this->assertContains( $column, $columns );
		}
		$indexes = $wpdb->get_col( "SHOW INDEX FROM {$table}", 2 ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->assertContains( 'created_at', $indexes );
		$this->assertContains( 'provider_created', $indexes );
		$this->assertContains( 'dashboard', $indexes );
	}

	/**
	 * Missing optional keys are 0, '' and null (cost unknown); given ones are stored.
	 */
	public function test_record_stores_the_optional_fields(): void {
		global $wpdb;
		$log  = new UsageLog();
		$base = array(
			'provider'      => 'openai',
			'model'         => 'gpt-test',
			'input_tokens'  => 100,
			'output_tokens' => 20,
			'latency_ms'    => 5,
			'outcome'       => 'ok',
			'streamed'      => false,
			'cause'         => 'php',
		);
		$this->assertTrue( $log->record( $base ) );
		$this->assertTrue(
			$log->record(
				$base + array(
					'cached_input_tokens' => 40,
					'reasoning_tokens'    => 7,
					'cost_micros'         => 1234,
					'user_id'             => 3,
					'post_id'             => 9,
					'block_id'            => str_repeat( 'b', 80 ),
				)
			)
		);
		$this->assertTrue( $log->record( $base + array( 'cost_micros' => 0 ) ) );
		$rows = $wpdb->get_results( "SELECT cached_input_tokens, reasoning_tokens, cost_micros, user_id, post_id, block_id FROM {$log->table()} ORDER BY id", ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->assertSame(
			array(
				array( '0', '0', null, '0', '0', '' ),
				array( '40', '7', '1234', '3', '9', str_repeat( 'b', 64 ) ),
				// A known cost of 0 (a free model) is not unknown.
				array( '0', '0', '0', '0', '0', '' ),
			),
			array_map( 'array_values', $rows )
		);
	}
}
