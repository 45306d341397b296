<?php
/**
 * GET byok-ai/v1/providers/{provider}/models.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Ai\ChatService;
use ByokAi\Providers\Registry;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The models a provider offers, asked of the provider with the key in effect (administrators).
 */
class ModelsController extends RestController {

	private ChatService $service;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry    $registry Providers.
	 * @param ChatService $service  Chat runner (lists models).
	 */
	public function __construct( Registry $registry, ChatService $service ) {
		parent::__construct( $registry );
		$this->rest_base = 'providers';
		$this->service   = $service;
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->register_provider_route(
			'/models',
			array(
				array(
					'methods'  => WP_REST_Server::READABLE,
					'callback' => array( $this, 'get_items' ),
				),
			)
		);
	}

	/**
	 * Lists a provider's models.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
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
	 * JSON schema of the answer.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'byok-ai-provider-models',
			'type'       => 'object',
			'properties' => array(
				'models' => array(
					'type'  => 'array',
					'items' => array( 'type' => 'string' ),
				),
			),
		);
	}
}
