<?php
/**
 * Class 5 of issue 11: errors waiting won't fix.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers;

use ByokAi\Tests\FakeProvider;

require_once __DIR__ . '/TranscriptCase.php';

/**
 * A spent quota or credit (OpenAI 429 insufficient_quota, OpenRouter 402, Anthropic's "credit
 * balance is too low") and content-filter refusals (Azure 400 content_filter, Gemini
 * blockReason / SAFETY, refusals) get their own codes and messages; visitors read a neutral
 * message; a quota problem still falls back to another provider.
 *
 * Covers every adapter's classify_error()/stream errors, ErrorMap and the fallback in ChatService.
 */
class PermanentErrorsTest extends TranscriptCase {

	/**
	 * Transcript → expected code.
	 *
	 * @return array<string, array{0: string, 1: string, 2: string, 3: bool}> provider, transcript, code, streamed
	 */
	public function refusals(): array {
		return array(
			'openai insufficient_quota'     => array( 'openai', 'openai/insufficient-quota', 'byok_ai_quota_exceeded', false ),
			'openrouter 402'                => array( 'openai_compatible', 'openai_compatible/openrouter-402', 'byok_ai_quota_exceeded', false ),
			'anthropic credit balance'      => array( 'anthropic', 'anthropic/credit-balance-too-low', 'byok_ai_quota_exceeded', false ),
			'azure content_filter'          => array( 'azure_openai', 'azure_openai/content-filter-prompt', 'byok_ai_content_filtered', false ),
			'gemini blockReason (stream)'   => array( 'gemini', 'gemini/streaming-failure-prompt-blocked-safety', 'byok_ai_content_filtered', true ),
			'gemini promptFeedback only'    => array( 'gemini', 'gemini/unary-failure-only-prompt-feedback', 'byok_ai_content_filtered', false ),
			'gemini finishReason SAFETY'    => array( 'gemini', 'gemini/unary-failure-finish-reason-safety', 'byok_ai_content_filtered', false ),
			'gemini RECITATION (stream)'    => array( 'gemini', 'gemini/streaming-failure-recitation-no-content', 'byok_ai_content_filtered', true ),
			'anthropic refusal (stream)'    => array( 'anthropic', 'anthropic/stream-refusal', 'byok_ai_content_filtered', true ),
			'openai refusal delta (stream)' => array( 'openai', 'openai/stream-refusal', 'byok_ai_content_filtered', true ),
		);
	}

	/**
	 * Each refusal gets its code and a message saying what to do, never "try again shortly".
	 *
	 * @dataProvider refusals
	 *
	 * @param string $provider Provider id.
	 * @param string $fixture  Transcript.
	 * @param string $code     Expected code.
	 * @param bool   $streamed Whether the transcript is a stream.
	 */
	public function test_refusal_gets_its_own_code( string $provider, string $fixture, string $code, bool $streamed ): void {
		$text = "hello [[fixture:$fixture]]";
		if ( $streamed ) {
			$events  = $this->stream( $provider, $text );
			$last    = end( $events );
			$got     = $last[1]['code'];
			$message = $last[1]['message'];
		} else {
			$response = $this->chat( $provider, $text );
			$got      = $this->error_code( $response );
			$message  = $response->get_data()['message'];
			$this->assertSame( 'byok_ai_quota_exceeded' === $code ? 402 : 422, $response->get_status() );
		}
		$this->assertSame( $code, $got );
		$this->assertStringNotContainsString( 'Try again', $message );
		$this->assertStringContainsString( 'byok_ai_quota_exceeded' === $code ? 'credit' : 'content filter', $message );
		$this->assertSame( $code, $this->usage_rows()[0]['outcome'] );
	}

	/**
	 * The OpenAI quota refusal is not a rate limit: no retry_after, and the administrator sees
	 * OpenAI's own words.
	 */
	public function test_quota_is_not_a_rate_limit(): void {
		$data = $this->chat( 'openai', 'hello [[fixture:openai/insufficient-quota]]' )->get_data();
		$this->assertArrayNotHasKey( 'retry_after', $data['data'] );
		$this->assertStringStartsWith( 'You exceeded your current quota', $data['data']['detail'] );
	}

	/**
	 * Another provider can serve when the account is out of credit; a content filter's verdict
	 * is not shopped around.
	 */
	public function test_quota_falls_back_but_content_filter_does_not(): void {
		$this->assertIsArray(
			$this->plugin()->policy()->update(
				array(
					'primary'  => 'openai',
					'fallback' => array( 'anthropic' ),
				)
			)
		);
		$data = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hi [[fixture:openai/insufficient-quota]]' ) )->get_data();
		$this->assertSame( 'anthropic', $data['provider'] );
		$this->assertSame(
			array(
				array(
					'provider' => 'openai',
					'code'     => 'byok_ai_quota_exceeded',
				),
			),
			$data['attempts']
		);

		FakeProvider::reset();
		$events = $this->stream( 'openai', 'hi [[fixture:openai/stream-refusal]]' );
		$this->assertSame( 'byok_ai_content_filtered', end( $events )[1]['code'] );
		$this->assertCount( 1, FakeProvider::calls() );
	}

	/**
	 * Visitors of the block read the neutral message, never the provider's problem.
	 */
	public function test_visitors_get_a_neutral_message(): void {
		foreach ( array( 'openai/insufficient-quota', 'azure_openai/content-filter-prompt', 'gemini/thinking-max-tokens-empty-plain', 'azure_openai/api-version-too-old' ) as $fixture ) {
			$provider = explode( '/', $fixture )[0];
			$post     = $this->assistant_post( array( 'provider' => $provider ) );
			$response = $this->visit(
				array(
					'post'     => $post,
					'block'    => 'assist000001',
					'question' => "Why? [[fixture:$fixture]]",
				)
			);
			$this->assertSame( 'byok_ai_unavailable', $this->error_code( $response ), $fixture );
			$this->assertStringNotContainsString( 'credit', $response->get_data()['message'] );
			$this->assertArrayNotHasKey( 'detail', (array) ( $response->get_data()['data'] ?? array() ) );
			$this->assertSame( $fixture, FakeProvider::calls()[0]['fixture'], 'the transcript was replayed' );
			FakeProvider::reset();
		}
	}
}
