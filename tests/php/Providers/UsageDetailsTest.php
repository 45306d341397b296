<?php
/**
 * Cached-input and reasoning tokens, read by each adapter from its provider's usage.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers;

use ByokAi\Ai\ChatResponse;
use ByokAi\Ai\SseParser;
use ByokAi\Ai\StreamState;

require_once __DIR__ . '/TranscriptCase.php';

/**
 * Covers the usage reading of every adapter (OpenAiProvider and the Azure and OpenAI-compatible
 * adapters that inherit it, AnthropicProvider, GeminiProvider) against transcripts, answered
 * whole and streamed: the same ChatResponse::usage() meaning for all (input_tokens includes the
 * cached tokens, output_tokens the reasoning tokens).
 */
class UsageDetailsTest extends TranscriptCase {

	/**
	 * Whole answers: provider, transcript, expected usage.
	 *
	 * @return array<string, array{0: string, 1: string, 2: array{input_tokens: int, output_tokens: int, cached_input_tokens: int, reasoning_tokens: int}}>
	 */
	public function whole_answers(): array {
		return array(
			'gemini, recorded implicit cache and thoughts' => array( 'gemini', 'gemini/unary-success-implicit-caching', $this->usage( 12013, 15 + 73, 11243, 73 ) ),
			'gemini, recorded thoughts, no cache'          => array( 'gemini', 'gemini/unary-success-thinking-reply-thought-summary', $this->usage( 14, 2 + 24, 0, 24 ) ),
			'openai, cached and reasoning details'         => array( 'openai', 'openai/chat-completion-usage-details', $this->usage( 2006, 300, 1920, 256 ) ),
			'azure, same format read the same way'         => array( 'azure_openai', 'openai/chat-completion-usage-details', $this->usage( 2006, 300, 1920, 256 ) ),
			'compatible, same format read the same way'    => array( 'openai_compatible', 'openai/chat-completion-usage-details', $this->usage( 2006, 300, 1920, 256 ) ),
			'azure, recorded GA answer without details'    => array( 'azure_openai', 'azure_openai/chat-completion', $this->usage( 33, 557, 0, 0 ) ),
			// Anthropic's input_tokens (21) leaves out cache reads (1800) and writes (188).
			'anthropic, cache reads and writes added'      => array( 'anthropic', 'anthropic/message-cache-usage', $this->usage( 21 + 1800 + 188, 12, 1800, 0 ) ),
		);
	}

	/**
	 * A whole answer's usage carries the cached and reasoning parts.
	 *
	 * @dataProvider whole_answers
	 *
	 * @param string                                                                                        $provider Provider id.
	 * @param string                                                                                        $fixture  Transcript.
	 * @param array{input_tokens: int, output_tokens: int, cached_input_tokens: int, reasoning_tokens: int} $expected Usage.
	 */
	public function test_whole_answer_usage( string $provider, string $fixture, array $expected ): void {
		$adapter = $this->plugin()->registry()->get( $provider );
		$this->assertNotNull( $adapter );
		$answer = $adapter->parse_chat( $this->recorded( $fixture ) );

		$this->assertInstanceOf( ChatResponse::class, $answer );
		$this->assertSame( $expected, $answer->usage() );
	}

	/**
	 * Streams: provider, transcript, expected usage.
	 *
	 * @return array<string, array{0: string, 1: string, 2: array{input_tokens: int, output_tokens: int, cached_input_tokens: int, reasoning_tokens: int}}>
	 */
	public function streams(): array {
		return array(
			'openai, recorded usage chunk (reasoning 0)' => array( 'openai', 'openai/stream-usage', $this->usage( 14, 30, 0, 0 ) ),
			'openai, usage chunk with details'           => array( 'openai', 'openai/stream-usage-details', $this->usage( 2006, 300, 1920, 256 ) ),
			'azure, usage chunk with details'            => array( 'azure_openai', 'openai/stream-usage-details', $this->usage( 2006, 300, 1920, 256 ) ),
			'gemini, recorded thinking stream'           => array( 'gemini', 'gemini/streaming-success-thinking-reply-thought-summary', $this->usage( 10, 48 + 540, 0, 540 ) ),
			'anthropic, recorded stream without cache'   => array( 'anthropic', 'anthropic/stream-basic', $this->usage( 11, 6, 0, 0 ) ),
			'anthropic, cache counts in message_start'   => array( 'anthropic', 'anthropic/stream-cache-usage', $this->usage( 21 + 1800 + 188, 12, 1800, 0 ) ),
		);
	}

	/**
	 * A streamed answer's usage, event by event, ends with the cached and reasoning parts.
	 *
	 * @dataProvider streams
	 *
	 * @param string                                                                                        $provider Provider id.
	 * @param string                                                                                        $fixture  Transcript.
	 * @param array{input_tokens: int, output_tokens: int, cached_input_tokens: int, reasoning_tokens: int} $expected Usage.
	 */
	public function test_stream_usage( string $provider, string $fixture, array $expected ): void {
		$adapter = $this->plugin()->registry()->get( $provider );
		$this->assertNotNull( $adapter );
		$parser = new SseParser();
		$state  = new StreamState();
		// The recorded Anthropic stream has no blank line after its last event: one is added.
		foreach ( $parser->feed( $this->recorded( $fixture )->body . "\n\n" ) as $event ) {
			$adapter->read_event( $event['event'], $event['data'], $state );
		}

		$this->assertNull( $state->error );
		$this->assertTrue( $state->complete );
		$this->assertSame( $expected, $state->response->usage() );
	}

	/**
	 * Anthropic's message_start placeholder output count is not taken for the answer's.
	 */
	public function test_anthropic_output_comes_from_message_delta_only(): void {
		$adapter = $this->plugin()->registry()->get( 'anthropic' );
		$this->assertNotNull( $adapter );
		$state  = new StreamState();
		$events = ( new SseParser() )->feed( $this->recorded( 'anthropic/stream-cache-usage' )->body );
		$adapter->read_event( $events[0]['event'], $events[0]['data'], $state );

		$this->assertSame( $this->usage( 2009, 0, 1800, 0 ), $state->response->usage() );
	}

	/**
	 * Builds an expected usage.
	 *
	 * @param int $input     Input tokens, cached included.
	 * @param int $output    Output tokens, reasoning included.
	 * @param int $cached    Cached input tokens.
	 * @param int $reasoning Reasoning tokens.
	 * @return array{input_tokens: int, output_tokens: int, cached_input_tokens: int, reasoning_tokens: int}
	 */
	private function usage( int $input, int $output, int $cached, int $reasoning ): array {
		return array(
			'input_tokens'        => $input,
			'output_tokens'       => $output,
			'cached_input_tokens' => $cached,
			'reasoning_tokens'    => $reasoning,
		);
	}
}
