<?php
/**
 * PHPUnit bootstrap: a fresh real WordPress in MariaDB with the plugin loaded, and the fake provider.
 *
 * Packagist's copy here serves no wp-phpunit, so this is a slim version of what the WordPress
 * test library does: install in a separate process, load wp-settings.php with the plugin as a
 * must-use hook, and wrap every test in a database transaction (see TestCase).
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited

require dirname( __DIR__, 2 ) . '/vendor/autoload.php';
require_once __DIR__ . '/includes/PluginErrorGuard.php';
ByokAi\Tests\PluginErrorGuard::install( dirname( __DIR__, 2 ) ); // Warnings, notices and deprecations from the plugin's files fail the suite.

$byok_ai_php = escapeshellarg( PHP_BINARY );
passthru( $byok_ai_php . ' ' . escapeshellarg( __DIR__ . '/includes/install.php' ), $byok_ai_status );
if ( 0 !== $byok_ai_status ) {
	fwrite( STDERR, "WordPress install failed (is MariaDB running? run bin/test-db.sh)\n" );
	exit( 1 );
}

require_once __DIR__ . '/includes/FakeProvider.php';
ByokAi\Tests\FakeProvider::start();

require __DIR__ . '/includes/wp-tests-config.php';

// Load the plugin the way WordPress loads a must-use plugin, before any plugins_loaded hook.
$GLOBALS['wp_filter']['muplugins_loaded'][10][] = array(
	'function'      => static function () {
		require dirname( __DIR__, 2 ) . '/byok-ai.php';
	},
	'accepted_args' => 0,
);

require_once ABSPATH . 'wp-settings.php';

require_once __DIR__ . '/includes/TestCase.php';
require_once __DIR__ . '/includes/FixedEnvironment.php';
