<?php
/**
 * Finds another layer that keeps a connector key option.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

/**
 * Another encryption plugin, or a core secrets API, filtering a connector option: ConnectorKeys
 * stands down for that option (stand_down()) and says so. Looks at the hooks only: no SQL.
 */
final class OtherLayer {

	/**
	 * Names another layer that filters an option, or null when there is none.
	 *
	 * @param string $setting Option name.
	 */
	public static function on( string $setting ): ?string {
		$layer = null;
		foreach ( array( 'option_', 'pre_update_option_' ) as $prefix ) {
			global $wp_filter;
			$hook = $wp_filter[ $prefix . $setting ] ?? null;
			if ( ! $hook instanceof \WP_Hook ) {
				continue;
			}
			foreach ( $hook->callbacks as $callbacks ) {
				foreach ( $callbacks as $callback ) {
					$function = $callback['function'];
					if ( is_array( $function ) && $function[0] instanceof ConnectorKeys ) {
						continue;
					}
					$layer = $prefix . $setting;
				}
			}
		}
		/**
		 * Filters whether another encryption layer keeps a connector key option, so that BYOK AI
		 * leaves it alone. Return a short description of the layer, or null.
		 *
		 * @since 0.2.0
		 *
		 * @param string|null $layer   Description of the layer found on the option's filters, or null.
		 * @param string      $setting Option name, e.g. connectors_ai_openai_api_key.
		 */
		$layer = apply_filters( 'byok_ai_connector_key_layer', $layer, $setting );
		return is_string( $layer ) && '' !== $layer ? $layer : null;
	}
}
