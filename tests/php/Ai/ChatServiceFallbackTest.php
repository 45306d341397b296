<?php
/**
 * The administrator's fallback chain.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Ai;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * Transient failures move on to the next provider; a bad key, a refused request or a failure
 * after text was streamed does not.
 */
class ChatServiceFallbackTest extends TestCase {

	/**
	 * OpenAI first, then Anthropic, then Gemini.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
		$this->assertIsArray(
			$this->plugin()->policy()->update(
				array(
					'primary'  => 'openai',
					'fallback' => array( 'anthropic', 'gemini' ),
				)
			)
		);
		$this->act_as( 'author' );
	}

	/**
	 * Replaces a provider's key with one that makes the fake fail.
	 *
	 * @param string $provider Provider id.
	 * @param string $scenario Fake scenario.
	 */
	private function failing_key( string $provider, string $scenario ): void {
		$this->assertTrue( $this->plugin()->keys()->store( $provider, self::KEYS[ $provider ] . '-' . $scenario, 'valid' ) );
	}

	/**
	 * Transient failures that fall back.
	 *
	 * @return array<string, array{0: string, 1: string}>
	 */
	public function transient(): array {
		return array(
			'rate limited' => array( 'ratelimited', 'byok_ai_rate_limited' ),
			'overloaded'   => array( 'overloaded', 'byok_ai_overloaded' ),
			'server error' => array( 'servererror', 'byok_ai_upstream_error' ),
		);
	}

	/**
	 * The next provider answers and the answer says so.
	 *
	 * @dataProvider transient
	 *
	 * @param string $scenario Fake scenario.
	 * @param string $code     Code of the first failure.
	 */
	public function test_transient_failure_falls_back( string $scenario, string $code ): void {
		$this->failing_key( 'openai', $scenario );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) );

		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( 'anthropic', $data['provider'] );
		$this->assertSame( 'Echo: hello', $data['text'] );
		$this->assertSame(
			array(
				array(
					'provider' => 'openai',
					'code'     => $code,
				),
			),
			$data['attempts']
		);
		$this->assertSame( array( 'openai', 'anthropic' ), array_column( FakeProvider::calls(), 'provider' ) );
	}

	/**
	 * A timeout falls back too.
	 */
	public function test_timeout_falls_back(): void {
		add_filter( 'byok_ai_request_timeout', static fn() => 1 );
		$this->failing_key( 'openai', 'slow' );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) );
		remove_all_filters( 'byok_ai_request_timeout' );

		$this->assertSame( 'anthropic', $response->get_data()['provider'] );
		$this->assertSame( 'byok_ai_timeout', $response->get_data()['attempts'][0]['code'] );
	}

	/**
	 * The whole chain is followed, and the last error is reported with every attempt.
	 */
	public function test_chain_exhausted(): void {
		$this->failing_key( 'openai', 'overloaded' );
		$this->failing_key( 'anthropic', 'ratelimited' );
		$this->failing_key( 'gemini', 'servererror' );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) );

		$this->assertSame( 'byok_ai_upstream_error', $this->error_code( $response ) );
		$this->assertSame( array( 'openai', 'anthropic', 'gemini' ), array_column( $response->get_data()['data']['attempts'], 'provider' ) );
		$this->assertCount( 3, FakeProvider::calls() );
	}

	/**
	 * Failures that are not transient stop at the first provider.
	 *
	 * @return array<string, array{0: string, 1: string}>
	 */
	public function final_failures(): array {
		return array(
			'invalid key' => array( 'invalid', 'byok_ai_key_invalid' ),
			'no access'   => array( 'forbidden', 'byok_ai_key_forbidden' ),
			'malformed'   => array( 'malformed', 'byok_ai_malformed_response' ),
		);
	}

	/**
	 * No fallback: exactly one upstream call.
	 *
	 * @dataProvider final_failures
	 *
	 * @param string $scenario Fake scenario.
	 * @param string $code     Expected code.
	 */
	public function test_final_failure_does_not_fall_back( string $scenario, string $code ): void {
		$this->failing_key( 'openai', $scenario );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) );

		$this->assertSame( $code, $this->error_code( $response ) );
		$this->assertCount( 1, FakeProvider::calls() );
	}

	/**
	 * A request the provider refuses (4xx) does not fall back.
	 */
	public function test_rejected_request_does_not_fall_back(): void {
		$settings                       = get_option( 'byok_ai_provider_settings' );
		$settings['openai']['base_url'] = FakeProvider::$url . '/nowhere/v1';
		update_option( 'byok_ai_provider_settings', $settings );
		// A stored key is bound to its endpoint: enter it again for the new one.
		$this->plugin()->keys()->store( 'openai', self::KEYS['openai'], 'valid' );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) );

		$this->assertSame( 'byok_ai_upstream_rejected', $this->error_code( $response ) );
		$this->assertSame( 502, $response->get_status() );
		$this->assertCount( 0, FakeProvider::calls(), 'The 404 came from an unknown path, not a provider route.' );
	}

	/**
	 * A provider without a key is skipped without a call.
	 */
	public function test_provider_without_key_is_skipped(): void {
		$this->plugin()->keys()->delete( 'openai' );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) );

		$this->assertSame( 'anthropic', $response->get_data()['provider'] );
		$this->assertSame( 'byok_ai_not_configured', $response->get_data()['attempts'][0]['code'] );
		$this->assertSame( array( 'anthropic' ), array_column( FakeProvider::calls(), 'provider' ) );
	}

	/**
	 * Streaming falls back before the first text, and says who answered.
	 */
	public function test_stream_falls_back_before_first_text(): void {
		$this->failing_key( 'openai', 'ratelimited' );
		$events = $this->stream_events( $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello you', array( 'stream' => true ) ) ) );

		$this->assertSame( array( 'start', 'delta', 'delta', 'delta', 'done' ), array_column( $events, 0 ) );
		$this->assertSame( 'anthropic', $events[0][1]['provider'] );
		$this->assertSame( 'openai', end( $events )[1]['attempts'][0]['provider'] );
	}

	/**
	 * Once text was sent, a failure ends the stream: the next provider is not asked.
	 */
	public function test_stream_does_not_fall_back_after_text(): void {
		$events = $this->stream_events( $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello you there [[midstream]]', array( 'stream' => true ) ) ) );

		$this->assertSame( 'error', end( $events )[0] );
		$this->assertSame( array( 'openai' ), array_column( FakeProvider::calls(), 'provider' ) );
	}

	/**
	 * A model the caller may not use is refused before any call, without fallback.
	 */
	public function test_model_not_allowed(): void {
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello', array( 'model' => 'gpt-4.1' ) ) );
		$this->assertSame( 'byok_ai_model_not_allowed', $this->error_code( $response ) );
		$this->assertSame( 400, $response->get_status() );

		$this->assertIsArray( $this->plugin()->policy()->update( array( 'models' => array( 'openai' => array( 'gpt-4o-mini', 'gpt-4.1' ) ) ) ) );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello', array( 'model' => 'gpt-4.1' ) ) );
		$this->assertSame( 'gpt-4.1', $response->get_data()['model'] );
		$this->assertCount( 1, FakeProvider::calls() );
	}
}
