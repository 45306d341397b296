<?php
/**
 * Class 2 of issue 11: a Gemini error written into a stream as a bare JSON document.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers;

use ByokAi\Tests\FakeProvider;

require_once __DIR__ . '/TranscriptCase.php';

/**
 * Recorded (gemini/streaming-failure-error-mid-stream): two data events, each already with
 * finishReason STOP, then `{"error": {"code": 499, "status": "CANCELLED", …}}` pretty-printed
 * into the stream. The plugin must report that error (not a complete or truncated answer) and,
 * when no text was sent, fall back.
 */
class GeminiStreamErrorTest extends TranscriptCase {

	/**
	 * After text: the stream ends with the recorded error, status and message.
	 */
	public function test_bare_json_error_after_text_is_reported(): void {
		$events = $this->stream( 'gemini', 'hello [[fixture:gemini/streaming-failure-error-mid-stream]]' );

		$this->assertSame( 'First Second ', $this->streamed_text( $events ) );
		$last = end( $events );
		$this->assertSame( 'error', $last[0] );
		$this->assertSame( 'byok_ai_upstream_error', $last[1]['code'] );
		$this->assertStringContainsString( 'HTTP 499', $last[1]['message'] );
		$this->assertSame( 'The operation was cancelled.', $last[1]['detail'] );
		$this->assertSame( 'byok_ai_upstream_error', $this->usage_rows()[0]['outcome'] );
	}

	/**
	 * Before any text: the next provider of the chain answers.
	 */
	public function test_bare_json_error_before_text_falls_back(): void {
		$this->assertIsArray(
			$this->plugin()->policy->update(
				array(
					'primary'  => 'gemini',
					'fallback' => array( 'anthropic' ),
				)
			)
		);
		$events = $this->stream( 'gemini', 'hello [[fixture:gemini/streaming-failure-error-before-text]]' );

		$this->assertSame( 'done', end( $events )[0] );
		$this->assertSame( 'anthropic', $events[0][1]['provider'] );
		$this->assertSame( array( 'gemini', 'anthropic' ), array_column( FakeProvider::calls(), 'provider' ) );
		$this->assertSame( array( 'byok_ai_upstream_error', 'ok' ), array_column( $this->usage_rows(), 'outcome' ) );
	}

	/**
	 * The fake's own mid-stream failure is framed as the recording is: bare, not `data:`.
	 */
	public function test_fake_midstream_failure_is_framed_as_recorded(): void {
		$events = $this->stream( 'gemini', 'one two three four [[midstream]]' );
		$last   = end( $events );
		$this->assertSame( 'byok_ai_overloaded', $last[1]['code'] );
		$this->assertSame( 'The model is overloaded. Please try again later.', $last[1]['detail'] );
	}
}
