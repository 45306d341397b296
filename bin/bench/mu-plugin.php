<?php
/**
 * Plugin Name: BYOK AI benchmark routes
 * Description: Installed by bin/bench/run.sh into the benchmark site only (wp-content/mu-plugins). Never shipped.
 *
 * GET byok-ai/v1/bench/noop — the baseline: an authenticated REST request that does nothing.
 * GET byok-ai/v1/bench/env  — what actually serves the requests (SAPI, PHP, opcache, WordPress).
 * GET byok-ai/v1/bench/sse?accel=1|0 — six SSE events 10 ms apart, with or without the
 *     `X-Accel-Buffering: no` header: shows whether nginx passes a stream through unbuffered,
 *     independently of the plugin.
 *
 * @package ByokAi\Bench
 */

add_action(
	'rest_api_init',
	static function () {
		register_rest_route(
			'byok-ai/v1',
			'/bench/noop',
			array(
				'methods'             => 'GET',
				'permission_callback' => static fn() => current_user_can( 'edit_posts' ),
				'callback'            => static fn() => array( 'ok' => true ),
			)
		);
		register_rest_route(
			'byok-ai/v1',
			'/bench/env',
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
					);
				},
			)
		);
		register_rest_route(
			'byok-ai/v1',
			'/bench/sse',
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
