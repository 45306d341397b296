<?php
/**
 * Class 6 of issue 11: errors inside a stream show their real cause, not "(HTTP 0)".
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers;

require_once __DIR__ . '/TranscriptCase.php';

/**
 * An error that arrives inside a 200 stream has no HTTP status of its own: the message names
 * the status the provider gave it, or none, and administrators read the provider's words.
 *
 * Covers the adapters' read_event() error paths and ErrorMap's message for in-stream errors.
 */
class StreamErrorCauseTest extends TranscriptCase {

	/**
	 * Every provider's in-stream failure (the fake's midstream scenario, framed as recorded).
	 *
	 * @return array<string, array{0: string, 1: string}>
	 */
	public function providers(): array {
		return array(
			'anthropic'         => array( 'anthropic', 'Overloaded' ),
			'openai'            => array( 'openai', 'The server had an error while processing your request.' ),
			'gemini'            => array( 'gemini', 'The model is overloaded. Please try again later.' ),
			'azure_openai'      => array( 'azure_openai', 'The server had an error while processing your request.' ),
			'openai_compatible' => array( 'openai_compatible', 'The server had an error while processing your request.' ),
		);
	}

	/**
	 * No "(HTTP 0)", and the provider's own message as the detail.
	 *
	 * @dataProvider providers
	 *
	 * @param string $provider Provider id.
	 * @param string $detail   The provider's message.
	 */
	public function test_in_stream_error_names_its_cause( string $provider, string $detail ): void {
		$events = $this->stream( $provider, 'one two three [[midstream]]' );

		$last = end( $events );
		$this->assertSame( 'error', $last[0] );
		$this->assertStringNotContainsString( 'HTTP 0', $last[1]['message'] );
		$this->assertSame( $detail, $last[1]['detail'] );
	}

	/**
	 * A recorded in-stream error with a numeric code keeps it (OpenRouter-style 502 would read
	 * "HTTP 502"; Gemini's 499 reads "HTTP 499"); an editor gets the message without detail.
	 */
	public function test_status_given_in_the_stream_is_kept_and_detail_is_for_administrators(): void {
		$events = $this->stream( 'gemini', 'x [[fixture:gemini/streaming-failure-error-mid-stream]]' );
		$this->assertStringContainsString( '(HTTP 499)', end( $events )[1]['message'] );

		$this->act_as( 'editor' );
		$events = $this->stream( 'gemini', 'x [[fixture:gemini/streaming-failure-error-mid-stream]]' );
		$this->assertArrayNotHasKey( 'detail', end( $events )[1] );
	}
}
