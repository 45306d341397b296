<?php
/**
 * GET/PUT /byok-ai/v1/wordpress-ai: the rules for WordPress's own AI and who used it.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Rest\RestController;
use ByokAi\Providers\Registry;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Administrators only. GET: { rules, conflicts: {option: layer}, callers: [per caller, last 30
 * days] }. PUT: any of the rules' fields (closed schema); switching custody off writes the
 * Connectors keys back for core first.
 */
class RulesController extends RestController {

	/**
	 * The integration (rules and the custody switch).
	 *
	 * @var Integration
	 */
	private $integration;

	/**
	 * Usage per caller.
	 *
	 * @var CallerUsage
	 */
	private $callers;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry    $registry    Provider adapters.
	 * @param Integration $integration The integration.
	 * @param CallerUsage $callers     Usage per caller.
	 */
	public function __construct( Registry $registry, Integration $integration, CallerUsage $callers ) {
		parent::__construct( $registry );
		$this->rest_base   = 'wordpress-ai';
		$this->integration = $integration;
		$this->callers     = $callers;
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'can_manage' ),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'can_manage' ),
					'args'                => $this->rules_args(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * The writable fields.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function rules_args(): array {
		return array(
			'custody'        => array( 'type' => 'boolean' ),
			'hand_back'      => array( 'type' => 'boolean' ),
			'gate'           => array( 'type' => 'boolean' ),
			'callers'        => array(
				'type'                 => 'object',
				'maxProperties'        => 200,
				'additionalProperties' => array(
					'type' => 'string',
					'enum' => array( 'allow', 'deny' ),
				),
				'propertyNames'        => array(
					'type'      => 'string',
					'pattern'   => '^[a-z0-9_:.\-]{1,80}$',
					'maxLength' => 80,
				),
			),
			'default_caller' => array(
				'type' => 'string',
				'enum' => array( 'allow', 'deny' ),
			),
			'capability'     => array(
				'type'      => 'string',
				'pattern'   => '^[a-z0-9_]{0,64}$',
				'maxLength' => 64,
			),
			'hourly_limit'   => array(
				'type'    => 'integer',
				'minimum' => 0,
				'maximum' => 1000000,
			),
		);
	}

	/**
	 * GET.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return new WP_REST_Response( $this->state() );
	}

	/**
	 * PUT: refuses unknown fields, saves the others.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function update_item( $request ) {
		$body    = (array) $request->get_json_params();
		$unknown = array_diff( array_keys( $body ), array_keys( $this->rules_args() ) );
		if ( $unknown ) {
			return new \WP_Error(
				'byok_ai_unknown_fields',
				/* translators: %s: comma-separated field names. */
				sprintf( __( 'Unknown fields: %s.', 'byok-ai' ), implode( ', ', array_map( 'sanitize_key', $unknown ) ) ),
				array( 'status' => 400 )
			);
		}
		$lost = array();
		if ( isset( $body['custody'] ) ) {
			$lost = $this->integration->set_custody( (bool) $body['custody'] );
			unset( $body['custody'] );
		}
		$this->integration->rules->update( $body );
		$state         = $this->state();
		$state['lost'] = $lost;
		return new WP_REST_Response( $state );
	}

	/**
	 * What GET answers.
	 *
	 * @return array<string, mixed>
	 */
	private function state(): array {
		return array(
			'rules'     => $this->integration->rules->get(),
			'conflicts' => (object) $this->integration->keys->conflicts(),
			'callers'   => $this->callers->since( time() - 30 * DAY_IN_SECONDS ),
		);
	}
}
