<?php
/**
 * Names the plugin, theme or core code that made an AI Client call.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

/**
 * Reads a call stack from the innermost frame outwards and names the first file that belongs to
 * a plugin ("plugin:{slug}"), a must-use plugin ("mu-plugin:{slug}") or a theme
 * ("theme:{slug}"). Frames of WordPress itself and of BYOK AI are passed over; a stack with none
 * of the above is "core". Any plugin runs in the same PHP process, so this names the caller for
 * the administrator's rules and the usage log: it is policy, not a wall.
 */
class CallerResolver {

	/** BYOK AI's own folder, whose frames are never the caller. */
	private string $own_dir;

	/**
	 * Stores the plugin's folder.
	 *
	 * @param string $own_dir BYOK AI's folder.
	 */
	public function __construct( string $own_dir ) {
		$this->own_dir = rtrim( wp_normalize_path( $own_dir ), '/' ) . '/';
	}

	/**
	 * Names the caller of the current code.
	 */
	public function current(): string {
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_debug_backtrace -- Reading the caller's file is the point; arguments are not captured.
		return $this->resolve( debug_backtrace( DEBUG_BACKTRACE_IGNORE_ARGS, 80 ) );
	}

	/**
	 * Lists the folders plugins, must-use plugins and themes are loaded from, longest first.
	 *
	 * @return array<string, string> Folder (normalized, with a trailing slash) => 'plugin'|'mu-plugin'|'theme'.
	 */
	private function roots(): array {
		$roots = array(
			defined( 'WPMU_PLUGIN_DIR' ) ? WPMU_PLUGIN_DIR : '' => 'mu-plugin',
			defined( 'WP_PLUGIN_DIR' ) ? WP_PLUGIN_DIR : ''     => 'plugin',
		);
		foreach ( (array) ( $GLOBALS['wp_theme_directories'] ?? array() ) as $directory ) {
			$roots[ (string) $directory ] = 'theme';
		}
		/**
		 * Filters the folders whose code counts as a plugin's, a must-use plugin's or a theme's
		 * when the AI Client's caller is named (for plugins loaded from elsewhere).
		 *
		 * @since 0.2.0
		 *
		 * @param array<string, string> $roots Folder => 'plugin', 'mu-plugin' or 'theme'.
		 */
		$roots  = (array) apply_filters( 'byok_ai_caller_roots', $roots );
		$normal = array();
		foreach ( $roots as $root => $kind ) {
			if ( '' !== (string) $root && in_array( $kind, array( 'plugin', 'mu-plugin', 'theme' ), true ) ) {
				$normal[ rtrim( wp_normalize_path( (string) $root ), '/' ) . '/' ] = $kind;
			}
		}
		uksort(
			$normal,
			static function ( string $a, string $b ): int {
				return strlen( $b ) - strlen( $a );
			}
		);
		return $normal;
	}

	/**
	 * Names the caller in a stack.
	 *
	 * @param array<int, array<string, mixed>> $frames debug_backtrace() frames, innermost first.
	 */
	public function resolve( array $frames ): string {
		$roots = $this->roots();
		foreach ( $frames as $frame ) {
			$file = isset( $frame['file'] ) && is_string( $frame['file'] ) ? wp_normalize_path( $frame['file'] ) : '';
			if ( '' === $file || 0 === strpos( $file, $this->own_dir ) ) {
				continue;
			}
			foreach ( $roots as $root => $kind ) {
				if ( 0 !== strpos( $file, $root ) ) {
					continue;
				}
				$slug = strtok( substr( $file, strlen( $root ) ), '/' );
				$slug = is_string( $slug ) ? (string) preg_replace( '/\.php$/', '', $slug ) : '';
				$slug = strtolower( (string) preg_replace( '/[^A-Za-z0-9._-]/', '', $slug ) );
				if ( '' !== $slug ) {
					return $kind . ':' . substr( $slug, 0, 60 );
				}
			}
		}
		return 'core';
	}
}
