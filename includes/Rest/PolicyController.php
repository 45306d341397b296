<?php
/**
 * GET/PUT byok-ai/v1/policy.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Ai\Policy;
use ByokAi\Providers\Registry;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;

/**
 * The administrator's rules for AI use. The fields' bounds come from Policy::schema(), which the
 * PUT arguments and OPTIONS publish; Policy validates with the same schema and names the field.
 */
class PolicyController extends ResourceController {

	private Policy $policy;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry $registry Providers.
	 * @param Policy   $policy   Rules.
	 */
	public function __construct( Registry $registry, Policy $policy ) {
		parent::__construct( $registry );
		$this->rest_base = 'policy';
		$this->policy    = $policy;
	}

	/**
	 * The writable fields: the policy's schema. Policy validates them with it and names the
	 * refused field for the form.
	 *
	 * @return array<string, mixed>
	 */
	protected function writable_schema(): array {
		return $this->policy->schema();
	}

	/**
	 * Policy validates with the schema itself.
	 */
	protected function validates_itself(): bool {
		return true;
	}

	/**
	 * Returns the policy and the site's roles.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return new WP_REST_Response( $this->present() );
	}

	/**
	 * Saves the submitted fields; chat_roles changes the roles' capability.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
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
	 * JSON schema of GET/PUT /policy's answer: the policy (every field's bounds) and the roles.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		$policy = $this->policy->schema();
		unset( $policy['$schema'] );
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'byok-ai-policy-settings',
			'type'       => 'object',
			'properties' => array(
				'policy' => $policy,
				'roles'  => array(
					'type'     => 'array',
					'readonly' => true,
					'items'    => array(
						'type'       => 'object',
						'properties' => array(
							'slug' => array( 'type' => 'string' ),
							'name' => array( 'type' => 'string' ),
						),
					),
				),
			),
		);
	}
}
