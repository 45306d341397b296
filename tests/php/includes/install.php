<?php
/**
 * Installs a fresh WordPress into the test database. Runs in its own process, before the suite.
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.DB.DirectDatabaseQuery

define( 'WP_INSTALLING', true ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- Core's own flag for a running install.
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
update_option( 'permalink_structure', '/%postname%/' );
echo 'Installed WordPress ' . esc_html( get_bloginfo( 'version' ) ) . ' into ' . esc_html( DB_NAME ) . PHP_EOL;
