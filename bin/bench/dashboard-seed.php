<?php
/**
 * Fills the usage table with synthetic calls for the dashboard's benchmark and e2e spec.
 *
 *   wp eval-file bin/bench/dashboard-seed.php [ROWS] [DAYS]   on any site with BYOK AI active
 *   require it and call byok_ai_dashboard_seed( $rows, $days )   (bin/bench/dashboard-bench.php)
 *
 * Empties {prefix}byok_ai_usage, then writes ROWS rows (default 100000) spread evenly over the last
 * DAYS days (default 90) with multi-row INSERTs of 1000: four providers, people, blocks on 200 posts,
 * plugins through WordPress's AI and PHP, 4 % errors of three kinds, 10 % of rows with an unknown
 * cost. Deterministic (seeded random numbers), so two runs give the same table.
 *
 * @package ByokAi\Bench
 */

// phpcs:disable -- a CLI helper, not plugin code.

/**
 * Empties the usage table and writes $rows synthetic rows over the last $days days.
 *
 * @param int $rows Rows.
 * @param int $days Days.
 * @return float Seconds spent.
 */
function byok_ai_dashboard_seed( int $rows, int $days ): float {
	global $wpdb;
	$start = microtime( true );
	$table = ( new ByokAi\Usage\UsageLog() )->table();
	$wpdb->query( "TRUNCATE TABLE {$table}" );
	mt_srand( 42 );
	$providers = array( 'openai', 'anthropic', 'gemini', 'mistral' );
	$outcomes  = array( 'byok_ai_rate_limited', 'byok_ai_upstream', 'byok_ai_timeout' );
	$now       = time();
	$span      = $days * DAY_IN_SECONDS - 60;
	$values    = array();
	for ( $i = 0; $i < $rows; $i++ ) {
		$at     = $now - (int) ( $span * ( $i / max( 1, $rows ) ) ) - mt_rand( 0, 59 );
		$pick   = mt_rand( 0, 99 );
		$post   = 0;
		$block  = '';
		$user   = 0;
		if ( $pick < 30 ) {
			$user  = mt_rand( 1, 20 );
			$cause = ( $pick < 25 ? 'user:' : 'preview:' ) . $user;
		} elseif ( $pick < 70 ) {
			$post  = mt_rand( 1, 200 );
			$block = 'bench' . str_pad( (string) mt_rand( 1, 3 ), 7, '0', STR_PAD_LEFT );
			$cause = ( $pick < 60 ? 'visitor:' : 'summary:' ) . $post;
		} elseif ( $pick < 90 ) {
			$cause = 'wp-ai-client:plugin:plugin-' . mt_rand( 1, 5 );
		} else {
			$cause = 'php:my-plugin-' . mt_rand( 1, 3 );
		}
		$input    = mt_rand( 50, 4000 );
		$output   = mt_rand( 10, 800 );
		$ok       = mt_rand( 0, 99 ) >= 4;
		$cost     = mt_rand( 0, 9 ) === 0 ? 'NULL' : (string) ( $input * 2 + $output * 8 );
		$values[] = $wpdb->prepare(
			'(%s, %s, %s, %d, %d, %d, %s, %d, %s, %d, %d, ' . $cost . ', %d, %d, %s)',
			gmdate( 'Y-m-d H:i:s', $at ),
			$providers[ mt_rand( 0, 3 ) ],
			'bench-model',
			$input,
			$ok ? $output : 0,
			mt_rand( 200, 3000 ),
			$ok ? 'ok' : $outcomes[ mt_rand( 0, 2 ) ],
			mt_rand( 0, 1 ),
			$cause,
			mt_rand( 0, 3 ) === 0 ? intdiv( $input, 2 ) : 0,
			mt_rand( 0, 4 ) === 0 ? mt_rand( 0, 500 ) : 0,
			$user,
			$post,
			$block
		);
		if ( count( $values ) === 1000 || $i === $rows - 1 ) {
			$wpdb->query( "INSERT INTO {$table} (created_at, provider, model, input_tokens, output_tokens, latency_ms, outcome, streamed, cause, cached_input_tokens, reasoning_tokens, cost_micros, user_id, post_id, block_id) VALUES " . implode( ',', $values ) );
			$values = array();
		}
	}
	$wpdb->query( "ANALYZE TABLE {$table}" );
	return microtime( true ) - $start;
}

if ( defined( 'WP_CLI' ) && WP_CLI && isset( $args ) ) {
	$byok_ai_rows = (int) ( $args[0] ?? 100000 );
	$byok_ai_days = (int) ( $args[1] ?? 90 );
	$byok_ai_time = byok_ai_dashboard_seed( $byok_ai_rows, $byok_ai_days );
	WP_CLI::success( sprintf( '%d usage rows over %d days in %.1f s', $byok_ai_rows, $byok_ai_days, $byok_ai_time ) );
}
