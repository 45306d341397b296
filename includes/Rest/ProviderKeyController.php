<?php
/**
 * PUT and DELETE byok-ai/v1/providers/{provider}/key: store or remove a key.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Keys\KeyFormat;
use ByokAi\Keys\KeyStore;
use ByokAi\Providers\Provider;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;

/**
 * The write-only key endpoint: a key goes in, only its mask ever comes out.
 *
 * A key is stored only after the provider accepted it, or, when the provider can't be reached,
 * after the administrator explicitly asks to save it unvalidated.
 */
class ProviderKeyController extends ProviderRouteController {

	protected const PATH = '/key';

	protected const HANDLERS = array( 'update_item', 'delete_item' );

	/**
	 * JSON schema of the PUT body: the key (write-only) and the unvalidated switch.
	 *
	 * @return array<string, mixed>
	 */
	protected function body_schema(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'byok-ai-provider-key',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'key'               => array(
					'description' => __( 'The API key. Write-only.', 'byok-ai' ),
					'type'        => 'string',
					'required'    => true,
					'minLength'   => 1,
					// Room for surrounding whitespace; KeyFormat enforces the key's own bounds.
					'maxLength'   => 4 * KeyFormat::MAX_LENGTH,
				),
				'allow_unvalidated' => array(
					'description' => __( 'Save even though the provider could not be reached to check the key.', 'byok-ai' ),
					'type'        => 'boolean',
					'default'     => false,
				),
			),
		);
	}

	/**
	 * Checks and stores a key.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		return $this->answer_strict(
			$request,
			function ( Provider $provider ) use ( $request ) {
				$key = KeyFormat::normalize( (string) $request['key'] );
				if ( is_wp_error( $key ) ) {
					return $key;
				}
				$vendor = KeyFormat::vendor( $key );
				if ( ! $provider->accepts_key_vendor( $vendor ) ) {
					return new WP_Error(
						'byok_ai_key_wrong_provider',
						sprintf(
							/* translators: 1: vendor that issued the key, 2: provider whose field it was pasted into. */
							__( 'This looks like a key from %1$s, not from %2$s. Paste it into the matching provider instead.', 'byok-ai' ),
							KeyFormat::vendor_label( (string) $vendor ),
							$provider->label()
						),
						array( 'status' => 400 )
					);
				}
				// After the vendor check, so a key of another provider gets that message rather than this one.
				$characters = KeyFormat::characters( $key, $provider->id() );
				if ( is_wp_error( $characters ) ) {
					return $characters;
				}

				$state = $this->keys->describe( $provider->id() );
				if ( in_array( $state['source'], array( 'environment', 'constant' ), true ) ) {
					return $this->external_key_error( $state['variable'], $state['source'] );
				}

				// Fail closed before spending a provider call: a key that can't be encrypted isn't stored.
				$ready = $this->vault->is_ready();
				if ( is_wp_error( $ready ) ) {
					$ready->add_data( array( 'status' => 500 ) );
					return $ready;
				}

				$verdict = $this->validator->validate( $provider, $key );
				$status  = KeyStore::STATUS_VALID;
				if ( is_wp_error( $verdict ) ) {
					if ( 'byok_ai_provider_unreachable' !== $verdict->get_error_code() || ! $request['allow_unvalidated'] ) {
						return $verdict;
					}
					$status = KeyStore::STATUS_NOT_VALIDATED;
				}

				return $this->keys->store( $provider->id(), $key, $status );
			}
		);
	}

	/**
	 * Removes the stored key.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		return $this->answer(
			$request,
			function ( Provider $provider ) {
				$this->keys->delete( $provider->id() );
				$state = $this->keys->describe( $provider->id() );
				return in_array( $state['source'], array( 'environment', 'constant' ), true )
					? $this->external_key_error( $state['variable'], $state['source'] )
					: true;
			}
		);
	}

	/**
	 * The error for a key that is configured outside the database and can't be changed here.
	 *
	 * @param string $variable Variable or constant name.
	 * @param string $source   'environment' or 'constant'.
	 */
	private function external_key_error( string $variable, string $source ): WP_Error {
		$message = 'environment' === $source
			/* translators: %s: environment variable name. */
			? __( 'This key comes from the %s environment variable. Change or remove it there.', 'byok-ai' )
			/* translators: %s: constant name. */
			: __( 'This key comes from the %s constant in wp-config.php. Change or remove it there.', 'byok-ai' );
		return new WP_Error( 'byok_ai_key_external', sprintf( $message, $variable ), array( 'status' => 409 ) );
	}
}
