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
	 * The characters each provider's keys are made of. Anthropic, OpenAI and Google keys are
	 * letters, digits, "-" and "_" (Azure's are letters and digits; "-" and "_" stay allowed for
	 * gateways that front it); an OpenAI-compatible server
	 * may use any Bearer token (RFC 6750's b64token: letters, digits and -._~+/ with trailing =).
	 * Nothing else (quotes, angle brackets, backslashes…) is ever part of a key.
	 */
	private const CHARACTERS = array(
		'anthropic'         => '/^[A-Za-z0-9_-]+$/',
		'openai'            => '/^[A-Za-z0-9_-]+$/',
		'gemini'            => '/^[A-Za-z0-9_-]+$/',
		'azure_openai'      => '/^[A-Za-z0-9_-]+$/',
		'openai_compatible' => '/^[A-Za-z0-9._~+\/-]+=*$/',
	);

	/** For providers not listed above: a Bearer token. */
	private const DEFAULT_CHARACTERS = '/^[A-Za-z0-9._~+\/-]+=*$/';

	/**
	 * Trims surrounding whitespace and line breaks; rejects what the settings page shows instead
	 * of a key (its mask), keys with whitespace or control characters inside, characters the
	 * provider's keys never have, and implausible lengths.
	 *
	 * @param string      $raw      Pasted text.
	 * @param string|null $provider Provider id whose characters apply; null for any Bearer token.
	 * @return string|WP_Error
	 */
	public static function normalize( string $raw, ?string $provider = null ) {
		$key = trim( $raw, " \t\n\r\0\x0B" );
		if ( '' === $key ) {
			return new WP_Error( 'byok_ai_key_empty', __( 'Paste a key first.', 'byok-ai' ), array( 'status' => 400 ) );
		}
		if ( self::looks_masked( $key ) ) {
			return new WP_Error( 'byok_ai_key_masked', __( 'This is the masked key the settings show, not the key itself. Paste the full key from your provider’s dashboard.', 'byok-ai' ), array( 'status' => 400 ) );
		}
		if ( preg_match( '/\s/u', $key ) || preg_match( '/\s/', $key ) ) {
			return new WP_Error( 'byok_ai_key_whitespace', __( 'The key has spaces or line breaks in the middle. Copy it again from your provider’s dashboard in one piece.', 'byok-ai' ), array( 'status' => 400 ) );
		}
		$characters = self::characters( $key, $provider );
		if ( is_wp_error( $characters ) ) {
			return $characters;
		}
		if ( strlen( $key ) < 8 || strlen( $key ) > self::MAX_LENGTH ) {
			return new WP_Error( 'byok_ai_key_length', __( 'That doesn’t look like a whole API key: check that you copied all of it.', 'byok-ai' ), array( 'status' => 400 ) );
		}
		return $key;
	}

	/**
	 * Checks that a key is made of the characters a provider's keys have.
	 *
	 * @param string      $key      Trimmed key.
	 * @param string|null $provider Provider id; null for any Bearer token.
	 * @return true|WP_Error
	 */
	public static function characters( string $key, ?string $provider ) {
		$pattern = null === $provider ? self::DEFAULT_CHARACTERS : ( self::CHARACTERS[ $provider ] ?? self::DEFAULT_CHARACTERS );
		if ( preg_match( '/^[\x21-\x7e]+$/', $key ) && preg_match( $pattern, $key ) ) {
			return true;
		}
		return new WP_Error( 'byok_ai_key_characters', __( 'The key contains characters that API keys never have. Copy it again from your provider’s dashboard.', 'byok-ai' ), array( 'status' => 400 ) );
	}

	/**
	 * Tells whether pasted text is a mask rather than a key: an ellipsis ("…" or "..."), a run
	 * of asterisks or bullets (•, ●, ·, ∙, ◦), as the plugin, core's Connectors screen and the
	 * providers' dashboards show keys.
	 *
	 * @param string $text Trimmed text.
	 */
	public static function looks_masked( string $text ): bool {
		return 1 === preg_match( '/\.{3}|\*{2,}|\x{2026}|[\x{2022}\x{25CF}\x{00B7}\x{2219}\x{25E6}]/u', $text )
			|| ( 1 !== preg_match( '//u', $text ) && false !== strpos( $text, '...' ) );
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
	 * say) before it goes anywhere: the key itself, any run of eight or more of its characters
	 * (also with whitespace or line breaks between them), its last four characters, its
	 * hexadecimal and base64 forms (standard and URL-safe, at any alignment, as in a Basic
	 * authorization header echoed back), masked fragments such as OpenAI's "sk-*****abcd", and
	 * tokens shaped like a known vendor's key.
	 *
	 * @param string $text Text from a provider.
	 * @param string $key  The key used for the request ('' for none).
	 */
	public static function scrub( string $text, string $key ): string {
		$redacted = '[redacted]';
		if ( strlen( $key ) >= 8 ) {
			foreach ( self::encodings( $key ) as $form ) {
				$text = str_ireplace( $form, $redacted, $text );
			}
			$text   = str_replace( $key, $redacted, $text );
			$whole  = preg_replace( self::split_pattern( $key ), $redacted, $text );
			$text   = is_string( $whole ) ? $whole : $text;
			$length = strlen( $key );
			for ( $i = 0; $i + 8 <= $length; $i++ ) {
				$piece = substr( $key, $i, 8 );
				$text  = str_replace( $piece, $redacted, $text );
				// The same run split by whitespace, line breaks or invisible separators.
				$split = preg_replace( self::split_pattern( $piece ), $redacted, $text );
				if ( is_string( $split ) ) {
					$text = $split;
				}
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

	/**
	 * A pattern for a text with whitespace, line breaks or invisible separators between any of
	 * its characters.
	 *
	 * @param string $text Text.
	 */
	private static function split_pattern( string $text ): string {
		// Bytes, not UTF-8 mode: provider text may be invalid UTF-8. U+200B and U+00AD spelled as bytes.
		return '/' . implode( '(?:\s|\xE2\x80\x8B|\xC2\xAD)*', array_map( array( self::class, 'quote' ), str_split( $text ) ) ) . '/';
	}

	/**
	 * Quotes one character for a pattern.
	 *
	 * @param string $character Character.
	 */
	private static function quote( string $character ): string {
		return preg_quote( $character, '/' );
	}

	/**
	 * The key's encoded forms worth looking for, longest first: hexadecimal, and the part of its
	 * base64 form that depends on the key alone, for each of the three alignments a prefix (such
	 * as "user:" in a Basic header) can give it, in both alphabets.
	 *
	 * @param string $key Key.
	 * @return list<string>
	 */
	private static function encodings( string $key ): array {
		$forms  = array( bin2hex( $key ) );
		$length = strlen( $key );
		for ( $offset = 0; $offset < 3; $offset++ ) {
			// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- Recognising a key's base64 form in order to remove it.
			$encoded = base64_encode( str_repeat( "\0", $offset ) . $key );
			// Characters whose 6 bits all come from the key: from ceil(8·offset/6) while 6i+6 ≤ 8·(offset+length).
			$first  = (int) ceil( 8 * $offset / 6 );
			$last   = intdiv( 8 * ( $offset + $length ) - 6, 6 );
			$stable = substr( $encoded, $first, $last - $first + 1 );
			if ( strlen( $stable ) >= 8 ) {
				$forms[] = $stable;
				$forms[] = strtr( $stable, '+/', '-_' );
			}
		}
		usort(
			$forms,
			static function ( string $a, string $b ): int {
				return strlen( $b ) - strlen( $a );
			}
		);
		return array_values( array_unique( $forms ) );
	}
}
