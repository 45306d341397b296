<?php
/**
 * Plugin Name:       BYOK AI
 * Plugin URI:        https://github.com/byok-ai/byok-ai
 * Description:       Bring your own key for Anthropic, OpenAI, Google Gemini, Azure OpenAI or an OpenAI-compatible server: the key is encrypted at rest and never sent back to a browser.
 * Version:           0.1.0
 * Requires at least: 6.6
 * Requires PHP:      7.4
 * Author:            BYOK AI contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       byok-ai
 * Domain Path:       /languages
 *
 * @package ByokAi
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'BYOK_AI_VERSION', '0.1.0' );
define( 'BYOK_AI_FILE', __FILE__ );
define( 'BYOK_AI_MIN_PHP', '7.4' );
define( 'BYOK_AI_MIN_WP', '6.6' );

if ( version_compare( PHP_VERSION, BYOK_AI_MIN_PHP, '<' ) || version_compare( get_bloginfo( 'version' ), BYOK_AI_MIN_WP, '<' ) ) {
	add_action(
		'admin_notices',
		static function () {
			echo '<div class="notice notice-error"><p>';
			printf(
				/* translators: 1: required PHP version, 2: required WordPress version, 3: current PHP version, 4: current WordPress version. */
				esc_html__( 'BYOK AI needs PHP %1$s and WordPress %2$s or newer; this site runs PHP %3$s and WordPress %4$s. The plugin is inactive until they are updated.', 'byok-ai' ),
				esc_html( BYOK_AI_MIN_PHP ),
				esc_html( BYOK_AI_MIN_WP ),
				esc_html( PHP_VERSION ),
				esc_html( get_bloginfo( 'version' ) )
			);
			echo '</p></div>';
		}
	);
	return;
}

require_once __DIR__ . '/includes/autoload.php';
require_once __DIR__ . '/includes/functions.php';

ByokAi\Plugin::boot( __FILE__ );
