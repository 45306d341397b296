<?php
/**
 * POST byok-ai/v1/providers/{provider}/key/validation.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Keys\KeyStore;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * Testing the key in effect again, as an administrator.
 */
class KeyValidationControllerTest extends TestCase {

	/**
	 * Logs in as an administrator.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->act_as( 'administrator' );
	}

	public function test_testing_again_updates_the_status(): void {
		$this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ) );
		FakeProvider::reset();

		$response = $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertTrue( $response->get_data()['valid'] );
		$this->assertCount( 1, FakeProvider::calls() );

		// The key is later revoked upstream: simulate by storing a key the fake rejects.
		$this->plugin()->keys()->store( 'openai', 'sk-proj-BYOKTEST-invalid-revoked-000000', KeyStore::STATUS_VALID );
		$response = $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' );
		$this->assertFalse( $response->get_data()['valid'] );
		$this->assertSame( 'byok_ai_key_invalid', $response->get_data()['code'] );
		$this->assertSame( 'invalid', $response->get_data()['provider']['key']['status'] );
	}

	public function test_testing_needs_a_key_except_for_keyless_servers(): void {
		$this->assertSame( 404, $this->rest( 'POST', '/byok-ai/v1/providers/anthropic/key/validation' )->get_status() );
		$response = $this->rest( 'POST', '/byok-ai/v1/providers/openai_compatible/key/validation' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertTrue( $response->get_data()['valid'] );
		$this->assertNotContains( 'authorization', FakeProvider::calls()[0]['headerNames'] );
	}

	public function test_validation_refuses_a_body(): void {
		$this->assertSame( 400, $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation', array( 'key' => 'x' ) )->get_status() );
	}
}
