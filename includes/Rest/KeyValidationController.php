<?php
/**
 * POST byok-ai/v1/providers/{provider}/key/validation: test the configured key again.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Keys\KeyStore;
use ByokAi\Providers\Provider;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;

/**
 * Runs a validation of whichever key is in effect and reports the outcome as data: the test ran,
 * so the response is 200 even when the key failed it.
 */
class KeyValidationController extends ProviderRouteController {

	protected const PATH = '/key/validation';

	protected const HANDLERS = array( 'create_item' );

	/**
	 * Validates the configured key.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		return $this->answer_strict(
			$request,
			function ( Provider $provider ) {
				$key = $this->keys->get( $provider->id() );
				if ( is_wp_error( $key ) ) {
					$key->add_data( array( 'status' => 409 ) );
					return $key;
				}
				if ( null === $key && $provider->requires_key() ) {
					return new WP_Error( 'byok_ai_key_missing', __( 'There is no key to test yet.', 'byok-ai' ), array( 'status' => 404 ) );
				}

				$verdict = $this->validator->validate( $provider, (string) $key );
				if ( null !== $key && 'database' === $this->keys->describe( $provider->id() )['source'] ) {
					if ( true === $verdict ) {
						$this->keys->set_status( $provider->id(), KeyStore::STATUS_VALID );
					} elseif ( in_array( $verdict->get_error_code(), array( 'byok_ai_key_invalid', 'byok_ai_key_forbidden' ), true ) ) {
						$this->keys->set_status( $provider->id(), KeyStore::STATUS_INVALID );
					}
				}

				return new WP_REST_Response(
					array(
						'valid'    => true === $verdict,
						'code'     => true === $verdict ? null : $verdict->get_error_code(),
						'message'  => true === $verdict
							/* translators: %s: provider name. */
							? sprintf( __( '%s accepted the key.', 'byok-ai' ), $provider->label() )
							: $verdict->get_error_message(),
						'provider' => $this->presenter->present( $provider ),
					)
				);
			}
		);
	}

	/**
	 * JSON schema of the answer: the verdict and the provider as it now stands.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		$provider = ProviderPresenter::schema();
		unset( $provider['$schema'] );
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'byok-ai-key-validation',
			'type'       => 'object',
			'properties' => array(
				'valid'    => array( 'type' => 'boolean' ),
				'code'     => array( 'type' => array( 'string', 'null' ) ),
				'message'  => array( 'type' => 'string' ),
				'provider' => $provider,
			),
		);
	}
}
