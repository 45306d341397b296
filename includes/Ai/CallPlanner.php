<?php
/**
 * Gathers what a call to one provider needs.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

use ByokAi\Keys\KeyStore;
use ByokAi\Providers\Provider;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use WP_Error;

/**
 * Whether a provider can be called (its required settings, a usable key or none needed), and
 * for one request what its call needs: the key decrypted for this call only, the connection
 * settings, the model the policy allows and the output cap.
 *
 * @phpstan-import-type CallPlan from ChatService
 */
class CallPlanner {

	/** Key states that mean a provider can be called. */
	private const USABLE_KEY_STATES = array( 'valid', 'not_validated', 'environment', 'constant' );

	private Registry $registry;

	private KeyStore $keys;

	private ProviderSettings $settings;

	private Policy $policy;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry         $registry Providers.
	 * @param KeyStore         $keys     Keys.
	 * @param ProviderSettings $settings Connection settings.
	 * @param Policy           $policy   Rules.
	 */
	public function __construct( Registry $registry, KeyStore $keys, ProviderSettings $settings, Policy $policy ) {
		$this->registry = $registry;
		$this->keys     = $keys;
		$this->settings = $settings;
		$this->policy   = $policy;
	}

	/**
	 * Tells whether a provider has what a call needs: its required settings, and a usable key or
	 * none needed.
	 *
	 * @param string $id Provider id.
	 */
	public function is_usable( string $id ): bool {
		$provider = $this->registry->get( $id );
		if ( null === $provider ) {
			return false;
		}
		foreach ( $this->settings->get( $provider ) as $name => $value ) {
			if ( '' === $value && $provider->settings_fields()[ $name ]['required'] ) {
				return false;
			}
		}
		$status = $this->keys->describe( $id )['status'];
		return in_array( $status, self::USABLE_KEY_STATES, true ) || ( 'missing' === $status && ! $provider->requires_key() );
	}

	/**
	 * Tells whether any provider can be called.
	 */
	public function any_usable(): bool {
		foreach ( $this->registry->ids() as $id ) {
			if ( $this->is_usable( $id ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Gathers what one provider needs for this request: key, settings, model, output cap.
	 *
	 * @param Provider    $provider Adapter.
	 * @param ChatRequest $request  Request.
	 * @param bool        $first    Whether this is the provider the caller asked for.
	 * @return CallPlan|WP_Error
	 */
	public function plan( Provider $provider, ChatRequest $request, bool $first ) {
		$settings = $this->settings->get( $provider );
		$model    = $this->policy->model( $provider, $settings, $first ? $request->model : null );
		if ( is_wp_error( $model ) ) {
			return $model;
		}
		$key = $this->keys->get( $provider->id() );
		if ( is_wp_error( $key ) ) {
			return new WP_Error(
				'byok_ai_key_unavailable',
				sprintf(
					/* translators: 1: provider name, 2: why (KeyStore's message). */
					__( 'The key for %1$s can’t be used. %2$s', 'byok-ai' ),
					$provider->label(),
					$key->get_error_message()
				),
				array(
					'status'   => 503,
					'provider' => $provider->id(),
				)
			);
		}
		if ( null === $key && $provider->requires_key() ) {
			return new WP_Error(
				'byok_ai_not_configured',
				/* translators: %s: provider name. */
				sprintf( __( '%s has no key on this site. An administrator can add one on Settings → BYOK AI.', 'byok-ai' ), $provider->label() ),
				array(
					'status'   => 503,
					'provider' => $provider->id(),
				)
			);
		}
		return array(
			'key'        => (string) $key,
			'settings'   => $settings,
			'model'      => $model,
			'max_tokens' => $this->policy->max_tokens( $request->max_tokens ),
		);
	}
}
