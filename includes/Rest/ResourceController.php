<?php
/**
 * A single resource at byok-ai/v1/{rest_base}, for administrators: GET, optionally PUT.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use WP_REST_Server;

/**
 * Registers GET (get_item) and, when the resource has writable fields, PUT/PATCH (update_item)
 * with arguments taken from writable_schema(); the route's schema (get_item_schema()) is what
 * OPTIONS returns, so clients read the bounds from the API.
 */
abstract class ResourceController extends RestController {

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$endpoints = array(
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_item' ),
				'permission_callback' => array( $this, 'can_manage' ),
			),
		);
		$writable  = $this->writable_schema();
		if ( null !== $writable ) {
			$endpoints[] = array(
				'methods'             => WP_REST_Server::EDITABLE,
				'callback'            => array( $this, 'update_item' ),
				'permission_callback' => array( $this, 'can_manage' ),
				'args'                => self::args_from_schema( $writable, WP_REST_Server::EDITABLE, $this->validates_itself() ),
			);
		}
		$endpoints['schema'] = array( $this, 'get_public_item_schema' );
		register_rest_route( self::NAMESPACE, '/' . $this->rest_base, $endpoints );
	}

	/**
	 * Schema of the fields PUT accepts; null for a read-only resource.
	 *
	 * @return array<string, mixed>|null
	 */
	protected function writable_schema(): ?array {
		return null;
	}

	/**
	 * Whether the domain class validates the fields with the same schema (naming the field)
	 * instead of WordPress's rest_validate_request_arg.
	 */
	protected function validates_itself(): bool {
		return false;
	}
}
