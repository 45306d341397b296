<?php
/**
 * Recognises cloud metadata hosts, however they are spelled.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers;

/**
 * A cloud instance's metadata service answers on a link-local address with the server's own
 * credentials. An endpoint there would hand them to whoever reads the key's requests, so
 * administrators can't set one. Resolvers accept many spellings of an IPv4 address (inet_aton:
 * decimal, octal, hexadecimal, one to four parts) and IPv6 forms that carry one (IPv4-mapped,
 * -compatible, NAT64); each is read back to its address before the check.
 */
final class EndpointHost {

	/** Host names of metadata services (lowercase, without a trailing dot). */
	private const NAMES = array( 'metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal', 'metadata.azure.internal' );

	/**
	 * Tells whether a URL host names a metadata service.
	 *
	 * @param string $host Host as in a URL (IPv6 in brackets or not).
	 */
	public static function is_metadata( string $host ): bool {
		$host = rtrim( strtolower( trim( rawurldecode( $host ) ) ), '.' );
		if ( '' === $host ) {
			return false;
		}
		if ( in_array( $host, self::NAMES, true ) ) {
			return true;
		}
		$ipv4 = self::ipv4( $host );
		if ( null !== $ipv4 ) {
			return self::is_metadata_ipv4( $ipv4 );
		}
		$ipv6 = trim( $host, '[]' );
		$zone = strpos( $ipv6, '%' );
		if ( false !== $zone ) {
			$ipv6 = (string) substr( $ipv6, 0, $zone );
		}
		$packed = false !== strpos( $ipv6, ':' ) ? inet_pton( $ipv6 ) : false;
		if ( false === $packed || 16 !== strlen( $packed ) ) {
			return false;
		}
		// fd00:ec2::254, AWS's IPv6 metadata address.
		if ( inet_pton( 'fd00:ec2::254' ) === $packed ) {
			return true;
		}
		$prefix = substr( $packed, 0, 12 );
		$tail   = unpack( 'N', substr( $packed, 12, 4 ) );
		$v4     = is_array( $tail ) ? (int) $tail[1] : 0;
		$mapped = array(
			str_repeat( "\0", 10 ) . "\xff\xff",                     // ::ffff:a.b.c.d
			str_repeat( "\0", 12 ),                                   // ::a.b.c.d (deprecated compatible form)
			"\x00\x64\xff\x9b" . str_repeat( "\0", 8 ),               // 64:ff9b::a.b.c.d (NAT64)
			str_repeat( "\0", 8 ) . "\xff\xff\x00\x00",               // ::ffff:0:a.b.c.d (SIIT)
		);
		return in_array( $prefix, $mapped, true ) && self::is_metadata_ipv4( $v4 );
	}

	/**
	 * Reads an IPv4 address the way inet_aton() does, or returns null when the host isn't one.
	 *
	 * @param string $host Lowercase host.
	 */
	public static function ipv4( string $host ): ?int {
		if ( ! preg_match( '/^[0-9a-fx.]+$/', $host ) ) {
			return null;
		}
		$parts = explode( '.', $host );
		if ( count( $parts ) > 4 ) {
			return null;
		}
		$numbers = array();
		foreach ( $parts as $part ) {
			if ( preg_match( '/^0x[0-9a-f]*$/', $part ) ) {
				$number = '0x' === $part ? 0 : hexdec( substr( $part, 2 ) );
			} elseif ( preg_match( '/^0[0-7]*$/', $part ) ) {
				$number = octdec( $part );
			} elseif ( preg_match( '/^[1-9][0-9]*$/', $part ) ) {
				$number = strlen( $part ) > 10 ? PHP_INT_MAX : (int) $part;
			} else {
				return null;
			}
			if ( ! is_int( $number ) || $number > 0xffffffff ) {
				return null;
			}
			$numbers[] = $number;
		}
		$last  = (int) array_pop( $numbers );
		$count = count( $numbers );
		foreach ( $numbers as $number ) {
			if ( $number > 255 ) {
				return null;
			}
		}
		if ( $last >= 2 ** ( 8 * ( 4 - $count ) ) ) {
			return null;
		}
		$address = 0;
		foreach ( $numbers as $index => $number ) {
			$address |= $number << ( 8 * ( 3 - $index ) );
		}
		return $address | $last;
	}

	/**
	 * Tells whether an IPv4 address is link-local (169.254.0.0/16), where AWS, Azure, GCP, Oracle
	 * and others answer, or Alibaba Cloud's 100.100.100.200.
	 *
	 * @param int $address Address.
	 */
	private static function is_metadata_ipv4( int $address ): bool {
		return 0xa9fe0000 === ( $address & 0xffff0000 ) || 0x646464c8 === $address;
	}
}
