<?php
/**
 * Installs a fresh WordPress into the test database. Runs in its own process, before the suite.
 *
 * With --network (the multisite suite's bootstrap) it installs a WordPress network (multisite,
 * subdirectories) instead: the same site, then the network tables and the network around it.
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.DB.DirectDatabaseQuery, WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound

$byok_ai_network = in_array( '--network', (array) ( $_SERVER['argv'] ?? array() ), true ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- CLI argument of this script.

define( 'WP_INSTALLING', true ); // Core's own flag for a running install.
if ( $byok_ai_network ) {
	// As the network install always ran: deprecation notices here come from core, not the plugin.
	error_reporting( E_ALL & ~E_DEPRECATED );
}
require __DIR__ . '/wp-tests-config.php';
require_once ABSPATH . 'wp-settings.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

global $wpdb;
$wpdb->query( 'SET FOREIGN_KEY_CHECKS = 0' );
foreach ( $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix ) . '%' ) ) as $byok_ai_table ) {
	$wpdb->query( "DROP TABLE IF EXISTS `{$byok_ai_table}`" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
}
$wpdb->query( 'SET FOREIGN_KEY_CHECKS = 1' );

// No mail server here: the new-site email is not sent.
add_filter( 'pre_wp_mail', '__return_false' );
wp_cache_flush();
wp_install( WP_TESTS_TITLE, 'admin', WP_TESTS_EMAIL, true, '', 'password' );
update_option( 'siteurl', 'http://' . WP_TESTS_DOMAIN );
update_option( 'home', 'http://' . WP_TESTS_DOMAIN );

if ( ! $byok_ai_network ) {
	update_option( 'permalink_structure', '/%postname%/' );
	echo 'Installed WordPress ' . esc_html( get_bloginfo( 'version' ) ) . ' into ' . esc_html( DB_NAME ) . PHP_EOL;
	return;
}

// Without MULTISITE defined yet, $wpdb doesn't name the network's global tables: name them.
foreach ( $wpdb->tables( 'ms_global' ) as $byok_ai_name => $byok_ai_prefixed ) {
	$wpdb->$byok_ai_name = $byok_ai_prefixed;
}
define( 'WP_INSTALLING_NETWORK', true );
install_network();
$byok_ai_error = populate_network( 1, WP_TESTS_DOMAIN, WP_TESTS_EMAIL, WP_TESTS_TITLE . ' Network', '/', false );
if ( is_wp_error( $byok_ai_error ) ) {
	fwrite( STDERR, $byok_ai_error->get_error_message() . PHP_EOL ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite
	exit( 1 );
}
echo 'Installed a WordPress ' . esc_html( get_bloginfo( 'version' ) ) . ' network into ' . esc_html( DB_NAME ) . PHP_EOL;
