<?php
/**
 * Every failure mode of every provider, plain and streamed.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Ai;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * The fake provider fails on demand; each failure must come back as the plugin's own code with
 * a specific, translated message and the right status, and nothing of the provider's raw body.
 */
class ErrorMapTest extends TestCase {

	private const LABELS = array(
		'anthropic'         => 'Anthropic',
		'openai'            => 'OpenAI',
		'gemini'            => 'Google Gemini',
		'azure_openai'      => 'Azure OpenAI',
		'openai_compatible' => 'OpenAI-compatible server',
	);

	/**
	 * Stores keys; an editor chats.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
		$this->assertIsArray( $this->plugin()->policy()->update( array( 'models' => array( 'openai_compatible' => array( 'llama3.2' ) ) ) ) );
		$this->act_as( 'editor' );
	}

	/**
	 * Provider × scenario → code, status.
	 *
	 * @return array<string, array{0: string, 1: string, 2: string, 3: int}>
	 */
	public function failures(): array {
		$matrix = array(
			'invalid'     => array( 'byok_ai_key_invalid', 502 ),
			'forbidden'   => array( 'byok_ai_key_forbidden', 502 ),
			'ratelimited' => array( 'byok_ai_rate_limited', 429 ),
			'overloaded'  => array( 'byok_ai_overloaded', 503 ),
			'servererror' => array( 'byok_ai_upstream_error', 502 ),
			'malformed'   => array( 'byok_ai_malformed_response', 502 ),
			'truncated'   => array( 'byok_ai_malformed_response', 502 ),
		);
		$cases  = array();
		foreach ( array_keys( self::LABELS ) as $provider ) {
			foreach ( $matrix as $scenario => $expected ) {
				if ( 'invalid' === $scenario && 'openai_compatible' === $provider ) {
					$expected = array( 'byok_ai_key_invalid', 502 );
				}
				$cases[ "$provider $scenario" ] = array( $provider, $scenario, $expected[0], $expected[1] );
			}
		}
		return $cases;
	}

	/**
	 * Plain answers.
	 *
	 * @dataProvider failures
	 *
	 * @param string $provider Provider id.
	 * @param string $scenario Fake scenario.
	 * @param string $code     Expected code.
	 * @param int    $status   Expected HTTP status.
	 */
	public function test_failure_is_mapped( string $provider, string $scenario, string $code, int $status ): void {
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( "hello [[$scenario]]", array( 'provider' => $provider ) ) );

		$this->assertSame( $code, $this->error_code( $response ) );
		$this->assertSame( $status, $response->get_status() );
		$data = $response->get_data();
		$this->assertStringContainsString( self::LABELS[ $provider ], $data['message'] );
		$this->assertArrayNotHasKey( 'detail', $data['data'], 'Provider text is for administrators only.' );
		$this->assertSame(
			array(
				array(
					'provider' => $provider,
					'code'     => $code,
				),
			),
			$data['data']['attempts']
		);
		if ( 'ratelimited' === $scenario ) {
			$this->assertSame( 7, $data['data']['retry_after'] );
			$this->assertSame( '7', $response->get_headers()['Retry-After'] );
			$this->assertStringContainsString( '7 seconds', $data['message'] );
		}
		$this->assertCount( 1, FakeProvider::calls() );
	}

	/**
	 * Streamed answers: failures before any text are error events too; so are failures after it.
	 *
	 * @return array<string, array{0: string, 1: string, 2: string, 3: int}>
	 */
	public function stream_failures(): array {
		$cases = array();
		foreach ( array_keys( self::LABELS ) as $provider ) {
			$midstream = 'anthropic' === $provider || 'gemini' === $provider ? 'byok_ai_overloaded' : 'byok_ai_upstream_error';
			foreach ( array(
				'ratelimited' => array( 'byok_ai_rate_limited', 0 ),
				'invalid'     => array( 'byok_ai_key_invalid', 0 ),
				'midstream'   => array( $midstream, 2 ),
				'truncated'   => array( 'byok_ai_truncated', 2 ),
				'malformed'   => array( 'byok_ai_malformed_response', 1 ),
			) as $scenario => $expected ) {
				$cases[ "$provider $scenario" ] = array( $provider, $scenario, $expected[0], $expected[1] );
			}
		}
		return $cases;
	}

	/**
	 * A stream ends with an error event the client can show, after whatever text came first.
	 *
	 * @dataProvider stream_failures
	 *
	 * @param string $provider Provider id.
	 * @param string $scenario Fake scenario.
	 * @param string $code     Expected code.
	 * @param int    $deltas   Text chunks sent before the failure.
	 */
	public function test_stream_failure_ends_with_error_event( string $provider, string $scenario, string $code, int $deltas ): void {
		$events = $this->stream_events(
			$this->rest(
				'POST',
				'/byok-ai/v1/chat',
				$this->chat_body(
					"hello there friend [[$scenario]]",
					array(
						'provider' => $provider,
						'stream'   => true,
					)
				)
			)
		);

		$last = end( $events );
		$this->assertSame( 'error', $last[0] );
		$this->assertSame( $code, $last[1]['code'] );
		$this->assertStringContainsString( self::LABELS[ $provider ], $last[1]['message'] );
		$this->assertCount( $deltas, array_filter( $events, static fn( $event ) => 'delta' === $event[0] ) );
		$this->assertNotContains( 'done', array_column( $events, 0 ) );
		if ( 'ratelimited' === $scenario ) {
			$this->assertSame( 7, $last[1]['retry_after'] );
		}
	}

	/**
	 * A slow provider times out with its own code; the filter shortens the wait for the test.
	 */
	public function test_timeout(): void {
		add_filter( 'byok_ai_request_timeout', static fn() => 1 );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello [[slow]]', array( 'provider' => 'openai' ) ) );
		$this->assertSame( 'byok_ai_timeout', $this->error_code( $response ) );
		$this->assertSame( 504, $response->get_status() );
		remove_all_filters( 'byok_ai_request_timeout' );
	}

	/**
	 * Administrators get the provider's own message, with the key fragment OpenAI echoes removed.
	 */
	public function test_administrators_get_scrubbed_detail(): void {
		$this->act_as( 'administrator' );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello [[invalid]]', array( 'provider' => 'openai' ) ) );

		$detail = $response->get_data()['data']['detail'];
		$this->assertStringStartsWith( 'Incorrect API key provided: [redacted]', $detail );
		$this->assertStringNotContainsString( 'QRST', $detail );
		$this->assertStringNotContainsString( '*****', $detail );
	}

	/**
	 * An unreachable provider (nothing listens on the port) is its own error.
	 */
	public function test_unreachable(): void {
		$settings                       = get_option( 'byok_ai_provider_settings' );
		$settings['openai']['base_url'] = 'http://127.0.0.1:9/v1';
		update_option( 'byok_ai_provider_settings', $settings );
		// A stored key is bound to its endpoint: enter it again for the new one.
		$this->plugin()->keys()->store( 'openai', self::KEYS['openai'], 'valid' );

		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello', array( 'provider' => 'openai' ) ) );
		$this->assertSame( 'byok_ai_provider_unreachable', $this->error_code( $response ) );
	}
}
