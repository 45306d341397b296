<?php
/**
 * Writes usage rows at chosen moments, for the dashboard's tests.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Usage;

/**
 * Inserts rows straight into the usage table (UsageLog::record() always stamps "now").
 */
trait UsageRows {

	/**
	 * Inserts one usage row.
	 *
	 * @param string               $utc    created_at, UTC.
	 * @param array<string, mixed> $fields Columns to set besides the defaults.
	 */
	protected function usage_row( string $utc, array $fields = array() ): void {
		global $wpdb;
		$row = $fields + array(
			'created_at'    => $utc,
			'provider'      => 'openai',
			'model'         => 'gpt-test',
			'input_tokens'  => 10,
			'output_tokens' => 5,
			'outcome'       => 'ok',
			'cause'         => 'php',
			'cost_micros'   => null,
		);
		$this->assertSame( 1, $wpdb->insert( $wpdb->prefix . 'byok_ai_usage', $row ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
	}
}
