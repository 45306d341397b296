<?php
/**
 * GET/PUT byok-ai/v1/spend.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Providers\Registry;
use ByokAi\Spend\BudgetRules;
use ByokAi\Spend\Currency;
use ByokAi\Spend\DefaultPrices;
use ByokAi\Spend\Prices;
use ByokAi\Spend\Services;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The administrator's spend settings: the site currency, their own prices, the budgets; and,
 * read-only, the shipped prices (with when and where they were checked) and what each cap has
 * spent in the current day and month. OPTIONS returns the schema, bounds included.
 */
class SpendController extends RestController {

	private Services $spend;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry $registry Providers.
	 * @param Services $spend    Spend control.
	 */
	public function __construct( Registry $registry, Services $spend ) {
		parent::__construct( $registry );
		$this->rest_base = 'spend';
		$this->spend     = $spend;
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$args = rest_get_endpoint_args_for_schema( $this->writable_schema(), WP_REST_Server::EDITABLE );
		foreach ( $args as $name => $arg ) {
			// The domain classes validate with the same schema and name the field.
			unset( $arg['validate_callback'] );
			$arg['sanitize_callback'] = null;
			$args[ $name ]            = $arg;
		}
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
					'args'                => $args,
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * The fields PUT accepts.
	 *
	 * @return array<string, mixed>
	 */
	private function writable_schema(): array {
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'currency' => Currency::schema(),
				'prices'   => Prices::schema( $this->registry->ids() ),
				'budgets'  => BudgetRules::schema( $this->registry->ids(), array_keys( wp_roles()->roles ) ),
			),
		);
	}

	/**
	 * Returns the resource's schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$schema                = $this->writable_schema();
		$schema['$schema']     = 'http://json-schema.org/draft-04/schema#';
		$schema['title']       = 'byok-ai-spend';
		$schema['properties'] += array(
			'defaults' => array(
				'description' => __( 'The prices shipped with the plugin, in US dollars per million tokens.', 'byok-ai' ),
				'type'        => 'object',
				'readonly'    => true,
				'properties'  => array(
					'checked' => array( 'type' => 'string' ),
					'sources' => array( 'type' => 'object' ),
					'models'  => array( 'type' => 'object' ),
				),
			),
			'current'  => array(
				'description' => __( 'What each cap has spent in the current day and month (micros, or tokens).', 'byok-ai' ),
				'type'        => 'array',
				'readonly'    => true,
				'items'       => array(
					'type'       => 'object',
					'properties' => array(
						'counter' => array( 'type' => 'string' ),
						'period'  => array(
							'type' => 'string',
							'enum' => array( 'day', 'month' ),
						),
						'spent'   => array( 'type' => 'integer' ),
						'cap'     => array( 'type' => 'integer' ),
						'unit'    => array(
							'type' => 'string',
							'enum' => array( 'micros', 'tokens' ),
						),
					),
				),
			),
		);
		$this->schema          = $schema;
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * Returns the settings and current figures.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return new WP_REST_Response(
			array(
				'currency' => $this->spend->currency->get(),
				'prices'   => (object) $this->spend->prices->overrides(),
				'budgets'  => (object) $this->spend->rules->get(),
				'defaults' => array(
					'checked' => DefaultPrices::CHECKED,
					'sources' => DefaultPrices::SOURCES,
					'models'  => DefaultPrices::table(),
				),
				'current'  => $this->spend->budget->current( $this->registry->ids() ),
			)
		);
	}

	/**
	 * Saves the fields sent; the others keep their value.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$strict = $this->reject_unknown_fields( $request );
		if ( is_wp_error( $strict ) ) {
			return $strict;
		}
		$params = $request->get_params();
		$saves  = array(
			'currency' => function ( $value ) {
				return $this->spend->currency->save( $value );
			},
			'prices'   => function ( $value ) {
				return $this->spend->prices->save( $value, $this->registry->ids() );
			},
			'budgets'  => function ( $value ) {
				return $this->spend->rules->save( $value, $this->registry->ids(), array_keys( wp_roles()->roles ) );
			},
		);
		// Check everything before saving anything, so a bad field leaves all unchanged.
		$schema = $this->writable_schema();
		foreach ( array_keys( $saves ) as $field ) {
			if ( array_key_exists( $field, $params ) ) {
				$valid = rest_validate_value_from_schema( $params[ $field ], $schema['properties'][ $field ], $field );
				if ( is_wp_error( $valid ) ) {
					return new WP_Error( 'rest_invalid_param', $valid->get_error_message(), array( 'status' => 400 ) );
				}
			}
		}
		foreach ( $saves as $field => $save ) {
			if ( array_key_exists( $field, $params ) ) {
				$save( $params[ $field ] );
			}
		}
		$this->spend->prices->flush();
		return $this->get_item( $request );
	}
}
