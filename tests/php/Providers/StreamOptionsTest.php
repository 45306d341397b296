<?php
/**
 * Class 4 of issue 11: stream_options only where it is understood.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers;

use ByokAi\Http\Request;
use ByokAi\Providers\OpenAiCompatible\OpenAiCompatibleProvider;
use ByokAi\Tests\FakeProvider;

require_once __DIR__ . '/TranscriptCase.php';

/**
 * Azure api-versions older than 2024-09-01-preview refuse stream_options (recorded 400
 * "Unrecognized request argument supplied: stream_options"): it is sent only from that version
 * on, and a server that refuses it anyway gets the request again once without it.
 *
 * Covers OpenAiProvider, AzureOpenAiProvider and OpenAiCompatibleProvider (stream_options, revise_request()).
 */
class StreamOptionsTest extends TranscriptCase {

	/**
	 * Old api-version: no stream_options, max_tokens; GA and later: both new fields.
	 */
	public function test_azure_sends_stream_options_by_api_version(): void {
		$this->azure( 'gpt-4o-mini', '2024-06-01' );
		$events = $this->stream( 'azure_openai', 'one two' );
		$this->assertSame( 'done', end( $events )[0], (string) wp_json_encode( end( $events ) ) );
		$body = FakeProvider::calls()[0]['body'];
		$this->assertCount( 1, FakeProvider::calls() );
		$this->assertArrayNotHasKey( 'stream_options', $body );
		$this->assertArrayHasKey( 'max_tokens', $body );

		foreach ( array( '2024-09-01-preview', '2024-10-21', '2025-04-01-preview' ) as $version ) {
			FakeProvider::reset();
			$this->azure( 'gpt-4o-mini', $version );
			$events = $this->stream( 'azure_openai', 'one two' );
			$this->assertSame( 'done', end( $events )[0], $version );
			$body = FakeProvider::calls()[0]['body'];
			$this->assertSame( array( 'include_usage' => true ), $body['stream_options'], $version );
			$this->assertArrayHasKey( 'max_completion_tokens', $body, $version );
			$this->assertSame( 3, end( $events )[1]['usage']['output_tokens'], 'usage arrives with include_usage' );
		}
	}

	/**
	 * A server that refuses stream_options (the recorded 400) is asked again without it.
	 */
	public function test_refused_stream_options_is_dropped_once(): void {
		$this->allow( 'openai_compatible', array( 'legacy-llama' ) );
		$events = $this->stream( 'openai_compatible', 'one two', array( 'model' => 'legacy-llama' ) );

		$this->assertSame( 'done', end( $events )[0] );
		$this->assertSame( 'Echo: one two', $this->streamed_text( $events ) );
		$calls = FakeProvider::calls();
		$this->assertCount( 2, $calls );
		$this->assertArrayHasKey( 'stream_options', $calls[0]['body'] );
		$this->assertArrayNotHasKey( 'stream_options', $calls[1]['body'] );

		$request = Request::json( 'http://127.0.0.1/x', array(), array( 'stream' => true ) );
		$this->assertNull( ( new OpenAiCompatibleProvider() )->revise_request( $request, $this->recorded( 'azure_openai/stream-options-unrecognized' ) ), 'not sent, nothing to drop' );
	}
}
