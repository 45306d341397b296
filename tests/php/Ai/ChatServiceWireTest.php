<?php
/**
 * Each adapter, plain and streamed, against the fake provider.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Ai;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * Drives POST /byok-ai/v1/chat for every provider and checks both sides of the wire: what the
 * provider received (path, auth header, body in its format) and what the caller got back.
 */
class ChatServiceWireTest extends TestCase {

	/**
	 * What each provider must receive.
	 *
	 * @return array<string, array{0: string, 1: string, 2: string, 3: string, 4: string}> provider, path, auth header, model answered, max-tokens field.
	 */
	public function providers(): array {
		return array(
			'anthropic'         => array( 'anthropic', '/anthropic/v1/messages', 'x-api-key', 'claude-haiku-4-5', 'max_tokens' ),
			'openai'            => array( 'openai', '/openai/v1/chat/completions', 'authorization', 'gpt-5.4-mini', 'max_completion_tokens' ),
			'gemini'            => array( 'gemini', '/gemini/v1beta/models/gemini-2.5-flash:%s', 'x-goog-api-key', 'gemini-2.5-flash', 'maxOutputTokens' ),
			'azure_openai'      => array( 'azure_openai', '/azure/openai/deployments/gpt-4o-mini/chat/completions', 'api-key', 'gpt-4o-mini', 'max_completion_tokens' ),
			'openai_compatible' => array( 'openai_compatible', '/compat/v1/chat/completions', 'authorization', 'llama3.2', 'max_tokens' ),
		);
	}

	/**
	 * Stores keys and names a model for the compatible server, as an administrator would.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
		$this->assertIsArray( $this->plugin()->policy()->update( array( 'models' => array( 'openai_compatible' => array( 'llama3.2' ) ) ) ) );
		$this->act_as( 'editor' );
	}

	/**
	 * A whole answer: text, finish reason, usage, model; the provider got its own format.
	 *
	 * @dataProvider providers
	 *
	 * @param string $provider Provider id.
	 * @param string $path     Expected upstream path.
	 * @param string $auth     Expected auth header.
	 * @param string $model    Expected model.
	 * @param string $cap      Name of the max-tokens field.
	 */
	public function test_answers_in_one_piece( string $provider, string $path, string $auth, string $model, string $cap ): void {
		$response = $this->rest(
			'POST',
			'/byok-ai/v1/chat',
			array(
				'provider'    => $provider,
				'system'      => 'Answer briefly.',
				'messages'    => array(
					array(
						'role'    => 'user',
						'content' => 'Hello there',
					),
					array(
						'role'    => 'assistant',
						'content' => 'Hi! How can I help?',
					),
					array(
						'role'    => 'user',
						'content' => 'Say something kind',
					),
				),
				'max_tokens'  => 50,
				'temperature' => 0.5,
			)
		);

		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$data = $response->get_data();
		$this->assertSame( 'Echo: Say something kind', $data['text'] );
		$this->assertSame( 'stop', $data['finish_reason'] );
		$this->assertSame( $provider, $data['provider'] );
		$this->assertSame( $model, $data['model'] );
		// Words: system 2 + 2 + 5 + 3 = 12 in; "Echo: Say something kind" = 4 out.
		$this->assertSame(
			array(
				'input_tokens'  => 12,
				'output_tokens' => 4,
			),
			$data['usage']
		);
		$this->assertSame( array(), $data['attempts'] );

		$calls = FakeProvider::calls();
		$this->assertCount( 1, $calls );
		$call = $calls[0];
		$this->assertSame( 'POST', $call['method'] );
		$this->assertSame( sprintf( $path, 'generateContent' ), $call['path'] );
		$this->assertContains( $auth, $call['headerNames'] );
		$this->assertFalse( $call['keyInUrl'] );
		$this->assertFalse( $call['stream'] );
		$this->assert_body_format( $provider, $call['body'], $cap, 50 );
	}

	/**
	 * A streamed answer: start, one delta per word, done with usage; joined deltas are the text.
	 *
	 * @dataProvider providers
	 *
	 * @param string $provider Provider id.
	 * @param string $path     Expected upstream path.
	 * @param string $auth     Expected auth header.
	 * @param string $model    Expected model.
	 */
	public function test_streams_events( string $provider, string $path, string $auth, string $model ): void {
		$events = $this->stream_events(
			$this->rest(
				'POST',
				'/byok-ai/v1/chat',
				$this->chat_body(
					'Stream this to me please',
					array(
						'provider' => $provider,
						'stream'   => true,
					)
				)
			)
		);

		$names = array_column( $events, 0 );
		$this->assertSame( 'start', $names[0] );
		$this->assertSame( 'done', end( $names ) );
		$this->assertSame(
			array(
				'provider' => $provider,
				'model'    => $model,
			),
			$events[0][1]
		);
		$deltas = array_values( array_filter( $events, static fn( $event ) => 'delta' === $event[0] ) );
		$this->assertCount( 6, $deltas, 'One delta per word of "Echo: Stream this to me please".' );
		$this->assertSame( 'Echo: Stream this to me please', implode( '', array_map( static fn( $event ) => $event[1]['text'], $deltas ) ) );

		$done = end( $events )[1];
		$this->assertSame( 'stop', $done['finish_reason'] );
		$this->assertSame( $provider, $done['provider'] );
		$this->assertSame(
			array(
				'input_tokens'  => 5,
				'output_tokens' => 6,
			),
			$done['usage']
		);
		$this->assertArrayNotHasKey( 'text', $done );

		$calls = FakeProvider::calls();
		$this->assertCount( 1, $calls );
		$this->assertSame( sprintf( $path, 'streamGenerateContent' ), $calls[0]['path'] );
		$this->assertTrue( $calls[0]['stream'] );
		$this->assertTrue( $calls[0]['completed'] );
		if ( 'gemini' === $provider ) {
			$this->assertSame( array( 'alt' => 'sse' ), $calls[0]['query'] );
		}
	}

	/**
	 * The administrator's output cap wins over what the caller asks for, and "length" comes back.
	 *
	 * @dataProvider providers
	 *
	 * @param string $provider Provider id.
	 * @param string $path     Expected upstream path.
	 * @param string $auth     Expected auth header.
	 * @param string $model    Expected model.
	 * @param string $cap      Name of the max-tokens field.
	 */
	public function test_output_cap_is_enforced( string $provider, string $path, string $auth, string $model, string $cap ): void {
		$this->assertIsArray( $this->plugin()->policy()->update( array( 'max_output_tokens' => 3 ) ) );
		$response = $this->rest(
			'POST',
			'/byok-ai/v1/chat',
			$this->chat_body(
				'one two three four five',
				array(
					'provider'   => $provider,
					'max_tokens' => 500,
				)
			)
		);

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'length', $response->get_data()['finish_reason'] );
		$this->assertSame( 'Echo: one two', $response->get_data()['text'] );
		$this->assert_body_format( $provider, FakeProvider::calls()[0]['body'], $cap, 3 );
	}

	/**
	 * Checks the request body is in the provider's format.
	 *
	 * @param string $provider Provider id.
	 * @param mixed  $body     Body the fake received.
	 * @param string $cap      Max-tokens field.
	 * @param int    $tokens   Expected cap.
	 */
	private function assert_body_format( string $provider, $body, string $cap, int $tokens ): void {
		$this->assertIsArray( $body );
		switch ( $provider ) {
			case 'anthropic':
				$this->assertSame( $tokens, $body[ $cap ] );
				$this->assertSame( 'claude-haiku-4-5', $body['model'] );
				if ( isset( $body['system'] ) ) {
					$this->assertSame( 'Answer briefly.', $body['system'] );
				}
				$this->assertSame( 'user', $body['messages'][0]['role'] );
				break;
			case 'gemini':
				$this->assertSame( $tokens, $body['generationConfig'][ $cap ] );
				$this->assertSame( 'user', $body['contents'][0]['role'] );
				if ( count( $body['contents'] ) > 1 ) {
					$this->assertSame( 'model', $body['contents'][1]['role'] );
					$this->assertSame( 'Answer briefly.', $body['systemInstruction']['parts'][0]['text'] );
				}
				break;
			default:
				$this->assertSame( $tokens, $body[ $cap ] );
				if ( 'azure_openai' === $provider ) {
					$this->assertArrayNotHasKey( 'model', $body, 'Azure routes by deployment.' );
				}
				if ( count( $body['messages'] ) > 1 ) {
					$this->assertSame(
						array(
							'role'    => 'system',
							'content' => 'Answer briefly.',
						),
						$body['messages'][0]
					);
				}
		}
	}
}
