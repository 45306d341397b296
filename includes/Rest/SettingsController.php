<?php
/**
 * GET byok-ai/v1/settings: everything the settings page shows.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Crypto\Vault;
use ByokAi\Providers\Registry;
use WP_REST_Request;
use WP_REST_Response;

/**
 * Returns the encryption state and every provider, masks only.
 */
class SettingsController extends ResourceController {

	private Vault $vault;

	private ProviderPresenter $presenter;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry          $registry  Providers.
	 * @param Vault             $vault     Encryption.
	 * @param ProviderPresenter $presenter Provider resource builder.
	 */
	public function __construct( Registry $registry, Vault $vault, ProviderPresenter $presenter ) {
		parent::__construct( $registry );
		$this->rest_base = 'settings';
		$this->vault     = $vault;
		$this->presenter = $presenter;
	}

	/**
	 * Returns the settings.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		$ready     = $this->vault->is_ready();
		$providers = array();
		foreach ( $this->registry->all() as $provider ) {
			$providers[] = $this->presenter->present( $provider );
		}
		return new WP_REST_Response(
			array(
				'encryption' => array(
					'ready'   => true === $ready,
					'source'  => $this->vault->secret_source(),
					'message' => is_wp_error( $ready ) ? $ready->get_error_message() : null,
				),
				'providers'  => $providers,
			)
		);
	}

	/**
	 * JSON schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'byok-ai-settings',
			'type'       => 'object',
			'properties' => array(
				'encryption' => array(
					'type'       => 'object',
					'properties' => array(
						'ready'   => array( 'type' => 'boolean' ),
						'source'  => array(
							'type' => array( 'string', 'null' ),
							'enum' => array( 'environment', 'constant', 'salts', null ),
						),
						'message' => array( 'type' => array( 'string', 'null' ) ),
					),
				),
				'providers'  => array(
					'type'  => 'array',
					'items' => ProviderPresenter::schema(),
				),
			),
		);
	}
}
