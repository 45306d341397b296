<?php
/**
 * Who a visitor is, for the per-address limit.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

/**
 * Takes the client address from the connection (REMOTE_ADDR). Only when the administrator has
 * named a proxy header, because the site really sits behind a proxy that sets it, is that header
 * read instead; X-Forwarded-For then contributes its last address, the one the nearest proxy
 * added (earlier entries are whatever the client claimed). IPv6 clients are counted per /64,
 * the block one subscriber usually holds, so rotating addresses within it doesn't reset a limit.
 */
final class ClientAddress {

	/**
	 * Returns the address to count a request against.
	 *
	 * @param array<string, mixed> $server $_SERVER or a copy of it.
	 * @param string               $header Proxy header named by the administrator, or ''.
	 * @return string An IPv4 address, an IPv6 /64 prefix ("2001:db8:1:2::/64"), or 'unknown'.
	 */
	public static function resolve( array $server, string $header ): string {
		$address = '';
		if ( '' !== $header ) {
			$name    = 'HTTP_' . strtoupper( str_replace( '-', '_', $header ) );
			$value   = isset( $server[ $name ] ) && is_string( $server[ $name ] ) ? $server[ $name ] : '';
			$parts   = explode( ',', $value );
			$address = trim( (string) end( $parts ) );
		}
		if ( ! self::is_ip( $address ) ) {
			// No usable header (a proxy that didn't set it, or garbage): the connection's address.
			$address = isset( $server['REMOTE_ADDR'] ) && is_string( $server['REMOTE_ADDR'] ) ? trim( $server['REMOTE_ADDR'] ) : '';
		}
		if ( ! self::is_ip( $address ) ) {
			return 'unknown';
		}
		if ( false !== filter_var( $address, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4 ) ) {
			return $address;
		}
		$packed = (string) inet_pton( $address );
		$prefix = substr( $packed, 0, 8 ) . str_repeat( "\0", 8 );
		return inet_ntop( $prefix ) . '/64';
	}

	/**
	 * Tells whether a string is an IP address.
	 *
	 * @param string $value Candidate.
	 */
	private static function is_ip( string $value ): bool {
		return '' !== $value && false !== filter_var( $value, FILTER_VALIDATE_IP );
	}
}
