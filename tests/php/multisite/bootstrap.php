<?php
/**
 * PHPUnit bootstrap of the multisite suite: a real WordPress network (main site and a subsite at
 * /sub/, super administrator "admin") in MariaDB, the plugin loaded on every site, the fake provider.
 *
 * Run it with its own database:
 *   WP_TESTS_DB_NAME=byok_ai_tests_multisite bash bin/test-php.sh -c tests/php/multisite/phpunit.xml
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound

require dirname( __DIR__, 3 ) . '/vendor/autoload.php';
require_once dirname( __DIR__ ) . '/includes/PluginErrorGuard.php';
ByokAi\Tests\PluginErrorGuard::install( dirname( __DIR__, 3 ) );

$byok_ai_php = escapeshellarg( PHP_BINARY );
passthru( $byok_ai_php . ' ' . escapeshellarg( dirname( __DIR__ ) . '/includes/install.php' ) . ' --network', $byok_ai_status );
if ( 0 !== $byok_ai_status ) {
	fwrite( STDERR, "WordPress network install failed (is MariaDB running? run bin/test-db.sh)\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite
	exit( 1 );
}

require_once dirname( __DIR__ ) . '/includes/FakeProvider.php';
ByokAi\Tests\FakeProvider::start();

require dirname( __DIR__ ) . '/includes/wp-tests-config.php';
define( 'WP_TESTS_MULTISITE', true );
define( 'MULTISITE', true );
define( 'SUBDOMAIN_INSTALL', false );
define( 'DOMAIN_CURRENT_SITE', WP_TESTS_DOMAIN );
define( 'PATH_CURRENT_SITE', '/' );
define( 'SITE_ID_CURRENT_SITE', 1 );
define( 'BLOG_ID_CURRENT_SITE', 1 );
$GLOBALS['base'] = '/'; // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedVariableFound -- Core's multisite global, as WordPress's own test bootstrap sets it.

$GLOBALS['wp_filter']['muplugins_loaded'][10][] = array(
	'function'      => static function () {
		require dirname( __DIR__, 3 ) . '/byok-ai.php';
	},
	'accepted_args' => 0,
);

require_once ABSPATH . 'wp-settings.php';

// The subsite, created once (creating a site runs DDL, which ends any transaction), with the
// plugin's tables and capability as its first request would install them.
$_SERVER['REMOTE_ADDR'] = '127.0.0.1'; // Core logs the address of a new site's registration.
$byok_ai_site           = wp_insert_site(
	array(
		'domain'  => WP_TESTS_DOMAIN,
		'path'    => '/sub/',
		'title'   => 'Subsite',
		'user_id' => 1,
	)
);
if ( is_wp_error( $byok_ai_site ) ) {
	fwrite( STDERR, $byok_ai_site->get_error_message() . PHP_EOL ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite
	exit( 1 );
}
unset( $_SERVER['REMOTE_ADDR'] );
define( 'BYOK_AI_TESTS_SUBSITE', (int) $byok_ai_site );
switch_to_blog( BYOK_AI_TESTS_SUBSITE );
ByokAi\Plugin::instance()->installer()->maybe_install();
restore_current_blog();

require_once dirname( __DIR__ ) . '/includes/TestCase.php';
require_once dirname( __DIR__ ) . '/includes/FixedEnvironment.php';
