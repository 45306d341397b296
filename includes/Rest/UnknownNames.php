<?php
/**
 * The error for names a request may not send.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use WP_Error;

/**
 * A 400 that lists the names (fields, settings) that were sent but aren't accepted, instead of
 * dropping them silently.
 */
final class UnknownNames {

	/**
	 * Builds the error.
	 *
	 * @param string   $code    Error code.
	 * @param string   $message Translated message, %s standing for the names.
	 * @param string[] $names   The names as they are to be shown.
	 */
	public static function error( string $code, string $message, array $names ): WP_Error {
		return new WP_Error( $code, sprintf( $message, implode( ', ', $names ) ), array( 'status' => 400 ) );
	}
}
