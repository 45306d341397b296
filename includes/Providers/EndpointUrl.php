<?php
/**
 * Which URLs an administrator may set as a provider endpoint.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers;

/**
 * A base URL (http or https, a host, nothing that can carry a secret or change the request: no
 * user info, query or fragment) whose host is not a cloud metadata service (EndpointHost).
 */
final class EndpointUrl {

	/**
	 * Tells whether a string is a usable base URL: http(s), a host, no user info, query or fragment.
	 *
	 * Loopback and private hosts are allowed on purpose: local model servers (Ollama, LM Studio)
	 * live there, and only administrators can set this value.
	 *
	 * @param string $url Candidate.
	 */
	public static function is_base_url( string $url ): bool {
		if ( strlen( $url ) > 2048 || preg_match( '/[\s\x00-\x1f\x7f]/', $url ) ) {
			return false;
		}
		$parts = wp_parse_url( $url );
		return is_array( $parts )
			&& isset( $parts['scheme'], $parts['host'] )
			&& in_array( strtolower( $parts['scheme'] ), array( 'http', 'https' ), true )
			&& '' !== $parts['host']
			&& ! isset( $parts['user'] )
			&& ! isset( $parts['pass'] )
			&& ! isset( $parts['query'] )
			&& ! isset( $parts['fragment'] );
	}

	/**
	 * Checks an endpoint an administrator sets: a usable base URL whose host is not a cloud
	 * metadata address (169.254.0.0/16 in any spelling, fd00:ec2::254, metadata.google.internal…)
	 * unless the byok_ai_allow_metadata_endpoint filter says so. Loopback and private addresses
	 * stay allowed.
	 *
	 * @param string $url Candidate.
	 * @return true|'invalid'|'metadata'
	 */
	public static function check( string $url ) {
		if ( ! self::is_base_url( $url ) ) {
			return 'invalid';
		}
		$host = (string) wp_parse_url( $url, PHP_URL_HOST );
		if ( EndpointHost::is_metadata( $host ) ) {
			/**
			 * Filters whether an endpoint on a cloud metadata address is allowed. Default false:
			 * such an address answers with the server's own cloud credentials.
			 *
			 * @since 0.2.0
			 *
			 * @param bool   $allow Whether to allow it.
			 * @param string $url   The endpoint.
			 */
			return (bool) apply_filters( 'byok_ai_allow_metadata_endpoint', false, $url ) ? true : 'metadata';
		}
		return true;
	}
}
