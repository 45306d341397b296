<?php
/**
 * Whether this WordPress has the AI Client and the Connectors screen.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

/**
 * WordPress 7.0 added the AI Client (wp_ai_client_prompt(), built on php-ai-client) and
 * Settings → Connectors. Older versions (6.6–6.9) have neither: nothing in this folder loads there.
 */
final class Support {

	/**
	 * Tells whether the AI Client and the Connectors API are both present.
	 */
	public static function available(): bool {
		return function_exists( 'wp_ai_client_prompt' )
			&& function_exists( 'wp_get_connectors' )
			&& class_exists( '\WordPress\AiClient\AiClient' )
			&& class_exists( '\WP_Connector_Registry' );
	}

	/**
	 * Tells whether the Abilities API (6.9+) is present.
	 */
	public static function has_abilities(): bool {
		return function_exists( 'wp_register_ability' ) && class_exists( '\WP_Ability' );
	}
}
