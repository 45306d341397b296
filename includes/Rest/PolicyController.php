<?php
/**
 * GET/PUT byok-ai/v1/policy, GET byok-ai/v1/providers/{id}/models.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Ai\ChatService;
use ByokAi\Ai\Policy;
use ByokAi\Providers\Registry;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The administrator's side of AI use: the rules and the models a provider offers.
 */
class PolicyController extends RestController {

	/**
	 * Rules.
	 *
	 * @var Policy
	 */
	private $policy;

	/**
	 * Chat runner (lists models).
	 *
	 * @var ChatService
	 */
	private $service;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry    $registry Providers.
	 * @param Policy      $policy   Rules.
	 * @param ChatService $service  Chat runner.
	 */
	public function __construct( Registry $registry, Policy $policy, ChatService $service ) {
		parent::__construct( $registry );
		$this->policy  = $policy;
		$this->service = $service;
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/policy',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_policy' ),
					'permission_callback' => array( $this, 'can_manage' ),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_policy' ),
					'permission_callback' => array( $this, 'can_manage' ),
					'args'                => $this->policy_args(),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/providers/(?P<provider>[a-z_]+)/models',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_models' ),
				'permission_callback' => array( $this, 'can_manage' ),
				'args'                => $this->provider_arg(),
			)
		);
	}

	/**
	 * Returns the policy and the site's roles.
	 */
	public function get_policy(): WP_REST_Response {
		return new WP_REST_Response( $this->present() );
	}

	/**
	 * Saves the submitted fields; chat_roles changes the roles' capability.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_policy( WP_REST_Request $request ) {
		$strict = $this->reject_unknown_fields( $request );
		if ( is_wp_error( $strict ) ) {
			return $strict;
		}
		/**
		 * Core returns null when the body is not JSON, although WordPress' stubs document array.
		 *
		 * @var array<string, mixed>|null $body
		 */
		$body = $request->get_json_params();
		$body = is_array( $body ) ? $body : array();

		$roles = null;
		if ( array_key_exists( 'chat_roles', $body ) ) {
			$roles = $body['chat_roles'];
			unset( $body['chat_roles'] );
		}
		$saved = $this->policy->update( $body );
		if ( is_wp_error( $saved ) ) {
			return $saved;
		}
		if ( null !== $roles ) {
			$granted = $this->policy->set_chat_roles( $roles );
			if ( is_wp_error( $granted ) ) {
				return $granted;
			}
		}
		return new WP_REST_Response( $this->present() );
	}

	/**
	 * Lists a provider's models, and those the administrator allows.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_models( WP_REST_Request $request ) {
		$provider = $this->provider( $request );
		if ( is_wp_error( $provider ) ) {
			return $provider;
		}
		$models = $this->service->models( $provider );
		if ( is_wp_error( $models ) ) {
			return ChatController::error_response( $models );
		}
		return new WP_REST_Response( array( 'models' => $models ) );
	}

	/**
	 * Builds the policy resource.
	 *
	 * @return array<string, mixed>
	 */
	private function present(): array {
		$roles = array();
		foreach ( wp_roles()->get_names() as $slug => $name ) {
			$roles[] = array(
				'slug' => (string) $slug,
				'name' => translate_user_role( $name ),
			);
		}
		return array(
			'policy' => $this->policy->get() + array( 'chat_roles' => $this->policy->chat_roles() ),
			'roles'  => $roles,
		);
	}

	/**
	 * Declares the editable fields and their types; Policy checks values in full, so every
	 * refusal names its field.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function policy_args(): array {
		return array(
			'primary'             => array( 'type' => 'string' ),
			'fallback'            => array(
				'type'  => 'array',
				'items' => array( 'type' => 'string' ),
			),
			'max_output_tokens'   => array( 'type' => 'integer' ),
			'timeout'             => array( 'type' => 'integer' ),
			'models'              => array( 'type' => 'object' ),
			'visitor_ip_limit'    => array( 'type' => 'integer' ),
			'visitor_ip_window'   => array( 'type' => 'integer' ),
			'visitor_block_limit' => array( 'type' => 'integer' ),
			'visitor_daily_cap'   => array( 'type' => 'integer' ),
			'user_hourly_limit'   => array(
				'description' => __( 'AI requests each logged-in person may make per hour (chat and block preview); 0 allows none.', 'byok-ai' ),
				'type'        => 'integer',
				'minimum'     => 0,
				'maximum'     => Policy::MAX_USER_HOURLY_LIMIT,
			),
			'proxy_header'        => array(
				'type' => 'string',
				'enum' => Policy::PROXY_HEADERS,
			),
			'chat_roles'          => array(
				'type'  => 'array',
				'items' => array( 'type' => 'string' ),
			),
		);
	}
}
