<?php
/**
 * Benchmark: the usage dashboard's data (GET byok-ai/v1/usage) with 100,000 usage rows, on MariaDB.
 *
 *   WP_TESTS_DB_NAME=byok_ai_bench_dashboard php bin/bench/dashboard-bench.php [ROWS] [RUNS]
 *
 * Uses the PHPUnit suite's WordPress (tests/php/includes/wp-tests-config.php, the database named by
 * WP_TESTS_DB_NAME, installed first by a PHPUnit run or by tests/php/includes/install.php), seeds
 * ROWS rows (default 100000) over 90 days with bin/bench/dashboard-seed.php, then times RUNS (default
 * 7) requests of the route for 30 and 90 days as an administrator, through rest_do_request(): the
 * route's whole work (every query and the response), without HTTP. Prints min / median / max in ms,
 * each query's own time and MariaDB's EXPLAIN for the 90-day queries.
 *
 * @package ByokAi\Bench
 */

// phpcs:disable -- a CLI helper, not plugin code.

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
if ( ! getenv( 'WP_TESTS_DB_NAME' ) ) {
	fwrite( STDERR, "Set WP_TESTS_DB_NAME to a database of your own (it is emptied of usage rows).\n" );
	exit( 2 );
}
$rows = (int) ( $argv[1] ?? 100000 );
$runs = max( 1, (int) ( $argv[2] ?? 7 ) );

$repo = dirname( __DIR__, 2 );
passthru( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( $repo . '/tests/php/includes/install.php' ), $status );
if ( 0 !== $status ) {
	exit( 1 );
}
require $repo . '/tests/php/includes/wp-tests-config.php';
$GLOBALS['wp_filter']['muplugins_loaded'][10][] = array(
	'function'      => static function () use ( $repo ) {
		require $repo . '/byok-ai.php';
	},
	'accepted_args' => 0,
);
require_once ABSPATH . 'wp-settings.php';
require __DIR__ . '/dashboard-seed.php';

global $wpdb;
( new ByokAi\Usage\UsageLog() )->install();
printf( "Seeding %d rows: %.1f s\n", $rows, byok_ai_dashboard_seed( $rows, 90 ) );

$admins = get_users( array( 'role' => 'administrator', 'number' => 1, 'fields' => 'ID' ) );
wp_set_current_user( (int) ( $admins[0] ?? 1 ) );

printf( "MariaDB %s, PHP %s, WordPress %s, %d rows\n\n", $wpdb->db_server_info(), PHP_VERSION, get_bloginfo( 'version' ), (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . $wpdb->prefix . 'byok_ai_usage' ) );
echo "| request | min ms | median ms | max ms |\n| --- | ---: | ---: | ---: |\n";
foreach ( array( 30, 90 ) as $days ) {
	$times = array();
	for ( $i = 0; $i < $runs; $i++ ) {
		$request = new WP_REST_Request( 'GET', '/byok-ai/v1/usage' );
		$request->set_query_params( array( 'days' => $days ) );
		$start    = microtime( true );
		$response = rest_do_request( $request );
		$times[]  = ( microtime( true ) - $start ) * 1000;
		if ( 200 !== $response->get_status() ) {
			fwrite( STDERR, 'The route answered ' . $response->get_status() . "\n" );
			exit( 1 );
		}
	}
	sort( $times );
	printf( "| GET usage?days=%d | %.1f | %.1f | %.1f |\n", $days, $times[0], $times[ intdiv( count( $times ), 2 ) ], end( $times ) );
}

// Each query of the 90-day report, timed alone, and its plan.
define( 'SAVEQUERIES', true );
$wpdb->queries = array();
( new ByokAi\Usage\UsageReport( new ByokAi\Usage\UsageLog() ) )->report( 90 );
echo "\n| query (90 days) | ms | EXPLAIN: type / key / rows / Extra |\n| --- | ---: | --- |\n";
foreach ( $wpdb->queries as $query ) {
	$plan = $wpdb->get_row( 'EXPLAIN ' . $query[0], ARRAY_A );
	printf( "| %s | %.1f | %s / %s / %s / %s |\n", substr( preg_replace( '/\s+/', ' ', $query[0] ), 0, 60 ) . '…', $query[1] * 1000, $plan['type'] ?? '', $plan['key'] ?? '', $plan['rows'] ?? '', $plan['Extra'] ?? '' );
}
