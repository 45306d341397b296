<?php
/**
 * The dashboard's aggregation.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Usage;

use ByokAi\Tests\TestCase;
use ByokAi\Usage\UsageLog;
use ByokAi\Usage\UsageReport;

/**
 * Days in the site time zone (daylight saving included), unknown costs, causes, posts, errors.
 */
class UsageReportTest extends TestCase {

	use UsageRows;

	/**
	 * The report at a moment.
	 *
	 * @param int    $days Days.
	 * @param string $now  UTC moment.
	 * @return array<string, mixed>
	 */
	private function report( int $days, string $now ): array {
		return ( new UsageReport( new UsageLog() ) )->report( $days, (int) strtotime( $now . ' UTC' ) );
	}

	/**
	 * Requests per day and provider.
	 *
	 * @param array<string, mixed> $report Report.
	 * @return array<string, int>
	 */
	private static function requests_per_day( array $report ): array {
		$days = array();
		foreach ( $report['daily'] as $row ) {
			$days[ $row['date'] ] = ( $days[ $row['date'] ] ?? 0 ) + $row['requests'];
		}
		return $days;
	}

	/**
	 * Europe/Paris moves from UTC+1 to UTC+2 on 29 March 2026 at 01:00 UTC: rows fall on the local day.
	 */
	public function test_days_are_the_site_time_zone_s_across_a_daylight_saving_change(): void {
		update_option( 'timezone_string', 'Europe/Paris' );
		$this->usage_row( '2026-02-28 23:30:00' ); // 1 March 00:30 local, before the first day shown.
		$this->usage_row( '2026-03-01 23:30:00' ); // 2 March 00:30 local (+1): the first day.
		$this->usage_row( '2026-03-28 22:59:59' ); // 28 March 23:59:59 local (+1).
		$this->usage_row( '2026-03-28 23:00:00' ); // 29 March 00:00 local (+1).
		$this->usage_row( '2026-03-29 21:59:59' ); // 29 March 23:59:59 local (+2).
		$this->usage_row( '2026-03-29 22:00:00' ); // 30 March 00:00 local (+2).
		$this->usage_row( '2026-03-31 11:00:00' ); // Today, 13:00 local.
		$this->usage_row( '2026-03-31 12:00:01' ); // After "now": not counted.

		$report = $this->report( 30, '2026-03-31 12:00:00' );

		$this->assertSame( 'Europe/Paris', $report['timezone'] );
		$this->assertCount( 30, $report['dates'] );
		$this->assertSame( '2026-03-02', $report['dates'][0] );
		$this->assertSame( '2026-03-31', $report['dates'][29] );
		$this->assertSame(
			array(
				'2026-03-02' => 1,
				'2026-03-28' => 1,
				'2026-03-29' => 2,
				'2026-03-30' => 1,
				'2026-03-31' => 1,
			),
			self::requests_per_day( $report )
		);
	}

	/**
	 * A fixed offset (no named zone): UTC+5:30.
	 */
	public function test_days_follow_a_fixed_utc_offset(): void {
		update_option( 'timezone_string', '' );
		update_option( 'gmt_offset', 5.5 );
		$this->usage_row( '2026-06-09 18:29:59' ); // 9 June 23:59:59 local.
		$this->usage_row( '2026-06-09 18:30:00' ); // 10 June 00:00 local.

		$report = $this->report( 90, '2026-06-10 06:00:00' );

		$this->assertCount( 90, $report['dates'] );
		$this->assertSame( '2026-06-10', end( $report['dates'] ) );
		$this->assertSame(
			array(
				'2026-06-09' => 1,
				'2026-06-10' => 1,
			),
			self::requests_per_day( $report )
		);
	}

	/**
	 * Unknown costs stay unknown (null, counted), known ones are summed, 0 is a known cost.
	 */
	public function test_unknown_costs_are_not_zero(): void {
		$this->usage_row( '2026-06-10 10:00:00', array( 'provider' => 'anthropic' ) );
		$this->usage_row( '2026-06-10 10:01:00', array( 'provider' => 'anthropic' ) );
		$this->usage_row( '2026-06-10 10:02:00', array( 'cost_micros' => 1500 ) );
		$this->usage_row( '2026-06-10 10:03:00', array( 'cost_micros' => 2500 ) );
		$this->usage_row( '2026-06-10 10:04:00' );
		$this->usage_row(
			'2026-06-10 10:05:00',
			array(
				'provider'    => 'gemini',
				'cost_micros' => 0,
			)
		);

		$daily = array();
		foreach ( $this->report( 30, '2026-06-10 12:00:00' )['daily'] as $row ) {
			$daily[ $row['provider'] ] = array( $row['requests'], $row['cost_micros'], $row['unknown_cost'] );
		}
		$this->assertSame(
			array(
				'anthropic' => array( 2, null, 2 ),
				'gemini'    => array( 1, 0, 0 ),
				'openai'    => array( 3, 4000, 1 ),
			),
			$daily
		);
	}

	/**
	 * Causes: a person (chat and block preview together), blocks, plugins; sums of every column.
	 */
	public function test_causes_group_people_blocks_and_plugins(): void {
		$user = $this->make_user( 'editor' );
		wp_update_user(
			array(
				'ID'           => $user,
				'display_name' => 'Ada Editor',
			)
		);
		$this->usage_row(
			'2026-06-10 10:00:00',
			array(
				'cause'               => 'user:' . $user,
				'cost_micros'         => 300,
				'cached_input_tokens' => 4,
				'reasoning_tokens'    => 2,
			)
		);
		$this->usage_row(
			'2026-06-10 10:00:00',
			array(
				'cause'       => 'preview:' . $user,
				'cost_micros' => 200,
				'outcome'     => 'byok_ai_timeout',
			)
		);
		$this->usage_row(
			'2026-06-10 10:00:00',
			array(
				'cause'       => 'visitor:12',
				'cost_micros' => 50,
			)
		);
		$this->usage_row(
			'2026-06-10 10:00:00',
			array(
				'cause'       => 'summary:13',
				'cost_micros' => 60,
			)
		);
		$this->usage_row(
			'2026-06-10 10:00:00',
			array(
				'cause'       => 'wp-ai-client:plugin:akismet',
				'cost_micros' => 1000,
			)
		);
		$this->usage_row( '2026-06-10 10:00:00', array( 'cause' => 'php:my-plugin' ) );

		$causes = $this->report( 30, '2026-06-10 12:00:00' )['causes'];

		$this->assertSame(
			array(
				array( 'plugin', 'plugin:akismet', 'plugin:akismet', 1, 1000 ),
				array( 'user', (string) $user, 'Ada Editor', 2, 500 ),
				array( 'block', '', 'Blocks (visitors and summaries)', 2, 110 ),
				// Unknown cost last.
				array( 'plugin', 'php:my-plugin', 'php:my-plugin', 1, null ),
			),
			array_map(
				static function ( array $row ): array {
					return array( $row['kind'], $row['source'], $row['label'], $row['requests'], $row['cost_micros'] );
				},
				$causes
			)
		);
		$this->assertSame(
			array(
				'requests'            => 2,
				'errors'              => 1,
				'input_tokens'        => 20,
				'output_tokens'       => 10,
				'cached_input_tokens' => 4,
				'reasoning_tokens'    => 2,
				'cost_micros'         => 500,
				'unknown_cost'        => 0,
			),
			array_slice( $causes[1], 3 )
		);
	}

	/**
	 * Top posts and blocks by cost, from post_id or, for older rows, the block cause.
	 */
	public function test_top_posts_by_cost(): void {
		$post = wp_insert_post(
			array(
				'post_title'  => 'Cats & dogs',
				'post_status' => 'publish',
			)
		);
		$this->assertIsInt( $post );
		$this->usage_row(
			'2026-06-10 10:00:00',
			array(
				'cause'       => 'visitor:' . $post,
				'cost_micros' => 100,
			)
		);
		$this->usage_row(
			'2026-06-10 10:00:00',
			array(
				'cause'       => 'visitor:' . $post,
				'cost_micros' => 100,
			)
		);
		$this->usage_row(
			'2026-06-10 10:00:00',
			array(
				'cause'       => 'visitor:' . $post,
				'post_id'     => $post,
				'block_id'    => 'abc',
				'cost_micros' => 900,
			)
		);
		$this->usage_row(
			'2026-06-10 10:00:00',
			array(
				'cause'       => 'summary:999999',
				'cost_micros' => 50,
			)
		);
		$this->usage_row(
			'2026-06-10 10:00:00',
			array(
				'cause'       => 'user:1',
				'cost_micros' => 5000,
			)
		);

		$top = $this->report( 30, '2026-06-10 12:00:00' )['top_posts'];

		$this->assertSame(
			array(
				array( $post, 'abc', 'Cats & dogs', 1, 900 ),
				array( $post, '', 'Cats & dogs', 2, 200 ),
				array( 999999, '', 'Post #999999', 1, 50 ),
			),
			array_map(
				static function ( array $row ): array {
					return array( $row['post_id'], $row['block_id'], $row['title'], $row['requests'], $row['cost_micros'] );
				},
				$top
			)
		);
	}

	/**
	 * Errors per outcome, most frequent first; successes aren't errors.
	 */
	public function test_errors_by_kind(): void {
		$this->usage_row( '2026-06-10 10:00:00', array( 'outcome' => 'byok_ai_rate_limited' ) );
		$this->usage_row( '2026-06-10 10:00:00', array( 'outcome' => 'byok_ai_rate_limited' ) );
		$this->usage_row( '2026-06-10 10:00:00', array( 'outcome' => 'byok_ai_upstream' ) );
		$this->usage_row( '2026-06-10 10:00:00' );

		$this->assertSame(
			array(
				array(
					'outcome'  => 'byok_ai_rate_limited',
					'requests' => 2,
				),
				array(
					'outcome'  => 'byok_ai_upstream',
					'requests' => 1,
				),
			),
			$this->report( 30, '2026-06-10 12:00:00' )['errors']
		);
	}

	/**
	 * An empty table: every day listed, nothing else.
	 */
	public function test_an_empty_period(): void {
		$report = $this->report( 30, '2026-06-10 12:00:00' );
		$this->assertCount( 30, $report['dates'] );
		$this->assertSame( array(), $report['daily'] );
		$this->assertSame( array(), $report['causes'] );
		$this->assertSame( array(), $report['top_posts'] );
		$this->assertSame( array(), $report['errors'] );
	}
}
