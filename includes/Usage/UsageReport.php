<?php
/**
 * The usage dashboard's figures, aggregated by the database.
 *
 * @package ByokAi
 */

namespace ByokAi\Usage;

/**
 * Sums the usage table for the last 30 or 90 days (today included, days in the site's time zone):
 * per day, provider and cause kind; per cause; per post and block; errors per outcome. Every sum
 * is a GROUP BY over the created_at range (a handful of queries, whatever the number of rows);
 * PHP only reshapes the grouped rows and names posts and users.
 *
 * Costs: null means no row of the group had a known price, and `unknown_cost` counts the rows
 * without one, so "unknown" is never shown as 0.
 *
 * @phpstan-type Sums array{requests: int, errors: int, input_tokens: int, output_tokens: int, cached_input_tokens: int, reasoning_tokens: int, cost_micros: int|null, unknown_cost: int}
 * @phpstan-type DailyRow array{date: string, provider: string, kind: string, requests: int, errors: int, input_tokens: int, output_tokens: int, cached_input_tokens: int, reasoning_tokens: int, cost_micros: int|null, unknown_cost: int}
 * @phpstan-type CauseRow array{kind: string, source: string, label: string, requests: int, errors: int, input_tokens: int, output_tokens: int, cached_input_tokens: int, reasoning_tokens: int, cost_micros: int|null, unknown_cost: int}
 * @phpstan-type PostRow array{post_id: int, block_id: string, title: string, requests: int, errors: int, input_tokens: int, output_tokens: int, cached_input_tokens: int, reasoning_tokens: int, cost_micros: int|null, unknown_cost: int}
 * @phpstan-type ErrorRow array{outcome: string, requests: int}
 * @phpstan-type Report array{days: int, timezone: string, dates: list<string>, daily: list<DailyRow>, causes: list<CauseRow>, top_posts: list<PostRow>, errors: list<ErrorRow>}
 */
class UsageReport {

	/** The periods the dashboard offers, in days. */
	public const PERIODS = array( 30, 90 );

	/** Rows in the cause and top-post tables. */
	public const TOP = 10;

	/** The cause kinds: a logged-in person, a block on the site, a plugin (PHP or WordPress's AI). */
	public const KINDS = array( 'user', 'block', 'plugin', 'other' );

	private const SUMS = 'COUNT(*) AS requests, SUM(outcome <> \'ok\') AS errors, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(cached_input_tokens) AS cached_input_tokens, SUM(reasoning_tokens) AS reasoning_tokens, SUM(cost_micros) AS cost_micros, SUM(cost_micros IS NULL) AS unknown_cost';

	private const KIND = "CASE WHEN cause LIKE 'user:%' OR cause LIKE 'preview:%' THEN 'user' WHEN cause LIKE 'visitor:%' OR cause LIKE 'summary:%' THEN 'block' WHEN cause = 'php' OR cause LIKE 'php:%' OR cause LIKE 'wp-ai-client:%' THEN 'plugin' ELSE 'other' END";

	private const SOURCE = "CASE WHEN cause LIKE 'user:%' OR cause LIKE 'preview:%' THEN SUBSTRING_INDEX(cause, ':', -1) WHEN cause LIKE 'visitor:%' OR cause LIKE 'summary:%' THEN '' WHEN cause LIKE 'wp-ai-client:%' THEN SUBSTRING(cause, 14) ELSE cause END";

	/** The post behind a row: its post_id, or the one named by a block cause recorded before that column. */
	private const POST = "IF(post_id > 0, post_id, IF(cause LIKE 'visitor:%' OR cause LIKE 'summary:%', CAST(SUBSTRING_INDEX(cause, ':', -1) AS UNSIGNED), 0))";

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
	 * The figures for the last $days days up to $now.
	 *
	 * @param int      $days 30 or 90.
	 * @param int|null $now  Unix timestamp; now by default.
	 * @return Report
	 */
	public function report( int $days, ?int $now = null ): array {
		$now   = $now ?? time();
		$zone  = wp_timezone();
		$today = ( new \DateTimeImmutable( '@' . $now ) )->setTimezone( $zone )->setTime( 0, 0 );
		$first = $today->modify( '-' . ( $days - 1 ) . ' days' );
		$dates = array();
		for ( $day = $first; $day <= $today; $day = $day->modify( '+1 day' ) ) {
			$dates[] = $day->format( 'Y-m-d' );
		}
		$since = $first->getTimestamp();
		$where = " WHERE created_at >= '" . gmdate( 'Y-m-d H:i:s', $since ) . "' AND created_at <= '" . gmdate( 'Y-m-d H:i:s', $now ) . "'";

		return array(
			'days'      => $days,
			'timezone'  => $zone->getName(),
			'dates'     => $dates,
			'daily'     => $this->daily( $where, $this->offset_sql( $zone, $since, $now ) ),
			'causes'    => $this->causes( $where ),
			'top_posts' => $this->top_posts( $where ),
			'errors'    => $this->errors( $where ),
		);
	}

	/**
	 * Sums per local day, provider and cause kind.
	 *
	 * @param string $where  WHERE clause (the period).
	 * @param string $offset SQL for a row's UTC offset in seconds.
	 * @return list<DailyRow>
	 */
	private function daily( string $where, string $offset ): array {
		$rows = $this->query( 'SELECT DATE(created_at + INTERVAL ' . $offset . ' SECOND) AS date, provider, ' . self::KIND . ' AS kind, ' . self::SUMS . ' FROM %table%' . $where . ' GROUP BY date, provider, kind ORDER BY date, provider, kind' );
		return array_map(
			static function ( array $row ): array {
				return array(
					'date'     => (string) $row['date'],
					'provider' => (string) $row['provider'],
					'kind'     => (string) $row['kind'],
				) + self::sums( $row );
			},
			$rows
		);
	}

	/**
	 * Sums per cause (a person, all blocks, a plugin), highest cost first.
	 *
	 * @param string $where WHERE clause.
	 * @return list<CauseRow>
	 */
	private function causes( string $where ): array {
		$rows = $this->query( 'SELECT ' . self::KIND . ' AS kind, ' . self::SOURCE . ' AS source, ' . self::SUMS . ' FROM %table%' . $where . ' GROUP BY kind, source ORDER BY SUM(cost_micros) IS NULL, SUM(cost_micros) DESC, requests DESC, kind, source LIMIT ' . self::TOP );
		return array_map(
			static function ( array $row ): array {
				$kind   = (string) $row['kind'];
				$source = (string) $row['source'];
				return array(
					'kind'   => $kind,
					'source' => $source,
					'label'  => self::label( $kind, $source ),
				) + self::sums( $row );
			},
			$rows
		);
	}

	/**
	 * Sums per post and block, highest cost first.
	 *
	 * @param string $where WHERE clause.
	 * @return list<PostRow>
	 */
	private function top_posts( string $where ): array {
		$rows = $this->query( 'SELECT ' . self::POST . ' AS post, block_id, ' . self::SUMS . ' FROM %table%' . $where . ' GROUP BY post, block_id HAVING post > 0 ORDER BY SUM(cost_micros) IS NULL, SUM(cost_micros) DESC, requests DESC, post, block_id LIMIT ' . self::TOP );
		return array_map(
			static function ( array $row ): array {
				$post_id = (int) $row['post'];
				// Plain text: the settings app escapes it.
				$title = get_post( $post_id ) ? html_entity_decode( wp_strip_all_tags( get_the_title( $post_id ) ), ENT_QUOTES, 'UTF-8' ) : '';
				return array(
					'post_id'  => $post_id,
					'block_id' => (string) $row['block_id'],
					/* translators: %d: post ID. */
					'title'    => '' !== $title ? $title : sprintf( __( 'Post #%d', 'byok-ai' ), $post_id ),
				) + self::sums( $row );
			},
			$rows
		);
	}

	/**
	 * Failed and refused calls per outcome, most frequent first.
	 *
	 * @param string $where WHERE clause.
	 * @return list<ErrorRow>
	 */
	private function errors( string $where ): array {
		$rows = $this->query( 'SELECT outcome, COUNT(*) AS requests FROM %table%' . $where . " AND outcome <> 'ok' GROUP BY outcome ORDER BY requests DESC, outcome LIMIT 20" );
		return array_map(
			static function ( array $row ): array {
				return array(
					'outcome'  => (string) $row['outcome'],
					'requests' => (int) $row['requests'],
				);
			},
			$rows
		);
	}

	/**
	 * SQL for the site's UTC offset at a row's created_at, daylight saving changes in the period
	 * included (MariaDB's named time zones may not be loaded, so no CONVERT_TZ()).
	 *
	 * @param \DateTimeZone $zone  Site time zone.
	 * @param int           $since Start of the period.
	 * @param int           $until End of the period.
	 */
	private function offset_sql( \DateTimeZone $zone, int $since, int $until ): string {
		$transitions = $zone->getTransitions( $since, $until );
		if ( ! $transitions || count( $transitions ) < 2 ) {
			return (string) $zone->getOffset( new \DateTimeImmutable( '@' . $since ) );
		}
		// The first entry is the state at $since; each later one starts at its timestamp.
		$sql = 'CASE';
		for ( $i = 1, $n = count( $transitions ); $i < $n; $i++ ) {
			$sql .= " WHEN created_at < '" . gmdate( 'Y-m-d H:i:s', (int) $transitions[ $i ]['ts'] ) . "' THEN " . (int) $transitions[ $i - 1 ]['offset'];
		}
		return $sql . ' ELSE ' . (int) $transitions[ $n - 1 ]['offset'] . ' END';
	}

	/**
	 * Runs a grouped query on the usage table.
	 *
	 * @param string $sql Query; %table% stands for the table. Built from constants, integers and dates only.
	 * @return list<array<string, mixed>>
	 */
	private function query( string $sql ): array {
		global $wpdb;
		$rows = $wpdb->get_results( str_replace( '%table%', $this->usage->table(), $sql ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table; no input reaches the SQL (constants, integers, formatted dates); figures must be current.
		return is_array( $rows ) ? array_values( $rows ) : array();
	}

	/**
	 * The sums of a grouped row, typed; a cost stays null when no row of the group had one.
	 *
	 * @param array<string, mixed> $row Row.
	 * @return Sums
	 */
	private static function sums( array $row ): array {
		return array(
			'requests'            => (int) $row['requests'],
			'errors'              => (int) $row['errors'],
			'input_tokens'        => (int) $row['input_tokens'],
			'output_tokens'       => (int) $row['output_tokens'],
			'cached_input_tokens' => (int) $row['cached_input_tokens'],
			'reasoning_tokens'    => (int) $row['reasoning_tokens'],
			'cost_micros'         => null === $row['cost_micros'] ? null : (int) $row['cost_micros'],
			'unknown_cost'        => (int) $row['unknown_cost'],
		);
	}

	/**
	 * How a cause reads: a person's name, "Blocks", a plugin.
	 *
	 * @param string $kind   Cause kind.
	 * @param string $source User id, caller or cause.
	 */
	private static function label( string $kind, string $source ): string {
		if ( 'user' === $kind ) {
			$user = get_userdata( (int) $source );
			/* translators: %s: user ID. */
			return $user ? $user->display_name : sprintf( __( 'Deleted user #%s', 'byok-ai' ), $source );
		}
		if ( 'block' === $kind ) {
			return __( 'Blocks (visitors and summaries)', 'byok-ai' );
		}
		return $source;
	}
}
