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

	private Registry $registry;
	private KeyStore $keys;

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
	 * Prints one notice per kind of problem, when there is one. The envelopes are opened (only
	 * here, on administration screens, for administrators) so a damaged one is found.
	 */
	public function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( $screen && 'settings_page_' . SettingsPage::SLUG === $screen->id ) {
			return;
		}
		$labels = array(
			KeyStore::STATUS_DAMAGED          => array(),
			KeyStore::STATUS_SECRET_CHANGED   => array(),
			KeyStore::STATUS_ENDPOINT_CHANGED => array(),
		);
		// The first provider of each notice: its link opens that provider's row.
		$first = array();
		foreach ( $this->registry->all() as $provider ) {
			$status = $this->keys->describe( $provider->id(), true )['status'];
			if ( isset( $labels[ $status ] ) ) {
				$labels[ $status ][] = $provider->label();
				$first[ $status ]    = $first[ $status ] ?? $provider->id();
			}
		}
		$messages = array(
			/* translators: %s: comma-separated provider names. */
			KeyStore::STATUS_DAMAGED          => __( 'BYOK AI: the stored key for %s is damaged (its encrypted copy in the database was altered or truncated), so it can’t be used. AI features using it are off until the key is entered again.', 'byok-ai' ),
			/* translators: %s: comma-separated provider names. */
			KeyStore::STATUS_SECRET_CHANGED   => __( 'BYOK AI: the stored key for %s can’t be decrypted because the site’s encryption secret changed. AI features using it are off until the key is entered again.', 'byok-ai' ),
			/* translators: %s: comma-separated provider names. */
			KeyStore::STATUS_ENDPOINT_CHANGED => __( 'BYOK AI: the key for %s isn’t sent anywhere because the provider’s endpoint changed since the key was entered. AI features using it are off until the key is entered again for the new endpoint, or the endpoint is set back.', 'byok-ai' ),
		);
		foreach ( $labels as $status => $names ) {
			if ( ! $names ) {
				continue;
			}
			printf(
				'<div class="notice notice-error byok-ai-key-%s"><p>%s <a href="%s">%s</a></p></div>',
				esc_attr( str_replace( '_', '-', $status ) ),
				esc_html( sprintf( $messages[ $status ], implode( ', ', $names ) ) ),
				esc_url( add_query_arg( 'provider', rawurlencode( $first[ $status ] ?? '' ), SettingsPage::url() ) ),
				esc_html__( 'Enter the key again', 'byok-ai' )
			);
		}
	}
}
