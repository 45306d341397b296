<?php
/**
 * Tells administrators where connector key custody stood down or couldn't encrypt.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

/**
 * Renders ConnectorKeys' conflicts (options left to another encryption layer) and problems
 * (keys it couldn't keep) as admin notices.
 */
class CustodyNotices {

	/**
	 * Prints the notices, for administrators only.
	 *
	 * @param array<string, string> $conflicts Option name => the other layer.
	 * @param array<string, string> $problems  Provider id => message.
	 */
	public static function render( array $conflicts, array $problems ): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		foreach ( $conflicts as $setting => $layer ) {
			echo '<div class="notice notice-warning"><p>';
			printf(
				/* translators: 1: option name, 2: the other layer (a hook name). */
				esc_html__( 'BYOK AI leaves the Connectors key %1$s alone because another encryption layer already handles it (%2$s). That key is not in BYOK AI’s encrypted store.', 'byok-ai' ),
				'<code>' . esc_html( $setting ) . '</code>',
				'<code>' . esc_html( $layer ) . '</code>'
			);
			echo '</p></div>';
		}
		foreach ( $problems as $provider => $message ) {
			echo '<div class="notice notice-error"><p>';
			printf(
				/* translators: 1: provider id, 2: reason. */
				esc_html__( 'BYOK AI couldn’t keep the %1$s key from Connectors: %2$s', 'byok-ai' ),
				esc_html( $provider ),
				esc_html( $message )
			);
			echo '</p></div>';
		}
	}
}
