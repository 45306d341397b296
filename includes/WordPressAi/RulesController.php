<?php
/**
 * GET/PUT /byok-ai/v1/wordpress-ai: the rules for WordPress's own AI and who used it.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Rest\ResourceController;
use ByokAi\Providers\Registry;
use WP_REST_Request;
use WP_REST_Response;

/**
 * Administrators only. GET: { rules, conflicts: {option: layer}, callers: [per caller, last 30
 * days] }. PUT: any of the rules' fields (closed schema); switching custody off writes the
 * Connectors keys back for core first.
 */
class RulesController extends ResourceController {

	/** The integration (rules and the custody switch). */
	private Integration $integration;

	private CallerUsage $callers;

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
	 * The writable fields: the rules' schema.
	 *
	 * @return array<string, mixed>
	 */
	protected function writable_schema(): array {
		return Rules::schema();
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
		$unknown = array_diff( array_keys( $body ), array_keys( Rules::schema()['properties'] ) );
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

	/**
	 * JSON schema of GET's answer: the rules (with their bounds), conflicts and callers.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		$rules = Rules::schema();
		unset( $rules['$schema'] );
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'byok-ai-wordpress-ai',
			'type'       => 'object',
			'properties' => array(
				'rules'     => $rules,
				'conflicts' => array(
					'type'                 => 'object',
					'readonly'             => true,
					'additionalProperties' => array( 'type' => 'string' ),
				),
				'callers'   => array(
					'type'     => 'array',
					'readonly' => true,
					'items'    => array( 'type' => 'object' ),
				),
			),
		);
	}
}
