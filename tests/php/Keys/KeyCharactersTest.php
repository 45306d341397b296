<?php
/**
 * Keys have a key's characters; masks are not keys; key forms are scrubbed from provider text.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Keys;

use ByokAi\Keys\KeyFormat;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * What may be stored or sent as a key, per provider, and what leaves PHP of one.
 *
 * Covers KeyFormat and the key routes that apply it (a behaviour across classes, hence not KeyFormatTest).
 */
class KeyCharactersTest extends TestCase {

	/**
	 * Each provider with a prefix its keys have, and texts that are no key of it.
	 *
	 * @return array<string, array{string, string}>
	 */
	public function foreign_characters(): array {
		$prefixes = array(
			'anthropic'         => 'sk-ant-api03-',
			'openai'            => 'sk-proj-',
			'gemini'            => 'AIza',
			'azure_openai'      => '0123456789abcdef',
			'openai_compatible' => 'tok-',
		);
		$bodies   = array(
			'script tag'   => '<script>alert(1)</script>abcdef',
			'double quote' => 'abc"defgh12345678',
			'single quote' => "abc'defgh12345678",
			'angle'        => 'abc<defgh>12345678',
			'backslash'    => 'abc\\defgh12345678',
			'semicolon'    => 'abc;defgh12345678',
			'ampersand'    => 'abc&defgh=1234567',
			'percent'      => 'abc%0d%0a12345678',
			'backtick'     => 'abc`defgh12345678',
		);
		$cases    = array();
		foreach ( $prefixes as $provider => $prefix ) {
			foreach ( $bodies as $name => $body ) {
				$cases[ "$provider: $name" ] = array( $provider, $prefix . $body );
			}
		}
		// Characters one provider's keys have and another's don't.
		$cases['azure: dot']      = array( 'azure_openai', '0123456789abcdef.0123456789abcdef' );
		$cases['openai: dot']     = array( 'openai', 'sk-proj-abc.defgh12345678' );
		$cases['anthropic: plus'] = array( 'anthropic', 'sk-ant-api03-abc+defgh12345678' );
		$cases['gemini: slash']   = array( 'gemini', 'AIzaSyabc/defgh12345678' );
		$cases['compat: inner ='] = array( 'openai_compatible', 'tok-abc=defgh12345678' );
		return $cases;
	}

	/**
	 * Nothing is stored or sent, even when saving unvalidated.
	 *
	 * @dataProvider foreign_characters
	 *
	 * @param string $provider Provider.
	 * @param string $key      Pasted text.
	 */
	public function test_keys_with_characters_keys_never_have_are_refused( string $provider, string $key ): void {
		$this->act_as( 'administrator' );
		$response = $this->rest(
			'PUT',
			'/byok-ai/v1/providers/' . $provider . '/key',
			array(
				'key'               => $key,
				'allow_unvalidated' => true,
			)
		);
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'byok_ai_key_characters', $this->error_code( $response ) );
		$this->assertFalse( get_option( 'byok_ai_key_' . $provider ) );
		$this->assertSame( array(), FakeProvider::calls(), 'Nothing was sent.' );
	}

	/**
	 * Real-looking keys of each provider pass (the refusals above can fail).
	 *
	 * @return array<string, array{string, string}>
	 */
	public function real_shapes(): array {
		return array(
			'anthropic'               => array( 'anthropic', 'sk-ant-api03-Ab_cd-EF0123456789' ),
			'openai project'          => array( 'openai', 'sk-proj-Ab_cd-EF0123456789xyz' ),
			'gemini'                  => array( 'gemini', 'AIzaSyA-b_c0123456789abcdefghijklmnopq' ),
			'azure'                   => array( 'azure_openai', '0123456789abcdef0123456789ABCDEF' ),
			'compat openrouter'       => array( 'openai_compatible', 'sk-or-v1-0123456789abcdef' ),
			'compat base64-ish token' => array( 'openai_compatible', 'abc.DEF_ghi~jk+lm/no==' ),
		);
	}

	/**
	 * Each shape normalizes to itself.
	 *
	 * @dataProvider real_shapes
	 *
	 * @param string $provider Provider.
	 * @param string $key      Key.
	 */
	public function test_real_key_shapes_pass( string $provider, string $key ): void {
		$this->assertSame( $key, KeyFormat::normalize( ' ' . $key . "\n", $provider ) );
	}

	/**
	 * Masks as the settings page, core's Connectors screen and dashboards show them.
	 *
	 * @return array<string, array{string, string}>
	 */
	public function masks(): array {
		return array(
			'three dots'         => array( 'openai', 'sk-...abcd' ),
			'asterisks'          => array( 'openai', 'sk-****abcd' ),
			'ellipsis'           => array( 'openai', 'sk-proj-…QRST' ),
			'bullets'            => array( 'openai', '••••••••QRST' ),
			'black circles'      => array( 'anthropic', 'sk-ant-●●●●WXYZ' ),
			'compat asterisks'   => array( 'openai_compatible', 'tok-********wxyz' ),
			'azure bullets'      => array( 'azure_openai', '••••0123' ),
			'gemini dots inside' => array( 'gemini', 'AIza...LMNO' ),
		);
	}

	/**
	 * A mask gets its own message.
	 *
	 * @dataProvider masks
	 *
	 * @param string $provider Provider.
	 * @param string $mask     Pasted mask.
	 */
	public function test_a_pasted_mask_is_recognised( string $provider, string $mask ): void {
		$this->act_as( 'administrator' );
		$response = $this->rest(
			'PUT',
			'/byok-ai/v1/providers/' . $provider . '/key',
			array(
				'key'               => $mask,
				'allow_unvalidated' => true,
			)
		);
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'byok_ai_key_masked', $this->error_code( $response ) );
		$this->assertStringContainsString( 'paste the full key', strtolower( $response->get_data()['message'] ) );
		$this->assertFalse( get_option( 'byok_ai_key_' . $provider ) );
		$this->assertSame( array(), FakeProvider::calls() );
	}

	/**
	 * Encoded and split forms of the key a provider might echo.
	 *
	 * @return array<string, array{callable(string): string}>
	 */
	public function echoes(): array {
		// phpcs:disable WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- The forms an echo could take.
		return array(
			'base64'               => array( static fn( string $k ): string => base64_encode( $k ) ),
			'base64 of user:key'   => array( static fn( string $k ): string => base64_encode( 'user:' . $k ) ),
			'base64 of :key'       => array( static fn( string $k ): string => base64_encode( ':' . $k ) ),
			'base64url no padding' => array( static fn( string $k ): string => rtrim( strtr( base64_encode( 'ab' . $k ), '+/', '-_' ), '=' ) ),
			'hex'                  => array( static fn( string $k ): string => bin2hex( $k ) ),
			'HEX'                  => array( static fn( string $k ): string => strtoupper( bin2hex( $k ) ) ),
			'split by spaces'      => array( static fn( string $k ): string => implode( ' ', str_split( $k, 5 ) ) ),
			'split by line breaks' => array( static fn( string $k ): string => implode( "\n", str_split( $k, 7 ) ) ),
			'one char per line'    => array( static fn( string $k ): string => implode( "\r\n", str_split( $k ) ) ),
		);
		// phpcs:enable
	}

	/**
	 * None of these survive scrubbing, for any test key.
	 *
	 * @dataProvider echoes
	 *
	 * @param callable $encode Makes the echo.
	 */
	public function test_encoded_and_split_forms_are_scrubbed( callable $encode ): void {
		foreach ( self::KEYS as $key ) {
			$echo = $encode( $key );
			$out  = KeyFormat::scrub( 'Upstream said: ' . $echo . ' (request 42).', $key );
			$this->assertStringStartsWith( 'Upstream said: ', $out );
			$this->assertStringEndsWith( '(request 42).', $out );
			$this->assertStringNotContainsString( $echo, $out );
			// No 12-character run of the echo is left.
			$flat   = (string) preg_replace( '/\s+/', '', $echo );
			$length = strlen( $flat );
			for ( $i = 0; $i + 12 <= $length; $i += 4 ) {
				$this->assertStringNotContainsString( substr( $flat, $i, 12 ), (string) preg_replace( '/\s+/', '', $out ), $echo );
			}
		}
	}
}
