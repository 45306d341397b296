<?php
/**
 * Shared parts of the plugin's REST controllers.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Providers\Provider;
use ByokAi\Providers\Registry;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;

/**
 * Namespace, the administrator permission check, provider lookup and strict bodies.
 */
abstract class RestController extends WP_REST_Controller {

	public const NAMESPACE = 'byok-ai/v1';

	/**
	 * Provider adapters.
	 *
	 * @var Registry
	 */
	protected $registry;

	/**
	 * Stores the registry.
	 *
	 * @param Registry $registry Providers.
	 */
	public function __construct( Registry $registry ) {
		$this->namespace = self::NAMESPACE;
		$this->registry  = $registry;
	}

	/**
	 * Allows administrators (manage_options) only: 401 when logged out, 403 otherwise.
	 *
	 * @return true|WP_Error
	 */
	public function can_manage() {
		if ( current_user_can( 'manage_options' ) ) {
			return true;
		}
		return new WP_Error(
			'byok_ai_forbidden',
			__( 'Sorry, you are not allowed to manage BYOK AI settings.', 'byok-ai' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * The URL argument naming a provider, restricted to the registered ids.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	protected function provider_arg(): array {
		return array(
			'provider' => array(
				'description' => __( 'Provider id.', 'byok-ai' ),
				'type'        => 'string',
				'enum'        => $this->registry->ids(),
				'required'    => true,
			),
		);
	}

	/**
	 * Returns the provider named in the URL.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return Provider|WP_Error
	 */
	protected function provider( WP_REST_Request $request ) {
		$provider = $this->registry->get( (string) $request['provider'] );
		return $provider ?? new WP_Error( 'byok_ai_unknown_provider', __( 'Unknown provider.', 'byok-ai' ), array( 'status' => 404 ) );
	}

	/**
	 * Rejects body fields the route doesn't declare; WordPress would otherwise ignore them silently.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	protected function reject_unknown_fields( WP_REST_Request $request ) {
		/**
		 * Core returns null when the body is not JSON, although WordPress' stubs document array.
		 *
		 * @var array<string, mixed>|null $body
		 */
		$body = $request->get_json_params();
		if ( ! is_array( $body ) ) {
			$body = $request->get_body_params();
		}
		$attributes = $request->get_attributes();
		$declared   = isset( $attributes['args'] ) && is_array( $attributes['args'] ) ? array_keys( $attributes['args'] ) : array();
		$unknown    = array_diff( array_map( 'strval', array_keys( $body ) ), $declared );
		if ( ! $unknown ) {
			return true;
		}
		return new WP_Error(
			'rest_invalid_param',
			sprintf(
				/* translators: %s: comma-separated field names. */
				__( 'Unknown fields: %s.', 'byok-ai' ),
				implode( ', ', array_map( 'sanitize_key', $unknown ) )
			),
			array( 'status' => 400 )
		);
	}
}
