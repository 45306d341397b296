<?php
/**
 * Checks a key against its provider.
 *
 * @package ByokAi
 */

namespace ByokAi\Keys;

use ByokAi\Http\HttpClient;
use ByokAi\Providers\Provider;
use ByokAi\Providers\ProviderSettings;
use WP_Error;

/**
 * Sends a provider's cheapest authenticated request and turns the answer into a verdict with
 * a specific, translated message. Provider bodies are never passed on.
 */
class KeyValidator {

	/** Seconds a validation may take. */
	private const TIMEOUT = 15;

	private HttpClient $http;
	private ProviderSettings $settings;

	/**
	 * Stores the dependencies.
	 *
	 * @param HttpClient       $http     Transport.
	 * @param ProviderSettings $settings Connection settings.
	 */
	public function __construct( HttpClient $http, ProviderSettings $settings ) {
		$this->http     = $http;
		$this->settings = $settings;
	}

	/**
	 * Checks a key. Error codes: byok_ai_key_invalid, byok_ai_key_forbidden,
	 * byok_ai_provider_rejected, byok_ai_provider_unreachable (data: can_save_unvalidated),
	 * byok_ai_provider_incomplete, byok_ai_http_blocked, byok_ai_http_metadata.
	 *
	 * @param Provider $provider Adapter.
	 * @param string   $key      Normalized key ('' for key-less servers).
	 * @return true|WP_Error
	 */
	public function validate( Provider $provider, string $key ) {
		$request = $provider->validation_request( $key, $this->settings->get( $provider ) );
		if ( is_wp_error( $request ) ) {
			return $request;
		}
		/**
		 * Filters how many seconds a key validation may take.
		 *
		 * @since 0.1.0
		 *
		 * @param int    $timeout  Seconds. Default 15.
		 * @param string $provider Provider id.
		 */
		$timeout  = (int) apply_filters( 'byok_ai_validation_timeout', self::TIMEOUT, $provider->id() );
		$response = $this->http->send( $request, max( 1, $timeout ) );
		if ( is_wp_error( $response ) ) {
			if ( in_array( $response->get_error_code(), array( 'byok_ai_http_blocked', 'byok_ai_http_metadata' ), true ) ) {
				$response->add_data( array( 'status' => 400 ) );
				return $response;
			}
			return $this->unreachable( $provider );
		}

		switch ( $provider->classify_validation( $response ) ) {
			case 'valid':
				return true;
			case 'invalid':
				return new WP_Error(
					'byok_ai_key_invalid',
					/* translators: %s: provider name. */
					sprintf( __( '%s rejected this key: it isn’t a valid API key. Check that you copied the whole key, or create a new one.', 'byok-ai' ), $provider->label() ),
					array( 'status' => 400 )
				);
			case 'forbidden':
				return new WP_Error(
					'byok_ai_key_forbidden',
					/* translators: %s: provider name. */
					sprintf( __( '%s recognised this key but refused access (403). Check the key’s permissions, project, billing or region in your provider account.', 'byok-ai' ), $provider->label() ),
					array( 'status' => 400 )
				);
			case 'unavailable':
				return $this->unreachable( $provider );
			default:
				$said = $provider->error_message( $response );
				return new WP_Error(
					'byok_ai_provider_rejected',
					sprintf(
						/* translators: 1: provider name, 2: HTTP status code. */
						__( '%1$s answered with HTTP %2$d. Check the connection settings (base URL, endpoint or deployment).', 'byok-ai' ),
						$provider->label(),
						$response->status
					) . ( '' === $said ? '' : ' ' . sprintf(
						/* translators: %s: the provider's own error message. */
						__( 'The provider said: “%s”', 'byok-ai' ),
						\ByokAi\Ai\ErrorMap::detail( $said, $key )
					) ),
					array( 'status' => 400 )
				);
		}
	}

	/**
	 * The error for a provider that couldn't be asked.
	 *
	 * @param Provider $provider Adapter.
	 */
	private function unreachable( Provider $provider ): WP_Error {
		return new WP_Error(
			'byok_ai_provider_unreachable',
			/* translators: %s: provider name. */
			sprintf( __( '%s couldn’t be reached to check the key. You can save it anyway; it will show as “not validated” until a test succeeds.', 'byok-ai' ), $provider->label() ),
			array(
				'status'               => 502,
				'can_save_unvalidated' => true,
			)
		);
	}
}
