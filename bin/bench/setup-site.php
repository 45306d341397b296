<?php
/**
 * Configures the benchmark site that bin/native-site.sh installed (WP-CLI). Run by bin/bench/run.sh:
 *
 *   php setup-site.php configure WP_DIR UPSTREAM   activates BYOK AI, points OpenAI at the fake upstream,
 *                                                  stores a fresh key, issues a fresh Application Password,
 *                                                  publishes the post of the AI Assistant blocks and raises
 *                                                  the visitor limits
 *
 * Prints one line of JSON: {"user": …, "app_password": …, "key": …, "post": …, "ask_block": …,
 * "summary_block": …, "post_url": …, "plain_url": …} (plain_url: a published post without the block,
 * for the idle rows). Idempotent: a second run only renews the key and the Application Password
 * (the plaintext of an existing one can't be read back), and starts the visitor counters and the
 * stored summaries afresh.
 *
 * @package ByokAi\Bench
 */

// phpcs:disable -- a CLI helper, not plugin code.

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}

$mode   = $argv[1] ?? '';
$wp_dir = rtrim( $argv[2] ?? '', '/' );
if ( 'configure' !== $mode || ! is_file( $wp_dir . '/wp-config.php' ) ) {
	fwrite( STDERR, "usage: php setup-site.php configure WP_DIR UPSTREAM_BASE_URL\n" );
	exit( 2 );
}

function bench_fail( string $message ): void {
	fwrite( STDERR, "[bench setup] ERROR: $message\n" );
	exit( 1 );
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
$stored = $byok->keys()->store( 'openai', $key, 'valid' );
if ( is_wp_error( $stored ) ) {
	bench_fail( 'storing the key: ' . $stored->get_error_message() );
}
$check = $byok->keys()->get( 'openai' );
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

// The public AI Assistant route (POST /byok-ai/v1/assistant) needs a published post holding the
// blocks: one in ask mode, one in summarize mode. Found by its slug, created or put back as it
// should be (the content is compared, so an unchanged post is not saved again).
const BENCH_POST_SLUG     = 'byok-ai-bench';
const BENCH_ASK_BLOCK     = 'benchask0001';
const BENCH_SUMMARY_BLOCK = 'benchsum0001';
const BENCH_PLAIN_SLUG    = 'byok-ai-bench-plain';
$post_fields = array(
	'post_type'      => 'post',
	'post_status'    => 'publish',
	'post_name'      => BENCH_POST_SLUG,
	'post_title'     => 'BYOK AI bench: cats',
	'post_content'   => '<!-- wp:paragraph --><p>Cats sleep sixteen hours a day.</p><!-- /wp:paragraph -->'
		. "\n\n" . '<!-- wp:byok-ai/assistant {"blockId":"' . BENCH_ASK_BLOCK . '","mode":"ask"} /-->'
		. "\n\n" . '<!-- wp:byok-ai/assistant {"blockId":"' . BENCH_SUMMARY_BLOCK . '","mode":"summarize"} /-->',
	'post_password'  => '',
	'post_author'    => $user->ID,
	'comment_status' => 'closed',
	'ping_status'    => 'closed',
);
// As the administrator: content filters (kses) treat the markup as an author with unfiltered_html would.
wp_set_current_user( $user->ID );
$existing = get_posts(
	array(
		'name'             => BENCH_POST_SLUG,
		'post_type'        => 'post',
		'post_status'      => array( 'publish', 'draft', 'pending', 'private', 'future', 'trash' ),
		'numberposts'      => 1,
		'suppress_filters' => true,
	)
);
if ( $existing ) {
	$post_id = $existing[0]->ID;
	$same    = true;
	foreach ( array( 'post_status', 'post_title', 'post_content', 'post_password' ) as $field ) {
		$same = $same && $existing[0]->$field === $post_fields[ $field ];
	}
	if ( ! $same ) {
		$saved_post = wp_update_post( wp_slash( array( 'ID' => $post_id ) + $post_fields ), true );
		if ( is_wp_error( $saved_post ) ) {
			bench_fail( 'updating the bench post: ' . $saved_post->get_error_message() );
		}
	}
} else {
	$post_id = wp_insert_post( wp_slash( $post_fields ), true );
	if ( is_wp_error( $post_id ) ) {
		bench_fail( 'creating the bench post: ' . $post_id->get_error_message() );
	}
}
// The idle rows' front-end page: a published post without the block.
$plain = get_page_by_path( BENCH_PLAIN_SLUG, OBJECT, 'post' );
if ( ! $plain instanceof WP_Post || 'publish' !== $plain->post_status ) {
	$plain_id = wp_insert_post(
		wp_slash(
			array(
				'ID'           => $plain instanceof WP_Post ? $plain->ID : 0,
				'post_type'    => 'post',
				'post_status'  => 'publish',
				'post_name'    => BENCH_PLAIN_SLUG,
				'post_title'   => 'BYOK AI bench: a post without the block',
				'post_content' => '<!-- wp:paragraph --><p>Dogs sleep twelve hours a day.</p><!-- /wp:paragraph -->',
				'post_author'  => $user->ID,
			)
		),
		true
	);
	if ( is_wp_error( $plain_id ) ) {
		bench_fail( 'creating the post without the block: ' . $plain_id->get_error_message() );
	}
	$plain = get_post( $plain_id );
}
wp_set_current_user( 0 );
$post_id = (int) $post_id;
clean_post_cache( $post_id );
// The blocks must be reachable exactly as a visitor's request finds them.
foreach ( array( BENCH_ASK_BLOCK => 'ask', BENCH_SUMMARY_BLOCK => 'summarize' ) as $block_id => $mode ) {
	$found = $byok->assistant()->locate( $post_id, $block_id );
	if ( is_wp_error( $found ) ) {
		bench_fail( "block $block_id of post $post_id is not available to visitors: " . $found->get_error_message() );
	}
	if ( $found[1]->mode !== $mode ) {
		bench_fail( "block $block_id of post $post_id is in mode {$found[1]->mode}, not $mode" );
	}
}

// Visitor and per-person limits high enough for any run (the client is one address, 127.0.0.1, one user).
$policy = $byok->policy()->update(
	array(
		'visitor_ip_limit'    => 10000,
		'visitor_ip_window'   => 1,
		'visitor_block_limit' => 100000,
		'visitor_daily_cap'   => 1000000,
		// The per-person hourly limit counts the chat route's requests too.
		'user_hourly_limit'   => ByokAi\Ai\Policy::MAX_USER_HOURLY_LIMIT,
	)
);
if ( is_wp_error( $policy ) ) {
	bench_fail( 'raising the visitor limits: ' . $policy->get_error_message() . ' (' . wp_json_encode( $policy->get_error_data() ) . ')' );
}
if ( ! $byok->assistant()->open_to_visitors() ) {
	bench_fail( 'the AI Assistant block does not answer visitors (no usable provider, or a visitor limit is 0)' );
}
// Comparable runs: no visitor counted yet (nor a summary lease left by a killed run), no summary stored.
$counters_table = $wpdb->prefix . ByokAi\Assistant\RateLimiter::TABLE;
if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $counters_table ) ) !== $counters_table ) {
	bench_fail( "the visitor counters table $counters_table does not exist" );
}
$wpdb->query( "TRUNCATE TABLE `{$counters_table}`" );
delete_post_meta( $post_id, ByokAi\Assistant\SummaryCache::META );
if ( '' !== get_post_meta( $post_id, ByokAi\Assistant\SummaryCache::META, true ) ) {
	bench_fail( "could not clear the stored summaries of post $post_id" );
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
		'user'          => $user->user_login,
		'app_password'  => $created[0],
		'key'           => $key,
		'post'          => $post_id,
		'ask_block'     => BENCH_ASK_BLOCK,
		'summary_block' => BENCH_SUMMARY_BLOCK,
		'post_url'      => get_permalink( $post_id ),
		'plain_url'     => get_permalink( $plain ),
	)
) . "\n";
