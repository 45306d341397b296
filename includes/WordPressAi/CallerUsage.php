<?php
/**
 * Which plugin spent what through WordPress's AI Client.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Usage\UsageLog;

/**
 * Sums the usage log's AI Client calls (cause "wp-ai-client:{caller}") per caller.
 *
 * @phpstan-type CallerTotals array{caller: string, requests: int, refused: int, errors: int, input_tokens: int, output_tokens: int}
 */
class CallerUsage {

	private UsageLog $usage;

	/**
	 * Stores the usage log.
	 *
	 * @param UsageLog $usage Usage records.
	 */
	public function __construct( UsageLog $usage ) {
		$this->usage = $usage;
	}

	/**
	 * Sums calls per caller since a moment, most requests first.
	 *
	 * @param int $since Unix timestamp.
	 * @return list<CallerTotals>
	 */
	public function since( int $since ): array {
		global $wpdb;
		$table = $this->usage->table();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table; figures must be current.
		$rows   = $wpdb->get_results( $wpdb->prepare( "SELECT SUBSTRING(cause, 14) AS caller, COUNT(*) AS requests, SUM(outcome = %s) AS refused, SUM(outcome <> 'ok' AND outcome <> %s) AS errors, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens FROM {$table} WHERE created_at >= %s AND cause LIKE %s GROUP BY cause ORDER BY requests DESC, caller", Gate::REFUSED, Gate::REFUSED, gmdate( 'Y-m-d H:i:s', $since ), $wpdb->esc_like( 'wp-ai-client:' ) . '%' ), ARRAY_A );
		$totals = array();
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$totals[] = array(
				'caller'        => (string) $row['caller'],
				'requests'      => (int) $row['requests'],
				'refused'       => (int) $row['refused'],
				'errors'        => (int) $row['errors'],
				'input_tokens'  => (int) $row['input_tokens'],
				'output_tokens' => (int) $row['output_tokens'],
			);
		}
		return $totals;
	}
}
