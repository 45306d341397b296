<?php
/**
 * Installs and configures the benchmark site. Run by bin/bench/run.sh with PHP CLI, twice:
 *
 *   php setup-site.php install   WP_DIR            installs WordPress into the (empty) database, if needed
 *   php setup-site.php configure WP_DIR UPSTREAM   activates BYOK AI, points OpenAI at the fake upstream,
 *                                                  stores a fresh key, issues a fresh Application Password
 *
 * Two processes because plugins are not loaded while WP_INSTALLING is set. "configure" prints one
 * line of JSON: {"user": …, "app_password": …, "key": …}. Idempotent: a second run only renews the
 * key and the Application Password (the plaintext of an existing one can't be read back).
 *
 * @package ByokAi\Bench
 */

// phpcs:disable -- a CLI helper, not plugin code.

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
// WordPress 6.1's bundled libraries predate PHP 8.1 return types; their deprecations are core's.
error_reporting( E_ALL & ~E_DEPRECATED );

$mode   = $argv[1] ?? '';
$wp_dir = rtrim( $argv[2] ?? '', '/' );
if ( ! in_array( $mode, array( 'install', 'configure' ), true ) || ! is_file( $wp_dir . '/wp-config.php' ) ) {
	fwrite( STDERR, "usage: php setup-site.php install|configure WP_DIR [UPSTREAM_BASE_URL]\n" );
	exit( 2 );
}

function bench_fail( string $message ): void {
	fwrite( STDERR, "[bench setup] ERROR: $message\n" );
	exit( 1 );
}

if ( 'install' === $mode ) {
	define( 'WP_INSTALLING', true );
	require $wp_dir . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	if ( is_blog_installed() ) {
		fwrite( STDERR, '[bench setup] WordPress ' . get_bloginfo( 'version' ) . " already installed\n" );
		exit( 0 );
	}
	// No mail server: the new-site email is not sent.
	add_filter( 'pre_wp_mail', '__return_false' );
	$result = wp_install( 'BYOK AI bench', 'admin', 'admin@example.org', false, '', wp_generate_password( 24 ) );
	if ( empty( $result['user_id'] ) ) {
		bench_fail( 'wp_install() failed' );
	}
	fwrite( STDERR, '[bench setup] installed WordPress ' . get_bloginfo( 'version' ) . ' into ' . DB_NAME . "\n" );
	exit( 0 );
}

// configure.
$upstream = $argv[3] ?? '';
if ( '' === $upstream ) {
	bench_fail( 'missing upstream base URL' );
}
require $wp_dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

// Pretty permalinks: /wp-json/… is what real sites serve (nginx try_files → index.php).
if ( '/%postname%/' !== get_option( 'permalink_structure' ) ) {
	update_option( 'permalink_structure', '/%postname%/' );
}

$plugin = 'byok-ai/byok-ai.php';
if ( ! is_plugin_active( $plugin ) ) {
	$activated = activate_plugin( $plugin );
	if ( is_wp_error( $activated ) ) {
		bench_fail( 'activate_plugin: ' . $activated->get_error_message() );
	}
}
if ( ! class_exists( 'ByokAi\\Plugin' ) || null === ByokAi\Plugin::instance() ) {
	bench_fail( 'the BYOK AI plugin did not boot' );
}
$byok = ByokAi\Plugin::instance();

// Only the OpenAI connection matters here; keep the other providers' settings untouched.
$settings = get_option( 'byok_ai_provider_settings', array() );
$settings = is_array( $settings ) ? $settings : array();
$settings['openai'] = array( 'base_url' => $upstream );
update_option( 'byok_ai_provider_settings', $settings, true );
$saved = get_option( 'byok_ai_provider_settings' );
if ( ! is_array( $saved ) || ( $saved['openai']['base_url'] ?? '' ) !== rtrim( $upstream, '/' ) ) {
	bench_fail( 'could not save the OpenAI base URL (' . wp_json_encode( $saved ) . ')' );
}

// A fresh key each run; no scenario marker (-invalid, -slow…) so the fake answers normally.
$key    = 'sk-proj-BENCH' . bin2hex( random_bytes( 16 ) );
$stored = $byok->keys->store( 'openai', $key, 'valid' );
if ( is_wp_error( $stored ) ) {
	bench_fail( 'storing the key: ' . $stored->get_error_message() );
}
$check = $byok->keys->get( 'openai' );
if ( $check !== $key ) {
	bench_fail( 'the stored key does not read back (' . ( is_wp_error( $check ) ? $check->get_error_message() : gettype( $check ) ) . ')' );
}

// Every run starts from an empty usage log, so runs are comparable however many came before.
global $wpdb;
$usage_table = $wpdb->prefix . 'byok_ai_usage';
if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $usage_table ) ) === $usage_table ) {
	$wpdb->query( "TRUNCATE TABLE `{$usage_table}`" );
}

$user = get_user_by( 'login', 'admin' );
if ( ! $user || ! user_can( $user, 'manage_options' ) ) {
	bench_fail( 'no administrator "admin"' );
}
if ( ! wp_is_application_passwords_available_for_user( $user ) ) {
	bench_fail( 'Application Passwords are not available (WP_ENVIRONMENT_TYPE must be "local" over http)' );
}
foreach ( WP_Application_Passwords::get_user_application_passwords( $user->ID ) as $item ) {
	if ( 'byok-ai-bench' === $item['name'] ) {
		WP_Application_Passwords::delete_application_password( $user->ID, $item['uuid'] );
	}
}
$created = WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => 'byok-ai-bench' ) );
if ( is_wp_error( $created ) ) {
	bench_fail( 'Application Password: ' . $created->get_error_message() );
}

echo wp_json_encode(
	array(
		'user'         => $user->user_login,
		'app_password' => $created[0],
		'key'          => $key,
	)
) . "\n";
