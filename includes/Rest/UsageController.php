<?php
/**
 * GET byok-ai/v1/usage.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Providers\Registry;
use ByokAi\Usage\UsageLog;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The usage figures the administrator sees on Settings → BYOK AI → Usage.
 */
class UsageController extends RestController {

	private UsageLog $usage;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry $registry Providers.
	 * @param UsageLog $usage    Usage records.
	 */
	public function __construct( Registry $registry, UsageLog $usage ) {
		parent::__construct( $registry );
		$this->usage = $usage;
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/usage',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_usage' ),
				'permission_callback' => array( $this, 'can_manage' ),
			)
		);
	}

	/**
	 * Returns today's and the last 30 days' totals per provider.
	 */
	public function get_usage(): WP_REST_Response {
		return new WP_REST_Response( $this->usage->summary() );
	}
}
