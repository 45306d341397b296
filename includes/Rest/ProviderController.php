<?php
/**
 * PUT byok-ai/v1/providers/{provider}: a provider's connection settings.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Providers\Provider;
use ByokAi\Providers\ProviderSettings;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;

/**
 * Reads and updates base URLs, endpoints and deployments: administrator-only because they
 * decide where a key is sent.
 */
class ProviderController extends ProviderRouteController {

	protected const HANDLERS = array( 'get_item', 'update_item' );

	/**
	 * Returns one provider.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function get_item( $request ) {
		return $this->answer( $request );
	}

	/**
	 * Saves a provider's connection settings.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function update_item( $request ) {
		return $this->answer_strict(
			$request,
			function ( Provider $provider ) use ( $request ) {
				$values = (array) $request['settings'];
				$locked = $this->endpoint_locked( $provider, $values );
				if ( is_wp_error( $locked ) ) {
					return $locked;
				}
				$saved = $this->settings->update( $provider, $values );
				return is_wp_error( $saved ) ? $saved : true;
			}
		);
	}

	/**
	 * The body PUT accepts: the provider's writable field (settings), required: a full replacement.
	 *
	 * @return array<string, mixed>
	 */
	protected function body_schema(): array {
		return ProviderPresenter::schema();
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
}
