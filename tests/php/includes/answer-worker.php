<?php
/**
 * One answer in a fresh PHP process, for AnswerQueriesTest: loads the test WordPress with the
 * plugin as a real request would (no object cache survives from an earlier request, no instance
 * remembers an option), sends one non-streamed answer through rest_do_request() and prints, after
 * the word RESULT, its status and every SQL query run while it was dispatched.
 *
 * Usage: php answer-worker.php chat <user id>
 *        php answer-worker.php visit <post id> <block id>
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.NamingConventions.PrefixAllGlobals

error_reporting( E_ALL & ~E_DEPRECATED );
require_once __DIR__ . '/PluginErrorGuard.php';
ByokAi\Tests\PluginErrorGuard::install( dirname( __DIR__, 3 ) );
require __DIR__ . '/wp-tests-config.php';

$_SERVER['REMOTE_ADDR']                         = '192.0.2.55';
$GLOBALS['wp_filter']['muplugins_loaded'][10][] = array(
	'function'      => static function () {
		require dirname( __DIR__, 3 ) . '/byok-ai.php';
	},
	'accepted_args' => 0,
);
require_once ABSPATH . 'wp-settings.php';

if ( 'chat' === $argv[1] ) {
	// What cookie authentication does before the REST server dispatches.
	wp_set_current_user( (int) $argv[2] );
	$byok_ai_request = new WP_REST_Request( 'POST', '/byok-ai/v1/chat' );
	$byok_ai_body    = array(
		'messages' => array(
			array(
				'role'    => 'user',
				'content' => 'How long do cats sleep?',
			),
		),
	);
} else {
	$byok_ai_request = new WP_REST_Request( 'POST', '/byok-ai/v1/assistant' );
	$byok_ai_body    = array(
		'post'     => (int) $argv[2],
		'block'    => $argv[3],
		'question' => 'How long do cats sleep?',
	);
}
$byok_ai_request->set_header( 'Content-Type', 'application/json' );
$byok_ai_request->set_body( (string) wp_json_encode( $byok_ai_body ) );

// The server and its routes (core's and the plugin's) are built at rest_api_init, before any
// dispatch: what is counted is the answer.
rest_get_server();
$byok_ai_queries = array();
add_filter(
	'query',
	static function ( $query ) use ( &$byok_ai_queries ) {
		$byok_ai_queries[] = trim( (string) preg_replace( '/\s+/', ' ', (string) $query ) );
		return $query;
	}
);
$byok_ai_response = rest_do_request( $byok_ai_request );
$byok_ai_data     = $byok_ai_response->get_data();
// WordPress may have printed notices above (WP_DEBUG): the result is the line after the marker.
echo "\nRESULT ", wp_json_encode(
	array(
		'status'  => $byok_ai_response->get_status(),
		'text'    => is_array( $byok_ai_data ) && isset( $byok_ai_data['text'] ) ? (string) $byok_ai_data['text'] : '',
		'code'    => is_array( $byok_ai_data ) && isset( $byok_ai_data['code'] ) ? (string) $byok_ai_data['code'] : '',
		'queries' => $byok_ai_queries,
		// Warnings, notices and deprecations raised from the plugin's files in this process.
		'errors'  => ByokAi\Tests\PluginErrorGuard::drain(),
	)
);
