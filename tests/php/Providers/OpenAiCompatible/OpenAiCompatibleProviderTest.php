<?php
/**
 * Class 7 of issue 11: the error shapes of OpenAI-compatible servers.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers\OpenAiCompatible;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\Providers\TranscriptCase;

require_once dirname( __DIR__ ) . '/TranscriptCase.php';

/**
 * The vLLM top-level {"object":"error","message"} and its newer nested shape, Ollama's
 * {"error":"…"} and its /v1 shape, OpenRouter's {"error":{"code":402,"message"}} and its
 * streams with ": OPENROUTER PROCESSING" comment lines all give administrators the server's
 * message (scrubbed of key pieces).
 */
class OpenAiCompatibleProviderTest extends TranscriptCase {

	/**
	 * Plain error answers: transcript, code, the server's message.
	 *
	 * @return array<string, array{0: string, 1: string, 2: string}>
	 */
	public function shapes(): array {
		return array(
			'vllm top-level'     => array( 'vllm-error-top-level', 'byok_ai_upstream_rejected', "This model's maximum context length is 4096 tokens." ),
			'vllm nested'        => array( 'vllm-error-nested', 'byok_ai_upstream_rejected', 'The model `llama3.2` does not exist.' ),
			'ollama string'      => array( 'ollama-error-string', 'byok_ai_upstream_rejected', 'model "llama3.2" not found, try pulling it first' ),
			'ollama /v1'         => array( 'ollama-openai-error', 'byok_ai_upstream_rejected', 'model "llama3.2" not found, try pulling it first' ),
			'openrouter credits' => array( 'openrouter-402', 'byok_ai_quota_exceeded', 'Insufficient credits.' ),
		);
	}

	/**
	 * The administrator reads the server's message; an editor doesn't.
	 *
	 * @dataProvider shapes
	 *
	 * @param string $fixture Transcript under openai_compatible/.
	 * @param string $code    Expected code.
	 * @param string $message Start of the server's message.
	 */
	public function test_server_message_reaches_administrators( string $fixture, string $code, string $message ): void {
		$response = $this->chat( 'openai_compatible', "hi [[fixture:openai_compatible/$fixture]]" );
		$this->assertSame( $code, $this->error_code( $response ) );
		$this->assertStringStartsWith( $message, $response->get_data()['data']['detail'] );

		$this->act_as( 'editor' );
		$response = $this->chat( 'openai_compatible', "hi [[fixture:openai_compatible/$fixture]]" );
		$this->assertArrayNotHasKey( 'detail', $response->get_data()['data'] );
	}

	/**
	 * Streams: comment lines are skipped, the text before the error is kept, and the error's
	 * message is the server's.
	 */
	public function test_stream_errors_and_comment_lines(): void {
		$events = $this->stream( 'openai_compatible', 'hi [[fixture:openai_compatible/openrouter-stream-error]]' );
		$this->assertSame( 'Hello', $this->streamed_text( $events ) );
		$last = end( $events );
		$this->assertSame( 'byok_ai_upstream_error', $last[1]['code'] );
		$this->assertSame( 'Provider disconnected unexpectedly', $last[1]['detail'] );

		$events = $this->stream( 'openai_compatible', 'hi [[fixture:openai_compatible/vllm-stream-error]]' );
		$last   = end( $events );
		$this->assertSame( array( 'error', 'byok_ai_upstream_rejected' ), array( $last[0], $last[1]['code'] ) );
		$this->assertStringContainsString( 'HTTP 404', $last[1]['message'] );
		$this->assertSame( 'The model `llama3.2` does not exist.', $last[1]['detail'] );
	}

	/**
	 * An error before any text falls back to the next provider.
	 */
	public function test_stream_error_before_text_falls_back(): void {
		$this->assertIsArray(
			$this->plugin()->policy()->update(
				array(
					'primary'  => 'openai_compatible',
					'fallback' => array( 'anthropic' ),
					'models'   => array( 'openai_compatible' => array( 'llama3.2' ) ),
				)
			)
		);
		$events = $this->stream_events( $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hi [[fixture:openai_compatible/openrouter-stream-error-first]]', array( 'stream' => true ) ) ) );
		$this->assertSame( 'done', end( $events )[0] );
		$this->assertSame( array( 'compat', 'anthropic' ), array_column( FakeProvider::calls(), 'provider' ) );
	}

	/**
	 * Key pieces in a server's message are scrubbed before an administrator sees them.
	 */
	public function test_key_pieces_are_scrubbed(): void {
		$key      = self::KEYS['openai_compatible'];
		$provider = $this->plugin()->registry()->get( 'openai_compatible' );
		$this->assertNotNull( $provider );
		$response = new \ByokAi\Http\Response(
			401,
			array(),
			(string) wp_json_encode(
				array(
					'object'  => 'error',
					'message' => "Invalid key $key",
				)
			)
		);
		$error    = \ByokAi\Ai\ErrorMap::from_response( $provider, $response, $key );
		$this->assertStringNotContainsString( $key, $error->get_error_data()['detail'] );
		$this->assertStringNotContainsString( substr( $key, -8 ), $error->get_error_data()['detail'] );
		$this->assertStringStartsWith( 'Invalid key', $error->get_error_data()['detail'] );
	}
}
