<?php
/**
 * Recorded successful answers read as the providers sent them.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers;

require_once __DIR__ . '/TranscriptCase.php';

/**
 * Each adapter against a recorded success: text, finish reason and usage as recorded, whatever
 * the framing (CRLF events, a last event without its final blank line, a usage-only chunk).
 *
 * Covers every adapter's parse_chat()/read_event() on recorded successes, through the chat route.
 */
class RecordedSuccessTest extends TranscriptCase {

	/**
	 * Streams: provider, transcript, text, input tokens, output tokens.
	 *
	 * @return array<string, array{0: string, 1: string, 2: string, 3: int, 4: int}>
	 */
	public function streams(): array {
		return array(
			'anthropic, no final blank line' => array( 'anthropic', 'anthropic/stream-basic', 'Hello there!', 11, 6 ),
			'openai, usage chunk'            => array( 'openai', 'openai/stream-usage', "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, I recommend checking a reliable weather website or a weather app.", 14, 30 ),
			'gemini, CRLF events'            => array( 'gemini', 'gemini/streaming-success-basic-reply-short', "The capital of Wyoming is **Cheyenne**.\n", 7, 10 ),
		);
	}

	/**
	 * A recorded stream gives its text and its usage, and ends with done.
	 *
	 * @dataProvider streams
	 *
	 * @param string $provider Provider id.
	 * @param string $fixture  Transcript.
	 * @param string $text     Expected text.
	 * @param int    $input    Input tokens.
	 * @param int    $output   Output tokens.
	 */
	public function test_recorded_stream_is_read( string $provider, string $fixture, string $text, int $input, int $output ): void {
		$events = $this->stream( $provider, "hi [[fixture:$fixture]]" );

		$done = end( $events );
		$this->assertSame( 'done', $done[0], (string) wp_json_encode( $done ) );
		$this->assertSame( $text, $this->streamed_text( $events ) );
		$this->assertSame( 'stop', $done[1]['finish_reason'] );
		$this->assertSame(
			array(
				'input_tokens'  => $input,
				'output_tokens' => $output,
			),
			$done[1]['usage']
		);
	}

	/**
	 * The GA api-version's example answer (no model field) reads as the deployment's answer.
	 */
	public function test_azure_ga_example_is_read(): void {
		$data = $this->chat( 'azure_openai', 'hi [[fixture:azure_openai/chat-completion]]' )->get_data();

		$this->assertStringStartsWith( 'Ahoy matey!', $data['text'] );
		$this->assertSame( 'gpt-4o-mini', $data['model'] );
		$this->assertSame( 33, $data['usage']['input_tokens'] );
		$this->assertSame( 557, $data['usage']['output_tokens'] );
	}
}
