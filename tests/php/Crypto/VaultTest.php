<?php
/**
 * Tests for the vault.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Crypto;

use ByokAi\Crypto\Secret;
use ByokAi\Crypto\Vault;
use ByokAi\Tests\FixedEnvironment;
use ByokAi\Tests\TestCase;

/**
 * Vault: authenticated encryption bound to a slot and a secret.
 */
class VaultTest extends TestCase {

	private const PLAINTEXT = 'sk-proj-BYOKTEST-openai-0123456789abcdefghijQRST';

	/**
	 * Builds a vault over a given environment.
	 *
	 * @param array<string, string> $variables Environment variables.
	 * @param array<string, string> $constants Constants.
	 */
	private function vault( array $variables = array(), ?array $constants = null ): Vault {
		return new Vault( new Secret( new FixedEnvironment( $variables, $constants ?? FixedEnvironment::salts() ) ) );
	}

	public function test_round_trip_returns_the_plaintext(): void {
		$vault    = $this->vault();
		$envelope = $vault->seal( self::PLAINTEXT, 'key:openai@blog:1' );
		$this->assertIsString( $envelope );
		$this->assertStringStartsWith( 'byokai1.', $envelope );
		$this->assertStringNotContainsString( self::PLAINTEXT, $envelope );
		$this->assertSame( self::PLAINTEXT, $vault->open( $envelope, 'key:openai@blog:1' ) );
	}

	public function test_every_seal_uses_a_fresh_nonce(): void {
		$vault = $this->vault();
		$this->assertNotSame( $vault->seal( self::PLAINTEXT, 's' ), $vault->seal( self::PLAINTEXT, 's' ) );
	}

	public function test_a_tampered_envelope_is_rejected(): void {
		$vault    = $this->vault();
		$envelope = (string) $vault->seal( self::PLAINTEXT, 's' );
		$raw      = sodium_base642bin( substr( $envelope, 8 ), SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING );
		foreach ( array( 8, 20, strlen( $raw ) - 1, 40 ) as $position ) {
			$tampered              = $raw;
			$tampered[ $position ] = chr( ord( $tampered[ $position ] ) ^ 1 );
			$result                = $vault->open( 'byokai1.' . sodium_bin2base64( $tampered, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING ), 's' );
			$this->assertWPError( $result );
			$this->assertSame( 'byok_ai_envelope_invalid', $result->get_error_code(), "byte $position" );
		}
	}

	public function test_a_truncated_envelope_is_rejected(): void {
		$vault    = $this->vault();
		$envelope = (string) $vault->seal( self::PLAINTEXT, 's' );
		foreach ( array( strlen( $envelope ) - 1, 60, 20, 9, 8, 0 ) as $length ) {
			$result = $vault->open( substr( $envelope, 0, $length ), 's' );
			$this->assertWPError( $result );
			$this->assertSame( 'byok_ai_envelope_invalid', $result->get_error_code(), "length $length" );
		}
	}

	public function test_garbage_and_plaintext_are_rejected(): void {
		$vault = $this->vault();
		foreach ( array( '', self::PLAINTEXT, 'byokai1.!!!', 'byokai2.' . str_repeat( 'A', 80 ) ) as $candidate ) {
			$result = $vault->open( $candidate, 's' );
			$this->assertWPError( $result );
			$this->assertSame( 'byok_ai_envelope_invalid', $result->get_error_code() );
		}
	}

	public function test_an_envelope_does_not_open_in_another_slot(): void {
		$vault    = $this->vault();
		$envelope = (string) $vault->seal( self::PLAINTEXT, 'key:openai@blog:1' );
		foreach ( array( 'key:anthropic@blog:1', 'key:openai@blog:2' ) as $slot ) {
			$result = $vault->open( $envelope, $slot );
			$this->assertWPError( $result );
			$this->assertSame( 'byok_ai_envelope_invalid', $result->get_error_code() );
		}
	}

	public function test_a_changed_secret_is_recognised_without_decrypting(): void {
		$envelope = (string) $this->vault()->seal( self::PLAINTEXT, 's' );
		$rotated  = $this->vault( array(), FixedEnvironment::salts( 'rotated' ) );

		$check = $rotated->can_open( $envelope );
		$this->assertWPError( $check );
		$this->assertSame( 'byok_ai_secret_changed', $check->get_error_code() );

		$result = $rotated->open( $envelope, 's' );
		$this->assertWPError( $result );
		$this->assertSame( 'byok_ai_secret_changed', $result->get_error_code() );
		$this->assertTrue( $this->vault()->can_open( $envelope ) );
	}

	public function test_a_dedicated_secret_takes_precedence_over_salts(): void {
		$dedicated = $this->vault( array( Secret::CONSTANT => str_repeat( 'd', 40 ) ) );
		$this->assertSame( 'environment', $dedicated->secret_source() );
		$envelope = (string) $dedicated->seal( self::PLAINTEXT, 's' );

		$salts_only = $this->vault();
		$this->assertSame( 'salts', $salts_only->secret_source() );
		$this->assertSame( 'byok_ai_secret_changed', $salts_only->can_open( $envelope )->get_error_code() );
	}

	public function test_nothing_is_sealed_without_a_secret(): void {
		$vault = $this->vault( array(), array() );
		$this->assertNull( $vault->secret_source() );
		$result = $vault->seal( self::PLAINTEXT, 's' );
		$this->assertWPError( $result );
		$this->assertSame( 'byok_ai_secret_unavailable', $result->get_error_code() );
	}

	/**
	 * Asserts a value is a WP_Error.
	 *
	 * @param mixed $value Value.
	 * @phpstan-assert \WP_Error $value
	 */
	private function assertWPError( $value ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
	}
}
