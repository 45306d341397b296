<?php
/**
 * Keeps the plugin's connector keys out of sight of core's /wp/v2/settings response filter.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use WP_REST_Request;
use WP_REST_Response;

/**
 * Core's filter (rest_post_dispatch, priority 10) would validate the masks through the AI
 * Client's model-list cache and mask them again: the kept values are taken out just before it
 * (priority 9) and put back, masked, just after it (priority 11).
 */
class SettingsResponseMask {

	/** @var array<string, array<string, mixed>> Values taken out of a response while core's filter runs, by response. */
	private array $hidden = array();

	/**
	 * Takes the kept connector values out of a /wp/v2/settings response (ConnectorKeys only hands
	 * those over).
	 *
	 * @param mixed         $response Response.
	 * @param mixed         $request  Request.
	 * @param array<string> $settings Option names the plugin keeps.
	 * @return mixed
	 */
	public function hide( $response, $request, array $settings ) {
		if ( ! $response instanceof WP_REST_Response || ! $request instanceof WP_REST_Request ) {
			return $response;
		}
		$data = $response->get_data();
		if ( ! is_array( $data ) ) {
			return $response;
		}
		$ours = array_intersect_key( $data, array_flip( $settings ) );
		if ( $ours ) {
			$this->hidden[ spl_object_hash( $response ) ] = array_filter( $ours, self::kept_by( $request ), ARRAY_FILTER_USE_KEY );
			$response->set_data( array_diff_key( $data, $ours ) );
		}
		return $response;
	}

	/**
	 * What core's `_fields` filter (also priority 10) leaves: only those are put back.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return callable(string):bool
	 */
	private static function kept_by( WP_REST_Request $request ): callable {
		$fields = isset( $request['_fields'] ) ? wp_parse_list( $request['_fields'] ) : array();
		return static function ( $setting ) use ( $fields ): bool {
			return ! $fields || rest_is_field_included( (string) $setting, $fields );
		};
	}

	/**
	 * Puts them back, each as the mask the callback gives for its option.
	 *
	 * @param mixed                   $response Response.
	 * @param callable(string):string $mask_for Mask of an option's key.
	 * @return mixed
	 */
	public function show( $response, callable $mask_for ) {
		if ( ! $response instanceof WP_REST_Response ) {
			return $response;
		}
		$id = spl_object_hash( $response );
		if ( ! isset( $this->hidden[ $id ] ) ) {
			return $response;
		}
		$data = $response->get_data();
		foreach ( array_keys( $this->hidden[ $id ] ) as $setting ) {
			$data[ $setting ] = $mask_for( (string) $setting );
		}
		unset( $this->hidden[ $id ] );
		$response->set_data( $data );
		return $response;
	}
}
