<?php
/**
 * What a pasted key looks like.
 *
 * @package ByokAi
 */

namespace ByokAi\Keys;

use WP_Error;

/**
 * Normalizes pasted keys, guesses their vendor from the prefix, and masks them for display.
 */
final class KeyFormat {

	/**
	 * Known key prefixes, most specific first, and the vendor they belong to.
	 */
	private const VENDOR_PREFIXES = array(
		'sk-ant-' => 'anthropic',
		'sk-or-'  => 'openrouter',
		'AIza'    => 'gemini',
		'sk-'     => 'openai',
	);

	public const MAX_LENGTH = 512;

	/**
	 * Trims surrounding whitespace and line breaks; rejects keys with whitespace or control
	 * characters inside, non-ASCII characters, or an implausible length.
	 *
	 * @param string $raw Pasted text.
	 * @return string|WP_Error
	 */
	public static function normalize( string $raw ) {
		$key = trim( $raw, " \t\n\r\0\x0B" );
		if ( '' === $key ) {
			return new WP_Error( 'byok_ai_key_empty', __( 'Paste a key first.', 'byok-ai' ), array( 'status' => 400 ) );
		}
		if ( preg_match( '/\s/', $key ) ) {
			return new WP_Error( 'byok_ai_key_whitespace', __( 'The key has spaces or line breaks in the middle. Copy it again from your provider’s dashboard in one piece.', 'byok-ai' ), array( 'status' => 400 ) );
		}
		if ( ! preg_match( '/^[\x21-\x7e]+$/', $key ) ) {
			return new WP_Error( 'byok_ai_key_characters', __( 'The key contains characters that API keys never have. Copy it again from your provider’s dashboard.', 'byok-ai' ), array( 'status' => 400 ) );
		}
		if ( strlen( $key ) < 8 || strlen( $key ) > self::MAX_LENGTH ) {
			return new WP_Error( 'byok_ai_key_length', __( 'That doesn’t look like a whole API key: check that you copied all of it.', 'byok-ai' ), array( 'status' => 400 ) );
		}
		return $key;
	}

	/**
	 * Guesses which vendor issued a key, from its prefix.
	 *
	 * @param string $key Normalized key.
	 * @return string|null 'anthropic', 'openai', 'gemini', 'openrouter', or null when unknown.
	 */
	public static function vendor( string $key ): ?string {
		foreach ( self::VENDOR_PREFIXES as $prefix => $vendor ) {
			if ( 0 === strpos( $key, $prefix ) ) {
				return $vendor;
			}
		}
		return null;
	}

	/**
	 * Returns a vendor's name for people.
	 *
	 * @param string $vendor Vendor id from vendor().
	 */
	public static function vendor_label( string $vendor ): string {
		$labels = array(
			'anthropic'  => __( 'Anthropic', 'byok-ai' ),
			'openrouter' => __( 'OpenRouter', 'byok-ai' ),
			'gemini'     => __( 'Google Gemini', 'byok-ai' ),
			'openai'     => __( 'OpenAI', 'byok-ai' ),
		);
		return $labels[ $vendor ] ?? $vendor;
	}

	/**
	 * Masks a key: its vendor prefix (or first three characters) and its last four. Short keys
	 * show only their last two characters, so a mask never gives away most of a key.
	 *
	 * @param string $key Key.
	 */
	public static function mask( string $key ): string {
		$length = strlen( $key );
		if ( $length < 16 ) {
			return '••••' . substr( $key, -2 );
		}
		$prefix = substr( $key, 0, 3 );
		foreach ( array_keys( self::VENDOR_PREFIXES ) as $known ) {
			if ( 0 === strpos( $key, $known ) ) {
				$prefix = $known;
				break;
			}
		}
		return $prefix . '…' . substr( $key, -4 );
	}

	/**
	 * Removes anything that could be a piece of a key from a provider's text (an error message,
	 * say) before it goes anywhere: the key itself, any run of eight or more of its characters,
	 * its last four characters, masked fragments such as OpenAI's "sk-*****abcd", and tokens
	 * shaped like a known vendor's key.
	 *
	 * @param string $text Text from a provider.
	 * @param string $key  The key used for the request ('' for none).
	 */
	public static function scrub( string $text, string $key ): string {
		$redacted = '[redacted]';
		if ( strlen( $key ) >= 8 ) {
			$text   = str_replace( $key, $redacted, $text );
			$length = strlen( $key );
			for ( $i = 0; $i + 8 <= $length; $i++ ) {
				$text = str_replace( substr( $key, $i, 8 ), $redacted, $text );
			}
			$text = str_replace( substr( $key, -4 ), '****', $text );
		}
		$prefixes = implode( '|', array_map( 'preg_quote', array_keys( self::VENDOR_PREFIXES ) ) );
		$scrubbed = preg_replace(
			array(
				'/[A-Za-z0-9_-]*\*{3,}[A-Za-z0-9_*-]*/',
				'/\b(?:' . $prefixes . ')[A-Za-z0-9_-]{4,}/',
			),
			$redacted,
			$text
		);
		return is_string( $scrubbed ) ? $scrubbed : '';
	}
}
