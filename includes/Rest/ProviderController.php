<?php
/**
 * PUT byok-ai/v1/providers/{provider}: a provider's connection settings.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Reads and updates base URLs, endpoints and deployments: administrator-only because they
 * decide where a key is sent.
 */
class ProviderController extends RestController {

	/**
	 * Connection settings.
	 *
	 * @var ProviderSettings
	 */
	private $settings;

	/**
	 * Provider resource builder.
	 *
	 * @var ProviderPresenter
	 */
	private $presenter;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry          $registry  Providers.
	 * @param ProviderSettings  $settings  Connection settings.
	 * @param ProviderPresenter $presenter Provider resource builder.
	 */
	public function __construct( Registry $registry, ProviderSettings $settings, ProviderPresenter $presenter ) {
		parent::__construct( $registry );
		$this->rest_base = 'providers';
		$this->settings  = $settings;
		$this->presenter = $presenter;
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/' . $this->rest_base . '/(?P<provider>[a-z_]+)',
			array(
				'args'   => $this->provider_arg(),
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'can_manage' ),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'can_manage' ),
					'args'                => array(
						'settings' => array(
							'description'          => __( 'Connection settings, by field name.', 'byok-ai' ),
							'type'                 => 'object',
							'required'             => true,
							'maxProperties'        => 8,
							'additionalProperties' => array(
								'type'      => 'string',
								'maxLength' => 2048,
							),
						),
					),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Returns one provider.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function get_item( $request ) {
		$provider = $this->provider( $request );
		if ( is_wp_error( $provider ) ) {
			return $provider;
		}
		return new WP_REST_Response( $this->presenter->present( $provider ) );
	}

	/**
	 * Saves a provider's connection settings.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function update_item( $request ) {
		$strict = $this->reject_unknown_fields( $request );
		if ( is_wp_error( $strict ) ) {
			return $strict;
		}
		$provider = $this->provider( $request );
		if ( is_wp_error( $provider ) ) {
			return $provider;
		}
		$saved = $this->settings->update( $provider, (array) $request['settings'] );
		if ( is_wp_error( $saved ) ) {
			return $saved;
		}
		return new WP_REST_Response( $this->presenter->present( $provider ) );
	}

	/**
	 * JSON schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return ProviderPresenter::schema();
	}
}
