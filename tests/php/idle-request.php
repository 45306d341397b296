<?php
/**
 * One request to the test site in a fresh PHP process, with or without BYOK AI, for
 * IdleCostTest: `php idle-request.php on|off URI OUT.json` (`install` first: the installer's upgrade
 * step runs again, so the database holds an installed site whatever earlier tests committed).
 *
 * A true baseline needs a process of its own: inside the PHPUnit process the plugin is loaded
 * once, before any test, and its hooks can't be taken back. Here WordPress loads as for a real
 * request (wp-settings.php, wp(), then the template loader for a page, or the REST server, which
 * ends the request itself), against the committed test database, with the plugin loaded the way
 * bootstrap.php loads it or not at all. At shutdown (last), OUT.json receives $wpdb->num_queries,
 * every query (SAVEQUERIES), whether the plugin was loaded, the PHP errors raised from its files
 * and, for a REST request, the plugin's routes the server registered.
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.WP.AlternativeFunctions, WordPress.NamingConventions.PrefixAllGlobals, WordPress.Security.EscapeOutput

if ( PHP_SAPI !== 'cli' || 4 !== $argc || ! in_array( $argv[1], array( 'on', 'off', 'install' ), true ) ) {
	fwrite( STDERR, "usage: php idle-request.php on|off|install URI OUT.json\n" );
	exit( 2 );
}
$byok_ai_idle = array(
	'mode'   => $argv[1],
	'out'    => $argv[3],
	'errors' => array(),
	'plugin' => dirname( __DIR__, 2 ),
);

require __DIR__ . '/includes/wp-tests-config.php';
define( 'SAVEQUERIES', true );
$_SERVER['REQUEST_URI']    = $argv[2];
$_SERVER['REQUEST_METHOD'] = 'GET';
$parts                     = byok_ai_idle_query_vars( $argv[2] );
$_GET                      = $parts;
$_REQUEST                  = $parts;

/**
 * The query string of a URI as an array (WordPress isn't loaded yet).
 *
 * @param string $uri URI.
 * @return array<string, mixed>
 */
function byok_ai_idle_query_vars( string $uri ): array {
	$query = (string) parse_url( $uri, PHP_URL_QUERY );
	parse_str( $query, $vars );
	return $vars;
}

set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- records PHP errors from the plugin for the test.
	static function ( int $level, string $message, string $file, int $line ) use ( &$byok_ai_idle ): bool {
		if ( 0 === strpos( $file, $byok_ai_idle['plugin'] . '/includes' ) || $file === $byok_ai_idle['plugin'] . '/byok-ai.php' ) {
			$byok_ai_idle['errors'][] = "$message ($file:$line)";
		}
		return false;
	}
);

if ( 'off' !== $byok_ai_idle['mode'] ) {
	$GLOBALS['wp_filter']['muplugins_loaded'][10][] = array(
		'function'      => static function () use ( $byok_ai_idle ) {
			require $byok_ai_idle['plugin'] . '/byok-ai.php';
		},
		'accepted_args' => 0,
	);
}
// Counts the plugin's strings translated (each call may load its translations first).
$byok_ai_idle['translated']                               = 0;
$GLOBALS['wp_filter']['gettext_byok-ai'][ PHP_INT_MAX ][] = array(
	'function'      => static function ( $text ) use ( &$byok_ai_idle ) {
		++$byok_ai_idle['translated'];
		return $text;
	},
	'accepted_args' => 1,
);
$GLOBALS['wp_filter']['shutdown'][ PHP_INT_MAX ][]        = array(
	'function'      => static function () use ( &$byok_ai_idle ) {
		global $wpdb;
		file_put_contents(
			$byok_ai_idle['out'],
			(string) json_encode(
				array(
					'plugin_loaded' => class_exists( 'ByokAi\\Plugin', false ),
					'num_queries'   => (int) $wpdb->num_queries,
					'queries'       => array_map( static fn( $q ) => (string) $q[0], (array) $wpdb->queries ),
					'errors'        => $byok_ai_idle['errors'],
					// The plugin's REST routes the server registered (a REST request only).
					'routes'        => isset( $GLOBALS['wp_rest_server'] ) ? array_values( preg_grep( '#^/byok-ai/#', array_keys( rest_get_server()->get_routes() ) ) ) : null,
					// The plugin's classes this request loaded.
					'classes'       => array_values( preg_grep( '/^ByokAi\\\\/', array_merge( get_declared_classes(), get_declared_interfaces() ) ) ),
					// The editor script handles of the plugin's block, as registered for this request.
					'editor_script' => WP_Block_Type_Registry::get_instance()->is_registered( 'byok-ai/assistant' ) ? WP_Block_Type_Registry::get_instance()->get_registered( 'byok-ai/assistant' )->editor_script_handles : null,
					// Strings of the plugin translated, and its settings registered.
					'translated'    => $byok_ai_idle['translated'],
					'settings'      => array_values( preg_grep( '/^byok_ai_/', array_keys( get_registered_settings() ) ) ),
					// Whether the stream serving filter is hooked.
					'stream_filter' => false !== has_filter( 'rest_pre_serve_request', array( 'ByokAi\\Rest\\StreamResponse', 'serve' ) ),
				)
			)
		);
	},
	'accepted_args' => 0,
);

// What a page or a REST answer prints is not the point here.
ob_start( static fn() => '' );
require_once ABSPATH . 'wp-settings.php';
if ( 'install' === $byok_ai_idle['mode'] ) {
	// The state of a site where the plugin is installed, whatever earlier tests committed: the
	// upgrade from the schema before runs again (tables unchanged, options preloaded).
	update_option( ByokAi\Installer::VERSION_OPTION, '4' );
	ByokAi\Plugin::instance()->installer()->maybe_install();
	exit;
}
wp(); // A REST request is served and ends here.
define( 'WP_USE_THEMES', true );
require ABSPATH . WPINC . '/template-loader.php';
