<?php
/**
 * Global functions of the plugin.
 *
 * @package ByokAi
 */

defined( 'ABSPATH' ) || exit;

if ( ! function_exists( 'byok_ai' ) ) {
	/**
	 * Returns the plugin's PHP API, e.g. byok_ai()->chat( array( 'messages' => … ) ).
	 *
	 * @since 0.1.0
	 */
	function byok_ai(): ByokAi\Api {
		$plugin = ByokAi\Plugin::instance();
		if ( null === $plugin ) {
			_doing_it_wrong( __FUNCTION__, esc_html__( 'BYOK AI is not loaded yet; call byok_ai() on plugins_loaded or later.', 'byok-ai' ), '0.1.0' );
			$plugin = ByokAi\Plugin::boot( BYOK_AI_FILE );
		}
		return $plugin->api();
	}
}
