<?php
/**
 * PUT byok-ai/v1/providers/{provider}: a provider's connection settings.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Keys\KeyStore;
use ByokAi\Providers\Provider;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Reads and updates base URLs, endpoints and deployments: administrator-only because they
 * decide where a key is sent.
 */
class ProviderController extends ProviderRouteController {

	private ProviderSettings $settings;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry          $registry  Providers.
	 * @param ProviderSettings  $settings  Connection settings.
	 * @param ProviderPresenter $presenter Provider resource builder.
	 * @param KeyStore          $keys      Keys.
	 */
	public function __construct( Registry $registry, ProviderSettings $settings, ProviderPresenter $presenter, KeyStore $keys ) {
		parent::__construct( $registry, $keys, $presenter );
		$this->settings = $settings;
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->register_provider_route(
			'',
			array(
				array(
					'methods'  => WP_REST_Server::READABLE,
					'callback' => array( $this, 'get_item' ),
				),
				array(
					'methods'  => WP_REST_Server::EDITABLE,
					'callback' => array( $this, 'update_item' ),
					// The provider's writable field (settings), required: a full replacement.
					'args'     => self::args_from_schema( ProviderPresenter::schema(), WP_REST_Server::CREATABLE ),
				),
			)
		);
	}

	/**
	 * Returns one provider.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function get_item( $request ) {
		$provider = $this->provider( $request );
		if ( is_wp_error( $provider ) ) {
			return $provider;
		}
		return new WP_REST_Response( $this->presenter->present( $provider ) );
	}

	/**
	 * Saves a provider's connection settings.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function update_item( $request ) {
		$strict = $this->reject_unknown_fields( $request );
		if ( is_wp_error( $strict ) ) {
			return $strict;
		}
		$provider = $this->provider( $request );
		if ( is_wp_error( $provider ) ) {
			return $provider;
		}
		$values = (array) $request['settings'];
		$locked = $this->endpoint_locked( $provider, $values );
		if ( is_wp_error( $locked ) ) {
			return $locked;
		}
		$saved = $this->settings->update( $provider, $values );
		if ( is_wp_error( $saved ) ) {
			return $saved;
		}
		return new WP_REST_Response( $this->presenter->present( $provider ) );
	}

	/**
	 * Refuses to move a key from the environment or wp-config (on multisite: the network's key)
	 * elsewhere. A stored key may be moved: it stays bound to its old endpoint and must be entered
	 * again (the response's key status says endpoint_changed).
	 *
	 * @param Provider             $provider Adapter.
	 * @param array<string, mixed> $values   Submitted settings.
	 * @return true|WP_Error
	 */
	private function endpoint_locked( Provider $provider, array $values ) {
		$current = $this->settings->get( $provider );
		$moves   = false;
		foreach ( $provider->settings_fields() as $name => $field ) {
			if ( 'url' === $field['type'] && array_key_exists( $name, $values ) && is_string( $values[ $name ] )
				&& ProviderSettings::canonical_url( '' === trim( $values[ $name ] ) ? $field['default'] : $values[ $name ] ) !== ProviderSettings::canonical_url( $current[ $name ] ) ) {
				$moves = true;
			}
		}
		if ( ! $moves ) {
			return true;
		}
		$state = $this->keys->describe( $provider->id() );
		if ( ! in_array( $state['source'], array( 'environment', 'constant' ), true ) ) {
			return true;
		}
		if ( is_multisite() && ! current_user_can( 'manage_network_options' ) ) {
			return new WP_Error(
				'byok_ai_network_key',
				/* translators: %s: provider name. */
				sprintf( __( '%s uses the network’s key. Only a network administrator can decide where it is sent.', 'byok-ai' ), $provider->label() ),
				array( 'status' => 403 )
			);
		}
		return new WP_Error(
			'byok_ai_endpoint_locked',
			sprintf(
				/* translators: 1: key variable name, 2: endpoint variable names. */
				__( 'The key comes from %1$s, so it is only sent to the provider’s own endpoint or one set next to it: define %2$s in the environment or wp-config.php instead.', 'byok-ai' ),
				$state['variable'],
				implode(
					', ',
					array_map(
						static function ( string $name ) use ( $provider ): string {
							return ProviderSettings::variable( $provider->id(), $name );
						},
						array_keys(
							array_filter(
								$provider->settings_fields(),
								static function ( array $field ): bool {
									return 'url' === $field['type'];
								}
							)
						)
					)
				)
			),
			array( 'status' => 409 )
		);
	}

	/**
	 * JSON schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return ProviderPresenter::schema();
	}
}
