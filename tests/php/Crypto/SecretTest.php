<?php
/**
 * Tests for secret derivation.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Crypto;

use ByokAi\Config\Environment;
use ByokAi\Crypto\Secret;
use ByokAi\Tests\FixedEnvironment;
use ByokAi\Tests\TestCase;

/**
 * Secret: where the encryption key comes from, and refusing when there is no good source.
 */
class SecretTest extends TestCase {

	public function test_missing_salts_are_refused(): void {
		$salts = FixedEnvironment::salts();
		unset( $salts['NONCE_SALT'] );
		$result = ( new Secret( new FixedEnvironment( array(), $salts ) ) )->derive();
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'byok_ai_secret_unavailable', $result->get_error_code() );
		$this->assertStringContainsString( 'BYOK_AI_ENCRYPTION_KEY', $result->get_error_message() );
	}

	public function test_default_salts_are_refused(): void {
		$salts             = FixedEnvironment::salts();
		$salts['AUTH_KEY'] = 'put your unique phrase here';
		$result            = ( new Secret( new FixedEnvironment( array(), $salts ) ) )->derive();
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'byok_ai_secret_unavailable', $result->get_error_code() );
	}

	public function test_a_short_dedicated_secret_is_refused_not_padded(): void {
		$result = ( new Secret( new FixedEnvironment( array(), array( Secret::CONSTANT => 'too-short' ) + FixedEnvironment::salts() ) ) )->derive();
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'byok_ai_secret_too_short', $result->get_error_code() );
	}

	public function test_the_constant_is_used_and_keys_are_independent(): void {
		$result = ( new Secret( new FixedEnvironment( array(), array( Secret::CONSTANT => str_repeat( 'k', 32 ) ) ) ) )->derive();
		$this->assertIsArray( $result );
		$this->assertSame( 'constant', $result['source'] );
		$this->assertSame( 32, strlen( $result['key'] ) );
		$this->assertSame( 8, strlen( $result['id'] ) );
		$this->assertStringNotContainsString( $result['id'], $result['key'] );
	}

	public function test_the_real_environment_variable_wins_over_salts(): void {
		putenv( Secret::CONSTANT . '=' . str_repeat( 'e', 48 ) );
		try {
			$from_env = ( new Secret( new Environment() ) )->derive();
		} finally {
			putenv( Secret::CONSTANT );
		}
		$from_salts = ( new Secret( new Environment() ) )->derive();
		$this->assertIsArray( $from_env );
		$this->assertIsArray( $from_salts );
		$this->assertSame( 'environment', $from_env['source'] );
		$this->assertSame( 'salts', $from_salts['source'] );
		$this->assertNotSame( $from_env['id'], $from_salts['id'] );
	}
}
