<?php
/**
 * Installs a fresh WordPress network (multisite, subdirectories) into the test database, with one
 * subsite at /sub/. Runs in its own process, before the multisite suite.
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.DB.DirectDatabaseQuery, WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound

define( 'WP_INSTALLING', true );
error_reporting( E_ALL & ~E_DEPRECATED );
require dirname( __DIR__ ) . '/includes/wp-tests-config.php';
require_once ABSPATH . 'wp-settings.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

global $wpdb;
$wpdb->query( 'SET FOREIGN_KEY_CHECKS = 0' );
foreach ( $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix ) . '%' ) ) as $byok_ai_table ) {
	$wpdb->query( "DROP TABLE IF EXISTS `{$byok_ai_table}`" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
}
$wpdb->query( 'SET FOREIGN_KEY_CHECKS = 1' );

add_filter( 'pre_wp_mail', '__return_false' );
wp_cache_flush();
wp_install( WP_TESTS_TITLE, 'admin', WP_TESTS_EMAIL, true, '', 'password' );
update_option( 'siteurl', 'http://' . WP_TESTS_DOMAIN );
update_option( 'home', 'http://' . WP_TESTS_DOMAIN );

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
