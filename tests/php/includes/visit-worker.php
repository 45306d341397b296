<?php
/**
 * One visitor in its own PHP process, for the concurrency test: loads the test WordPress, waits
 * at a barrier (a folder the test watches) so every worker fires at once, asks through the public route, and
 * prints the status, error code and cached flag as JSON after the word RESULT.
 *
 * Usage: php visit-worker.php <post id> <block id> <barrier folder> <remote address> <question, '' for none>
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.NamingConventions.PrefixAllGlobals

error_reporting( E_ALL & ~E_DEPRECATED );
require_once __DIR__ . '/PluginErrorGuard.php';
ByokAi\Tests\PluginErrorGuard::install( dirname( __DIR__, 3 ) );
require __DIR__ . '/wp-tests-config.php';

$_SERVER['REMOTE_ADDR']                         = $argv[4];
$GLOBALS['wp_filter']['muplugins_loaded'][10][] = array(
	'function'      => static function () {
		require dirname( __DIR__, 3 ) . '/byok-ai.php';
	},
	'accepted_args' => 0,
);
require_once ABSPATH . 'wp-settings.php';

// The barrier: say this process is ready, then wait (bounded) until the test lets every worker go.
require_once __DIR__ . '/barrier.php';
byok_ai_test_barrier( $argv[3] );
$byok_ai_request = new WP_REST_Request( 'POST', '/byok-ai/v1/assistant' );
$byok_ai_request->set_header( 'Content-Type', 'application/json' );
$byok_ai_body = array(
	'post'  => (int) $argv[1],
	'block' => $argv[2],
);
if ( '' !== $argv[5] ) {
	$byok_ai_body['question'] = $argv[5];
}
$byok_ai_request->set_body( (string) wp_json_encode( $byok_ai_body ) );
$byok_ai_response = rest_do_request( $byok_ai_request );
$byok_ai_data     = $byok_ai_response->get_data();
// WordPress may have printed notices above (WP_DEBUG): the result is the line after the marker.
echo "\nRESULT ", wp_json_encode(
	array(
		'status' => $byok_ai_response->get_status(),
		'code'   => is_array( $byok_ai_data ) ? ( $byok_ai_data['code'] ?? '' ) : '',
		'cached' => is_array( $byok_ai_data ) && isset( $byok_ai_data['cached'] ) ? (bool) $byok_ai_data['cached'] : null,
		// Warnings, notices and deprecations raised from the plugin's files in this process.
		'errors' => ByokAi\Tests\PluginErrorGuard::drain(),
	)
);
