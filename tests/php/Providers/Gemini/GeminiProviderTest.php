<?php
/**
 * GeminiProvider: thinking models (class 3 of issue 11) and errors written into a stream as a
 * bare JSON document (class 2).
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers\Gemini;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\Providers\TranscriptCase;

require_once dirname( __DIR__ ) . '/TranscriptCase.php';

/**
 * Gemini's thoughtsTokenCount is billed as output (recorded: 48 answer + 540 thinking tokens; 2 + 24);
 * each model family gets a thinking setting that leaves room for the answer; an empty answer cut
 * by the cap is an error an administrator can act on.
 *
 * Recorded (gemini/streaming-failure-error-mid-stream): two data events, each already with
 * finishReason STOP, then `{"error": {"code": 499, "status": "CANCELLED", …}}` pretty-printed
 * into the stream. The plugin must report that error (not a complete or truncated answer) and,
 * when no text was sent, fall back.
 */
class GeminiProviderTest extends TranscriptCase {

	/**
	 * Streamed: the thought parts are not shown, and usage counts the thinking as output.
	 */
	public function test_streamed_thinking_is_billed_as_output(): void {
		$events = $this->stream( 'gemini', 'why [[fixture:gemini/streaming-success-thinking-reply-thought-summary]]' );

		$done = end( $events );
		$this->assertSame( 'done', $done[0] );
		$this->assertStringStartsWith( 'The sky is blue because', $this->streamed_text( $events ) );
		$this->assertStringNotContainsString( 'Exploring Sky Color', $this->streamed_text( $events ) );
		$this->assertSame(
			array(
				'input_tokens'  => 10,
				'output_tokens' => 588,
			),
			$done[1]['usage']
		);
		$this->assertSame( '588', $this->usage_rows()[0]['output_tokens'] );
	}

	/**
	 * In one piece: the same.
	 */
	public function test_plain_thinking_is_billed_as_output(): void {
		$data = $this->chat( 'gemini', 'where [[fixture:gemini/unary-success-thinking-reply-thought-summary]]' )->get_data();

		$this->assertSame( 'Mountain View', $data['text'] );
		$this->assertSame( 26, $data['usage']['output_tokens'] );
		$this->assertSame( 14, $data['usage']['input_tokens'] );
	}

	/**
	 * The model family decides the thinking setting: off for 2.5 Flash and Flash-Lite, the
	 * smallest budget for 2.5 Pro (which can't turn it off) and the level every Gemini 3 model
	 * takes ("low"),
	 * with maxOutputTokens raised so thinking leaves the whole cap to the answer; nothing for
	 * models that don't think.
	 */
	public function test_thinking_config_per_model_family(): void {
		$models = array(
			'gemini-2.5-flash'       => array( array( 'thinkingBudget' => 0 ), 16 ),
			'gemini-2.5-flash-lite'  => array( array( 'thinkingBudget' => 0 ), 16 ),
			'gemini-2.5-pro'         => array( array( 'thinkingBudget' => 128 ), 16 + 256 ),
			'gemini-3-pro-preview'   => array( array( 'thinkingLevel' => 'low' ), 16 + 1024 ),
			'gemini-3-flash-preview' => array( array( 'thinkingLevel' => 'low' ), 16 + 1024 ),
			'gemini-3.5-flash'       => array( array( 'thinkingLevel' => 'low' ), 16 + 1024 ),
			'gemini-2.0-flash'       => array( null, 16 ),
		);
		$this->allow( 'gemini', array_keys( $models ) );
		foreach ( $models as $model => $expected ) {
			FakeProvider::reset();
			$response = $this->chat(
				'gemini',
				'hi',
				array(
					'model'      => $model,
					'max_tokens' => 16,
				)
			);
			$this->assertSame( 200, $response->get_status(), $model );
			$config = FakeProvider::calls()[0]['body']['generationConfig'];
			$this->assertSame( $expected[0], $config['thinkingConfig'] ?? null, $model );
			$this->assertSame( $expected[1], $config['maxOutputTokens'], $model );
		}
	}

	/**
	 * A model that refuses the thinking setting is asked again without it (the adapter reads
	 * the refusal).
	 */
	public function test_refused_thinking_setting_is_dropped(): void {
		$gemini  = new \ByokAi\Providers\Gemini\GeminiProvider();
		$request = \ByokAi\Http\Request::json(
			'http://127.0.0.1/x',
			array( 'x-goog-api-key' => 'k' ),
			array(
				'contents'         => array(),
				'generationConfig' => array(
					'maxOutputTokens' => 1040,
					'thinkingConfig'  => array( 'thinkingLevel' => 'low' ),
				),
			)
		);
		$revised = $gemini->revise_request( $request, $this->recorded( 'gemini/thinking-level-unsupported' ) );
		$this->assertNotNull( $revised );
		$body = json_decode( (string) $revised->body, true );
		$this->assertArrayNotHasKey( 'thinkingConfig', $body['generationConfig'] );
		$this->assertNull( $gemini->revise_request( $revised, $this->recorded( 'gemini/thinking-level-unsupported' ) ) );
		$this->assertNull( $gemini->revise_request( $request, $this->recorded( 'gemini/unary-failure-api-key' ) ) );
	}

	/**
	 * Thinking that used the whole cap leaves no answer: an error naming the cause, plain and
	 * streamed, with the tokens still recorded (they are billed), and the chain moves on.
	 */
	public function test_empty_answer_cut_by_the_cap_is_an_error(): void {
		$response = $this->chat( 'gemini', 'hi [[fixture:gemini/thinking-max-tokens-empty-plain]]' );
		$this->assertSame( 'byok_ai_output_exhausted', $this->error_code( $response ) );
		$this->assertStringContainsString( 'answer length', $response->get_data()['message'] );

		$events = $this->stream( 'gemini', 'hi [[fixture:gemini/thinking-max-tokens-empty]]' );
		$this->assertSame( array( 'error', 'byok_ai_output_exhausted' ), array( end( $events )[0], end( $events )[1]['code'] ) );
		$this->assertSame( '', $this->streamed_text( $events ) );

		$rows = $this->usage_rows();
		$this->assertSame( array( 'byok_ai_output_exhausted', 'byok_ai_output_exhausted' ), array_column( $rows, 'outcome' ) );
		$this->assertSame( array( '15', '15' ), array_column( $rows, 'output_tokens' ) );

		$this->assertIsArray(
			$this->plugin()->policy()->update(
				array(
					'primary'  => 'gemini',
					'fallback' => array( 'anthropic' ),
				)
			)
		);
		$data = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hi [[fixture:gemini/thinking-max-tokens-empty-plain]]' ) )->get_data();
		$this->assertSame( 'anthropic', $data['provider'] );
	}


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
			$this->plugin()->policy()->update(
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
