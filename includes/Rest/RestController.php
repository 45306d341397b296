<?php
/**
 * Shared parts of the plugin's REST controllers.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Providers\Provider;
use ByokAi\Providers\Registry;
use ByokAi\Storage\AnswerOptions;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Server;

/**
 * Namespace, the administrator permission check, provider lookup and strict bodies.
 */
abstract class RestController extends WP_REST_Controller {

	public const NAMESPACE = 'byok-ai/v1';

	protected Registry $registry;

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
	 * Registers a route under /providers/{provider} for administrators: the provider argument,
	 * the endpoints (can_manage unless they say otherwise) and the controller's schema.
	 *
	 * @param string                     $suffix    Path after the provider id ('' for the provider itself).
	 * @param list<array<string, mixed>> $endpoints Endpoints: methods, callback, args.
	 */
	protected function register_provider_route( string $suffix, array $endpoints ): void {
		$route = array(
			'args'   => $this->provider_arg(),
			'schema' => array( $this, 'get_public_item_schema' ),
		);
		foreach ( $endpoints as $endpoint ) {
			$route[] = $endpoint + array( 'permission_callback' => array( $this, 'can_manage' ) );
		}
		register_rest_route( self::NAMESPACE, '/providers/(?P<provider>[a-z_]+)' . $suffix, $route );
	}

	/**
	 * Loads, in one query, the options an answer will read (keys, currency, prices, budgets,
	 * moderation): the routes that answer call it once the request is known to be one.
	 */
	protected function prime_answer_options(): void {
		AnswerOptions::prime( $this->registry->ids() );
	}

	/**
	 * The switch between one JSON answer and Server-Sent Events.
	 *
	 * @return array<string, mixed>
	 */
	protected function stream_arg(): array {
		return array(
			'description' => __( 'Answer as Server-Sent Events.', 'byok-ai' ),
			'type'        => 'boolean',
			'default'     => false,
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
	 * The route arguments of a resource's JSON schema: each property's bounds (type, enum,
	 * minimum, maximum, maxLength…) become the argument's, so the schema is their one source.
	 * WordPress validates and sanitizes them (rest_validate_request_arg), unless $own_validation
	 * says the domain class does it with the same schema and names the field itself.
	 *
	 * @param array<string, mixed> $schema         Object schema.
	 * @param string               $method         WP_REST_Server::CREATABLE or ::EDITABLE.
	 * @param bool                 $own_validation Leave validation to the domain class.
	 * @return array<string, array<string, mixed>>
	 */
	public static function args_from_schema( array $schema, string $method = WP_REST_Server::EDITABLE, bool $own_validation = false ): array {
		$args = rest_get_endpoint_args_for_schema( $schema, $method );
		if ( $own_validation ) {
			foreach ( $args as $name => $arg ) {
				unset( $arg['validate_callback'] );
				$arg['sanitize_callback'] = null;
				$args[ $name ]            = $arg;
			}
		}
		return $args;
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
		return UnknownNames::error(
			'rest_invalid_param',
			/* translators: %s: comma-separated field names. */
			__( 'Unknown fields: %s.', 'byok-ai' ),
			array_map( 'sanitize_key', $unknown )
		);
	}
}
