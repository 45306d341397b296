<?php
/**
 * Plugin Name: BYOK AI benchmark routes
 * Description: Installed by bin/bench/run.sh into the benchmark site only (wp-content/mu-plugins). Never shipped.
 *
 * GET byok-ai-bench/v1/noop — the baseline: an authenticated REST request that does nothing, in
 *     a namespace of its own (the plugin registers its routes only for its own namespace).
 * GET byok-ai-bench/v1/env  — what actually serves the requests (SAPI, PHP, opcache, WordPress).
 * GET byok-ai-bench/v1/sse?accel=1|0 — six SSE events 10 ms apart, with or without the
 *     `X-Accel-Buffering: no` header: shows whether nginx passes a stream through unbuffered,
 *     independently of the plugin.
 *
 * @package ByokAi\Bench
 */

add_action(
	'rest_api_init',
	static function () {
		register_rest_route(
			'byok-ai-bench/v1',
			'/noop',
			array(
				'methods'             => 'GET',
				'permission_callback' => static fn() => current_user_can( 'edit_posts' ),
				'callback'            => static fn() => array( 'ok' => true ),
			)
		);
		register_rest_route(
			'byok-ai-bench/v1',
			'/env',
			array(
				'methods'             => 'GET',
				'permission_callback' => static fn() => current_user_can( 'manage_options' ),
				'callback'            => static function () {
					$opcache = function_exists( 'opcache_get_status' ) ? opcache_get_status( false ) : false;
					$jit     = is_array( $opcache ) && isset( $opcache['jit'] ) && is_array( $opcache['jit'] ) ? $opcache['jit'] : array();
					return array(
						'php'                   => PHP_VERSION,
						'sapi'                  => PHP_SAPI,
						'server_software'       => isset( $_SERVER['SERVER_SOFTWARE'] ) ? (string) $_SERVER['SERVER_SOFTWARE'] : '',
						'opcache'               => is_array( $opcache ) && ! empty( $opcache['opcache_enabled'] ),
						'opcache_validate'      => (bool) ini_get( 'opcache.validate_timestamps' ),
						'opcache_revalidate_s'  => (int) ini_get( 'opcache.revalidate_freq' ),
						'jit'                   => ! empty( $jit['on'] ),
						'output_buffering'      => (string) ini_get( 'output_buffering' ),
						'zlib_compression'      => (bool) ini_get( 'zlib.output_compression' ),
						'wordpress'             => get_bloginfo( 'version' ),
						'environment_type'      => wp_get_environment_type(),
						'wp_debug'              => defined( 'WP_DEBUG' ) && WP_DEBUG,
						'persistent_obj_cache'  => wp_using_ext_object_cache(),
						'active_plugins'        => array_values( (array) get_option( 'active_plugins', array() ) ),
						'theme'                 => get_stylesheet(),
						'byok_ai_version'       => defined( 'BYOK_AI_VERSION' ) ? BYOK_AI_VERSION : null,
						// Issue 15: whether the chat path reserves and settles spend (X-Bench-Budget below).
						'budgets_in_chat'       => class_exists( 'ByokAi\\Ai\\CallBudget' ),
					);
				},
			)
		);
		register_rest_route(
			'byok-ai-bench/v1',
			'/sse',
			array(
				'methods'             => 'GET',
				'permission_callback' => static fn() => current_user_can( 'edit_posts' ),
				'args'                => array(
					'accel' => array(
						'type'    => 'boolean',
						'default' => true,
					),
				),
				'callback'            => static function ( WP_REST_Request $request ) {
					header( 'Content-Type: text/event-stream; charset=utf-8' );
					header( 'Cache-Control: no-cache' );
					if ( $request['accel'] ) {
						header( 'X-Accel-Buffering: no' );
					}
					while ( ob_get_level() > 0 ) {
						ob_end_flush();
					}
					echo "event: start\ndata: {}\n\n";
					flush();
					for ( $i = 0; $i < 6; $i++ ) {
						if ( $i > 0 ) {
							usleep( 10000 );
						}
						echo 'event: delta' . "\n" . 'data: {"text":"w' . $i . ' "}' . "\n\n";
						flush();
					}
					echo "event: done\ndata: {}\n\n";
					flush();
					exit;
				},
			)
		);
	}
);

/*
 * Bench-only request headers (never sent by anyone else; the site only listens on loopback):
 *
 * X-Bench-Plugin: off — BYOK AI is not loaded for this request (it is filtered out of
 *     active_plugins before plugins load), so the idle rows compare the same site, the same
 *     route or page, with and without the plugin, interleaved.
 * X-Bench-Trace: <id> — at shutdown, one JSON line is appended to wp-content/bench-trace.jsonl:
 *     the request's SQL queries ($wpdb->num_queries counts them all; SAVEQUERIES, switched on
 *     here, logs those after this file loaded, with their callers), the options read (and whether
 *     they were among the autoloaded ones), and hrtime marks of the request's phases. Tracing
 *     costs time: the bench sends it only in its profile phase, never in a timed request.
 */
$byok_ai_bench_header = static function ( string $name ): string {
	$key = 'HTTP_' . strtoupper( str_replace( '-', '_', $name ) );
	return isset( $_SERVER[ $key ] ) ? (string) $_SERVER[ $key ] : ''; // phpcs:ignore WordPress.Security
};

if ( 'off' === $byok_ai_bench_header( 'X-Bench-Plugin' ) ) {
	add_filter(
		'option_active_plugins',
		static fn( $plugins ) => array_values( array_diff( (array) $plugins, array( 'byok-ai/byok-ai.php' ) ) )
	);
}

// X-Bench-Budget: on — this request sees money (and token) budgets far above what the bench
// spends, so the chat path reserves and settles against them and never refuses: the cost of the
// budget check, interleaved with the same chat without budgets (the site has none).
if ( 'on' === $byok_ai_bench_header( 'X-Bench-Budget' ) ) {
	add_filter(
		'pre_option_byok_ai_budgets',
		static fn() => array(
			'overall' => array(
				'day'   => 1000000,
				'month' => 10000000,
			),
			'tokens'  => array(
				'day'   => 100000000000,
				'month' => 1000000000000,
			),
		)
	);
}

// X-Bench-Profile: <id> — samples the request's PHP stacks every 50 µs of wall time with Excimer
// (Debian's php-excimer, if installed) and appends them, collapsed, to
// wp-content/bench-profile-<id>.txt; `node bin/bench/profile.mjs FILE` says where the plugin's
// share of the time goes. With `X-Bench-Profile-Clock: cpu`, every 50 µs of the process' CPU time
// instead: waits (the database, the upstream, being descheduled) drop out, which is what requests/s
// under load pays. Sampling slows the request: never sent in a timed phase.
$byok_ai_bench_profile = preg_replace( '/[^a-zA-Z0-9_-]/', '', $byok_ai_bench_header( 'X-Bench-Profile' ) );
if ( '' !== $byok_ai_bench_profile && class_exists( 'ExcimerProfiler' ) ) {
	$byok_ai_bench_profiler = new ExcimerProfiler();
	$byok_ai_bench_profiler->setPeriod( 0.00005 );
	$byok_ai_bench_profiler->setEventType( 'cpu' === $byok_ai_bench_header( 'X-Bench-Profile-Clock' ) ? EXCIMER_CPU : EXCIMER_REAL );
	$byok_ai_bench_profiler->start();
	register_shutdown_function(
		static function () use ( $byok_ai_bench_profiler, $byok_ai_bench_profile ) {
			$byok_ai_bench_profiler->stop();
			file_put_contents( WP_CONTENT_DIR . '/bench-profile-' . $byok_ai_bench_profile . '.txt', $byok_ai_bench_profiler->getLog()->formatCollapsed() . "\n", FILE_APPEND ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		}
	);
}

$byok_ai_bench_trace = preg_replace( '/[^a-zA-Z0-9_.:-]/', '', $byok_ai_bench_header( 'X-Bench-Trace' ) );
if ( '' !== $byok_ai_bench_trace ) {
	if ( ! defined( 'SAVEQUERIES' ) ) {
		define( 'SAVEQUERIES', true );
	}
	$GLOBALS['byok_ai_bench'] = array(
		'id'           => $byok_ai_bench_trace,
		't0'           => hrtime( true ),
		'queries_then' => $GLOBALS['wpdb']->num_queries,
		'marks'        => array(),
		'options'      => array(),
	);
	$byok_ai_bench_mark = static function ( string $name ): void {
		$GLOBALS['byok_ai_bench']['marks'][] = array( $name, round( ( hrtime( true ) - $GLOBALS['byok_ai_bench']['t0'] ) / 1e6, 3 ) );
	};
	$byok_ai_bench_mark( 'mu-plugin' );
	add_action(
		'plugin_loaded',
		static function ( $file ) use ( $byok_ai_bench_mark ) {
			$byok_ai_bench_mark( 'loaded ' . basename( dirname( (string) $file ) ) );
		}
	);
	foreach ( array( 'plugins_loaded', 'after_setup_theme', 'init', 'wp_loaded', 'rest_api_init', 'parse_request', 'wp', 'template_redirect', 'wp_head', 'wp_footer' ) as $byok_ai_bench_hook ) {
		add_action( $byok_ai_bench_hook, static fn() => $byok_ai_bench_mark( $byok_ai_bench_hook . ' start' ), PHP_INT_MIN );
		add_action( $byok_ai_bench_hook, static fn() => $byok_ai_bench_mark( $byok_ai_bench_hook . ' end' ), PHP_INT_MAX );
	}
	add_filter(
		'rest_pre_dispatch',
		static function ( $result ) use ( $byok_ai_bench_mark ) {
			$byok_ai_bench_mark( 'rest dispatch' );
			return $result;
		},
		PHP_INT_MIN
	);
	add_filter(
		'rest_post_dispatch',
		static function ( $result ) use ( $byok_ai_bench_mark ) {
			$byok_ai_bench_mark( 'rest dispatched' );
			return $result;
		},
		PHP_INT_MAX
	);
	// The slowest callbacks of the busiest hooks (wrapped with a timer for this request only).
	$GLOBALS['byok_ai_bench']['callbacks'] = array();
	foreach ( array( 'plugins_loaded', 'init', 'wp_loaded', 'rest_api_init', 'wp', 'template_redirect', 'wp_enqueue_scripts', 'wp_head', 'wp_footer', 'rest_pre_serve_request', 'shutdown' ) as $byok_ai_bench_hook ) {
		add_action(
			$byok_ai_bench_hook,
			static function () use ( $byok_ai_bench_hook ) {
				global $wp_filter;
				foreach ( $wp_filter[ $byok_ai_bench_hook ]->callbacks as $priority => $callbacks ) {
					if ( PHP_INT_MIN === $priority ) {
						continue;
					}
					foreach ( $callbacks as $id => $callback ) {
						$function = $callback['function'];
						if ( is_array( $function ) ) {
							$name = ( is_object( $function[0] ) ? get_class( $function[0] ) : $function[0] ) . '::' . $function[1];
						} elseif ( $function instanceof Closure ) {
							$reflection = new ReflectionFunction( $function );
							$name       = 'closure ' . str_replace( ABSPATH, '', (string) $reflection->getFileName() ) . ':' . $reflection->getStartLine();
						} else {
							$name = (string) $function;
						}
						$wp_filter[ $byok_ai_bench_hook ]->callbacks[ $priority ][ $id ]['function'] = static function ( ...$args ) use ( $function, $name, $byok_ai_bench_hook, $priority ) {
							$t      = hrtime( true );
							$result = $function( ...$args );
							$GLOBALS['byok_ai_bench']['callbacks'][] = array( $byok_ai_bench_hook . '@' . $priority . ' ' . $name, round( ( hrtime( true ) - $t ) / 1e6, 3 ) );
							return $result;
						};
					}
				}
			},
			PHP_INT_MIN
		);
	}
	// Every option read, and whether it came with the autoloaded ones (no query of its own).
	add_filter(
		'pre_option',
		static function ( $pre, $option ) {
			if ( ! isset( $GLOBALS['byok_ai_bench']['options'][ $option ] ) ) {
				$all = wp_installing() ? array() : wp_cache_get( 'alloptions', 'options' );
				$not = wp_cache_get( 'notoptions', 'options' );
				$GLOBALS['byok_ai_bench']['options'][ $option ] = is_array( $all ) && array_key_exists( $option, $all ) ? 'autoloaded' : ( is_array( $not ) && isset( $not[ $option ] ) ? 'known missing' : 'not autoloaded' );
			}
			return $pre;
		},
		PHP_INT_MIN,
		2
	);
	register_shutdown_function(
		static function () use ( $byok_ai_bench_mark ) {
			global $wpdb;
			$byok_ai_bench_mark( 'shutdown' );
			$queries = array();
			$writes  = 0;
			foreach ( (array) $wpdb->queries as $q ) {
				$sql   = trim( preg_replace( '/\s+/', ' ', (string) $q[0] ) );
				$write = (bool) preg_match( '/^(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|ALTER|CREATE|DROP)\b/i', $sql );
				$writes += $write ? 1 : 0;
				$queries[] = array(
					'sql'    => substr( $sql, 0, 300 ),
					'ms'     => round( (float) $q[1] * 1000, 3 ),
					'write'  => $write,
					'caller' => (string) $q[2],
				);
			}
			$line = wp_json_encode(
				array(
					'id'            => $GLOBALS['byok_ai_bench']['id'],
					'plugin_loaded' => class_exists( 'ByokAi\\Plugin', false ),
					'num_queries'   => (int) $wpdb->num_queries,
					'before_mu'     => (int) $GLOBALS['byok_ai_bench']['queries_then'],
					'writes'        => $writes,
					'queries'       => $queries,
					'options'       => $GLOBALS['byok_ai_bench']['options'],
					'marks'         => $GLOBALS['byok_ai_bench']['marks'],
					'callbacks'     => $GLOBALS['byok_ai_bench']['callbacks'],
					'classes'       => count( array_filter( get_declared_classes(), static fn( $c ) => 0 === strpos( $c, 'ByokAi\\' ) ) ),
					'memory_peak'   => memory_get_peak_usage(),
				)
			);
			file_put_contents( WP_CONTENT_DIR . '/bench-trace.jsonl', $line . "\n", FILE_APPEND | LOCK_EX ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		}
	);
}
