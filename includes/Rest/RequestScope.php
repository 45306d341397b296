<?php
/**
 * What a request may need from the plugin, judged from its URL before WordPress parses it.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

/**
 * Lets the plugin skip work a request can't use (issue 13): its REST routes on another
 * namespace's requests, the block editor's assets outside an editor.
 */
final class RequestScope {

	/** Core's settings route, where the plugin's and the Connectors' options are read and saved. */
	public const SETTINGS_ROUTE = '/wp/v2/settings';

	/**
	 * Tells whether this request may need the block editor's scripts and styles registered: an
	 * administration screen, the REST routes that list them (/wp/v2/block-types), or no web
	 * request at all (WP-CLI). Not the front end nor other REST routes (judged from the URL, on
	 * `init`): registering an editor script builds wp_scripts(), which costs an SQL query
	 * (can_compress_scripts) and a few milliseconds on requests that print no script.
	 *
	 * @since 0.2.0
	 */
	public static function needs_editor_assets(): bool {
		if ( is_admin() || ! isset( $_SERVER['REQUEST_URI'] ) ) {
			return true;
		}
		// Cheap first: a URL that doesn't name the block-types route can't be it.
		// phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- Only searched for a word.
		if ( false === stripos( rawurldecode( (string) $_SERVER['REQUEST_URI'] ), 'block-types' ) ) {
			return false;
		}
		$route = self::requested_rest_route();
		return null !== $route && 0 === strpos( $route . '/', '/wp/v2/block-types/' );
	}

	/**
	 * The REST route this request asks for, from its URL (usable on `init`, before WordPress
	 * parses the request), or null when it isn't a REST request.
	 */
	private static function requested_rest_route(): ?string {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- Only read to tell a REST request, as core's parse_request() does.
		if ( isset( $_GET['rest_route'] ) ) {
			return is_string( $_GET['rest_route'] ) ? '/' . trim( sanitize_text_field( wp_unslash( $_GET['rest_route'] ) ), '/' ) : '/';
		}
		// phpcs:enable WordPress.Security.NonceVerification.Recommended
		if ( ! isset( $_SERVER['REQUEST_URI'] ) || '' === (string) get_option( 'permalink_structure' ) ) {
			return null;
		}
		$path   = (string) wp_parse_url( esc_url_raw( wp_unslash( $_SERVER['REQUEST_URI'] ) ), PHP_URL_PATH );
		$prefix = untrailingslashit( (string) wp_parse_url( get_rest_url(), PHP_URL_PATH ) );
		if ( '' === $prefix || 0 !== strpos( $path . '/', $prefix . '/' ) ) {
			return null;
		}
		return '/' . trim( substr( $path, strlen( $prefix ) ), '/' );
	}

	/**
	 * Tells whether this request may reach the plugin's routes. A REST request to another
	 * namespace (any /wp/v2/… route, say) is answered without them, so it pays nothing for the
	 * plugin's controllers and schemas. Everything else registers them: the plugin's namespace,
	 * the index (which lists the namespaces), batch requests, and anything that isn't a routed
	 * REST request (rest_do_request() from PHP, preloading, WP-CLI, tests). With a base, only
	 * requests that may reach the routes under it: /byok-ai/v1/chat registers the chat route
	 * alone, not the nine other controllers and their schemas.
	 *
	 * @since 0.2.0
	 *
	 * @param string $base First segment of the routes after /byok-ai/v1/ (e.g. chat); '' for any.
	 */
	public static function serves_routes( string $base = '' ): bool {
		$route = self::dispatched_route();
		if ( null === $route ) {
			return true;
		}
		$parts = explode( '/', trim( $route, '/' ) );
		// The namespace's own index (/byok-ai/v1) lists every route; /byok-ai/v1/chat… is chat's.
		$ours = 'byok-ai' === $parts[0] && ( '' === $base || count( $parts ) < 3 || $base === $parts[2] );
		/**
		 * Filters whether the plugin registers its REST routes for this request.
		 *
		 * @since 0.2.0
		 * @since 0.2.0 The $base parameter.
		 *
		 * @param bool   $serves Whether the route may be the plugin's (or lists it).
		 * @param string $route  The requested route, e.g. /wp/v2/posts.
		 * @param string $base   The routes asked about: their first segment after /byok-ai/v1/
		 *                       (e.g. chat), or '' for any of the plugin's.
		 */
		return (bool) apply_filters( 'byok_ai_serves_routes', $ours || self::lists_or_batches( $route ), $route, $base );
	}

	/**
	 * Tells whether this request may reach a route of another namespace, by its prefix (e.g.
	 * /wp/v2/settings, where the plugin's options are registered for): that route, the index,
	 * batch requests, and anything that isn't a routed REST request, as for serves_routes().
	 *
	 * @since 0.2.0
	 *
	 * @param string $prefix Route prefix, e.g. /wp/v2/settings.
	 */
	public static function may_reach( string $prefix ): bool {
		$route = self::dispatched_route();
		return null === $route || self::lists_or_batches( $route ) || 0 === strpos( $route . '/', rtrim( $prefix, '/' ) . '/' );
	}

	/**
	 * The route WordPress is dispatching (from rest_api_init on), e.g. /wp/v2/posts; null when this
	 * isn't a routed REST request or the route can't be told.
	 */
	private static function dispatched_route(): ?string {
		if ( ! defined( 'REST_REQUEST' ) || ! REST_REQUEST || ! isset( $GLOBALS['wp'] ) || ! $GLOBALS['wp'] instanceof \WP ) {
			return null;
		}
		$route = $GLOBALS['wp']->query_vars['rest_route'] ?? '';
		return is_string( $route ) ? '/' . trim( $route, '/' ) : null;
	}

	/**
	 * The index (which lists every route) or a batch request (which may hold any).
	 *
	 * @param string $route Requested route.
	 */
	private static function lists_or_batches( string $route ): bool {
		return '/' === $route || 0 === strpos( $route . '/', '/batch/' );
	}
}
