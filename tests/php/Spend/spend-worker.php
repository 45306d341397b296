<?php
/**
 * One site visitor in its own PHP process, for the budget concurrency test: loads the test
 * WordPress, waits at a barrier (a folder the test watches) so every worker starts at once, then
 * reserves and settles calls against the budgets, and prints what it got as JSON after RESULT.
 *
 * Usage: php spend-worker.php <barrier folder> <attempts> <hold micros> <cost micros>
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.NamingConventions.PrefixAllGlobals

error_reporting( E_ALL & ~E_DEPRECATED );
require_once dirname( __DIR__ ) . '/includes/PluginErrorGuard.php';
ByokAi\Tests\PluginErrorGuard::install( dirname( __DIR__, 3 ) );
require dirname( __DIR__ ) . '/includes/wp-tests-config.php';

$GLOBALS['wp_filter']['muplugins_loaded'][10][] = array(
	'function'      => static function () {
		require dirname( __DIR__, 3 ) . '/byok-ai.php';
	},
	'accepted_args' => 0,
);
require_once ABSPATH . 'wp-settings.php';

$byok_ai_mails = array();
add_filter(
	'pre_wp_mail',
	static function ( $short_circuit, array $atts ) use ( &$byok_ai_mails ) {
		$byok_ai_mails[] = (string) $atts['subject'];
		return true;
	},
	10,
	2
);
$byok_ai_spend = new ByokAi\Spend\Services( ByokAi\Providers\Registry::with_defaults() );

require_once dirname( __DIR__ ) . '/includes/barrier.php';
byok_ai_test_barrier( $argv[1] );
$byok_ai_taken   = 0;
$byok_ai_refused = array();
for ( $i = 0; $i < (int) $argv[2]; $i++ ) {
	$byok_ai_hold = $byok_ai_spend->budget->reserve( ByokAi\Spend\Scope::visitor( 'openai' ), (int) $argv[3], 0 );
	if ( $byok_ai_hold instanceof ByokAi\Spend\Reservation ) {
		++$byok_ai_taken;
		$byok_ai_spend->budget->settle( $byok_ai_hold, (int) $argv[4] );
	} else {
		$byok_ai_refused[] = $byok_ai_hold->get_error_code() . ':' . ( $byok_ai_hold->get_error_data()['status'] ?? 0 );
	}
}
echo "\nRESULT ", wp_json_encode(
	array(
		'taken'   => $byok_ai_taken,
		'refused' => $byok_ai_refused,
		'mails'   => $byok_ai_mails,
		'errors'  => ByokAi\Tests\PluginErrorGuard::drain(),
	)
);
