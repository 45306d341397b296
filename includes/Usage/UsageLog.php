<?php
/**
 * Records every upstream call.
 *
 * @package ByokAi
 */

namespace ByokAi\Usage;

/**
 * One row per upstream call in the site's own table ({prefix}byok_ai_usage: per site on a
 * multisite network): provider, model, tokens, latency, outcome, cause, cost (null when the price is
 * unknown), and the user, post and block behind the call. No prompt, answer, key or IP address is
 * stored.
 *
 * @phpstan-type UsageRecord array{provider: string, model: string, input_tokens: int, output_tokens: int, latency_ms: int, outcome: string, streamed: bool, cause: string, cached_input_tokens?: int, reasoning_tokens?: int, cost_micros?: int|null, user_id?: int, post_id?: int, block_id?: string}
 * @phpstan-type UsageTotals array{provider: string, requests: int, errors: int, input_tokens: int, output_tokens: int}
 */
class UsageLog {

	public const TABLE = 'byok_ai_usage';

	/**
	 * Rows waiting for the end of the request (record()).
	 *
	 * @var list<array<string, mixed>>
	 * @phpstan-var list<UsageRecord>
	 */
	private array $pending = array();

	/**
	 * Returns the table name for the current site.
	 */
	public function table(): string {
		global $wpdb;
		return $wpdb->prefix . self::TABLE;
	}

	/**
	 * Creates or updates the table (dbDelta's exact formatting rules apply to this statement).
	 * The `dashboard` index holds every column the dashboard sums, so its queries over a period
	 * read that index alone (see UsageReport; bin/bench/dashboard-bench.php).
	 */
	public function install(): void {
		\ByokAi\Storage\Table::create(
			$this->table(),
			"
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  created_at datetime NOT NULL,
  provider varchar(32) NOT NULL,
  model varchar(128) NOT NULL DEFAULT '',
  input_tokens int(10) unsigned NOT NULL DEFAULT 0,
  output_tokens int(10) unsigned NOT NULL DEFAULT 0,
  latency_ms int(10) unsigned NOT NULL DEFAULT 0,
  outcome varchar(64) NOT NULL DEFAULT '',
  streamed tinyint(1) unsigned NOT NULL DEFAULT 0,
  cause varchar(100) NOT NULL DEFAULT '',
  cached_input_tokens int(10) unsigned NOT NULL DEFAULT 0,
  reasoning_tokens int(10) unsigned NOT NULL DEFAULT 0,
  cost_micros bigint(20) unsigned DEFAULT NULL,
  user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  post_id bigint(20) unsigned NOT NULL DEFAULT 0,
  block_id varchar(64) NOT NULL DEFAULT '',
  PRIMARY KEY  (id),
  KEY created_at (created_at),
  KEY provider_created (provider,created_at),
  KEY dashboard (created_at,provider,outcome,cause,post_id,block_id,input_tokens,output_tokens,cached_input_tokens,reasoning_tokens,cost_micros)"
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
	 * Stores one call. Failing to record never fails the call itself.
	 *
	 * On a REST request served by PHP-FPM the row waits for the end of the request: the answer
	 * is sent first (fastcgi_finish_request()), then the rows are written in one statement, so
	 * the caller doesn't wait for the write (issue 13). Budgets don't depend on it: their
	 * reservation is made and settled in the ledger, not here.
	 *
	 * @param array $record Call: provider, model, input_tokens, output_tokens, latency_ms, outcome, streamed,
	 *                      cause; optionally cached_input_tokens, reasoning_tokens, cost_micros (millionths
	 *                      of the site currency, null = unknown), user_id, post_id, block_id.
	 *
	 * @phpstan-param UsageRecord $record
	 */
	public function record( array $record ): bool {
		if ( ! self::after_response() ) {
			return $this->insert( array( $record ) );
		}
		$this->pending[] = $record;
		if ( 1 === count( $this->pending ) ) {
			// Last of the request's work, after every other shutdown callback.
			add_action( 'shutdown', array( $this, 'flush' ), PHP_INT_MAX );
		}
		return true;
	}

	/**
	 * Ends the response for the client (where PHP-FPM can), then writes the rows kept by record().
	 *
	 * @since 0.2.0
	 */
	public function flush(): void {
		$rows          = $this->pending;
		$this->pending = array();
		if ( array() === $rows ) {
			return;
		}
		if ( function_exists( 'fastcgi_finish_request' ) ) {
			fastcgi_finish_request();
		}
		$this->insert( $rows );
	}

	/**
	 * Whether rows wait for the end of the request: a REST request under PHP-FPM, by default.
	 */
	private static function after_response(): bool {
		/**
		 * Filters whether usage rows are written after the response is sent (at `shutdown`).
		 *
		 * @since 0.2.0
		 *
		 * @param bool $after Default: a REST request served by PHP-FPM.
		 */
		return (bool) apply_filters( 'byok_ai_usage_after_response', function_exists( 'fastcgi_finish_request' ) && wp_is_serving_rest_request() );
	}

	/**
	 * Inserts rows in one statement.
	 *
	 * @param non-empty-list<array<string, mixed>> $records Rows as record() takes them.
	 *
	 * @phpstan-param non-empty-list<UsageRecord> $records
	 */
	private function insert( array $records ): bool {
		global $wpdb;
		$text   = static fn( string $value, int $length ): string => wp_check_invalid_utf8( substr( $value, 0, $length ), true );
		$tuples = array();
		$values = array();
		foreach ( $records as $record ) {
			array_push(
				$values,
				gmdate( 'Y-m-d H:i:s' ),
				$text( $record['provider'], 32 ),
				$text( $record['model'], 128 ),
				max( 0, $record['input_tokens'] ),
				max( 0, $record['output_tokens'] ),
				max( 0, $record['latency_ms'] ),
				$text( $record['outcome'], 64 ),
				$record['streamed'] ? 1 : 0,
				$text( $record['cause'], 100 ),
				max( 0, $record['cached_input_tokens'] ?? 0 ),
				max( 0, $record['reasoning_tokens'] ?? 0 ),
				max( 0, $record['user_id'] ?? 0 ),
				max( 0, $record['post_id'] ?? 0 ),
				$text( $record['block_id'] ?? '', 64 )
			);
			$cost     = isset( $record['cost_micros'] ) ? (string) max( 0, $record['cost_micros'] ) : 'NULL';
			$tuples[] = "(%s, %s, %s, %d, %d, %d, %s, %d, %s, %d, %d, %d, %d, %s, {$cost})";
		}
		$table  = $this->table();
		$tuples = implode( ', ', $tuples );
		// One prepared INSERT rather than $wpdb->insert(), which first asks the table's column
		// charsets (SHOW FULL COLUMNS: one more query per answer, issue 13). The values are
		// checked here: integers, and text cut to the column and stripped of invalid UTF-8.
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- The plugin's own table; nothing to cache on write; each tuple's cost_micros is an integer or NULL; one value per placeholder, in column order.
		$inserted = $wpdb->query( $wpdb->prepare( "INSERT INTO {$table} (created_at, provider, model, input_tokens, output_tokens, latency_ms, outcome, streamed, cause, cached_input_tokens, reasoning_tokens, user_id, post_id, block_id, cost_micros) VALUES {$tuples}", $values ) );
		return false !== $inserted;
	}

	/**
	 * Deletes the calls recorded before a moment (the daily cleanup).
	 *
	 * @param int $before Unix timestamp.
	 * @return int Rows deleted; 0 when none or when the table can't be reached.
	 */
	public function prune( int $before ): int {
		global $wpdb;
		$table = $this->table();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table; created_at is indexed.
		return (int) $wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE created_at < %s", gmdate( 'Y-m-d H:i:s', $before ) ) );
	}

	/**
	 * Sums calls per provider since a moment.
	 *
	 * @param int $since Unix timestamp.
	 * @return list<UsageTotals>
	 */
	public function totals_since( int $since ): array {
		global $wpdb;
		$table = $this->table();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table; figures must be current, so no cache.
		$rows   = $wpdb->get_results( $wpdb->prepare( "SELECT provider, COUNT(*) AS requests, SUM(outcome <> 'ok') AS errors, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens FROM {$table} WHERE created_at >= %s GROUP BY provider ORDER BY provider", gmdate( 'Y-m-d H:i:s', $since ) ), ARRAY_A );
		$totals = array();
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$totals[] = array(
				'provider'      => (string) $row['provider'],
				'requests'      => (int) $row['requests'],
				'errors'        => (int) $row['errors'],
				'input_tokens'  => (int) $row['input_tokens'],
				'output_tokens' => (int) $row['output_tokens'],
			);
		}
		return $totals;
	}

	/**
	 * Totals for today (since midnight in the site's time zone) and the last 30 days.
	 *
	 * @return array{today: list<UsageTotals>, last_30_days: list<UsageTotals>}
	 */
	public function summary(): array {
		$midnight = new \DateTimeImmutable( 'today', wp_timezone() );
		return array(
			'today'        => $this->totals_since( $midnight->getTimestamp() ),
			'last_30_days' => $this->totals_since( time() - 30 * DAY_IN_SECONDS ),
		);
	}
}
