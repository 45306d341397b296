<?php
/**
 * The admin notice about keys that can no longer be decrypted.
 *
 * @package ByokAi
 */

namespace ByokAi\Admin;

use ByokAi\Keys\KeyStore;
use ByokAi\Providers\Registry;

/**
 * Tells administrators, on every admin screen but the plugin's own (which says it inline), that a
 * stored key must be entered again because the encryption secret changed.
 */
class KeyNotice {

	/**
	 * Providers.
	 *
	 * @var Registry
	 */
	private $registry;

	/**
	 * Key store.
	 *
	 * @var KeyStore
	 */
	private $keys;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry $registry Providers.
	 * @param KeyStore $keys     Key store.
	 */
	public function __construct( Registry $registry, KeyStore $keys ) {
		$this->registry = $registry;
		$this->keys     = $keys;
	}

	/**
	 * Adds the hook.
	 */
	public function register(): void {
		add_action( 'admin_notices', array( $this, 'render' ) );
	}

	/**
	 * Prints the notice when needed.
	 */
	public function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( $screen && 'settings_page_' . SettingsPage::SLUG === $screen->id ) {
			return;
		}
		$labels = array();
		foreach ( $this->registry->all() as $provider ) {
			if ( 'undecryptable' === $this->keys->describe( $provider->id() )['status'] ) {
				$labels[] = $provider->label();
			}
		}
		if ( ! $labels ) {
			return;
		}
		printf(
			'<div class="notice notice-error"><p>%s <a href="%s">%s</a></p></div>',
			esc_html(
				sprintf(
					/* translators: %s: comma-separated provider names. */
					__( 'BYOK AI: the stored key for %s can’t be decrypted because the site’s encryption secret changed. AI features using it are off until the key is entered again.', 'byok-ai' ),
					implode( ', ', $labels )
				)
			),
			esc_url( SettingsPage::url() ),
			esc_html__( 'Enter the key again', 'byok-ai' )
		);
	}
}
