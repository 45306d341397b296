<?php
/**
 * PUT and DELETE byok-ai/v1/providers/{provider}/key: store or remove a key.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Crypto\Vault;
use ByokAi\Keys\KeyFormat;
use ByokAi\Keys\KeyStore;
use ByokAi\Keys\KeyValidator;
use ByokAi\Providers\Registry;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The write-only key endpoint: a key goes in, only its mask ever comes out.
 *
 * A key is stored only after the provider accepted it, or, when the provider can't be reached,
 * after the administrator explicitly asks to save it unvalidated.
 */
class ProviderKeyController extends ProviderRouteController {

	private KeyValidator $validator;

	private Vault $vault;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry          $registry  Providers.
	 * @param KeyStore          $keys      Key store.
	 * @param KeyValidator      $validator Key checker.
	 * @param Vault             $vault     Encryption.
	 * @param ProviderPresenter $presenter Provider resource builder.
	 */
	public function __construct( Registry $registry, KeyStore $keys, KeyValidator $validator, Vault $vault, ProviderPresenter $presenter ) {
		parent::__construct( $registry, $keys, $presenter );
		$this->validator = $validator;
		$this->vault     = $vault;
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->register_provider_route(
			'/key',
			array(
				array(
					'methods'  => WP_REST_Server::EDITABLE,
					'callback' => array( $this, 'update_item' ),
					'args'     => self::args_from_schema( self::key_schema(), WP_REST_Server::CREATABLE ),
				),
				array(
					'methods'  => WP_REST_Server::DELETABLE,
					'callback' => array( $this, 'delete_item' ),
				),
			)
		);
	}

	/**
	 * JSON schema of the PUT body: the key (write-only) and the unvalidated switch.
	 *
	 * @return array<string, mixed>
	 */
	public static function key_schema(): array {
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
		$strict = $this->reject_unknown_fields( $request );
		if ( is_wp_error( $strict ) ) {
			return $strict;
		}
		$provider = $this->provider( $request );
		if ( is_wp_error( $provider ) ) {
			return $provider;
		}

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

		$stored = $this->keys->store( $provider->id(), $key, $status );
		if ( is_wp_error( $stored ) ) {
			return $stored;
		}
		return new WP_REST_Response( $this->presenter->present( $provider ) );
	}

	/**
	 * Removes the stored key.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		$provider = $this->provider( $request );
		if ( is_wp_error( $provider ) ) {
			return $provider;
		}
		$this->keys->delete( $provider->id() );

		$state = $this->keys->describe( $provider->id() );
		if ( in_array( $state['source'], array( 'environment', 'constant' ), true ) ) {
			return $this->external_key_error( $state['variable'], $state['source'] );
		}
		return new WP_REST_Response( $this->presenter->present( $provider ) );
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

	/**
	 * JSON schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return ProviderPresenter::schema();
	}
}
