<?php
/**
 * The fake provider replays every recorded transcript byte for byte.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers;

use ByokAi\Tests\FakeProvider;

require_once __DIR__ . '/TranscriptCase.php';

/**
 * Every manifest entry names a source and a file, and the fake (asked with x-fake-fixture on the
 * provider's own route) answers with its status and exactly its bytes.
 *
 * Covers the transcripts and the fake provider (tests/fake-provider), not a plugin class.
 */
class FixtureReplayTest extends TranscriptCase {

	private const ROUTES = array(
		'anthropic'         => '/anthropic/v1/messages',
		'openai'            => '/openai/v1/chat/completions',
		'gemini'            => '/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
		'azure_openai'      => '/azure/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21',
		'openai_compatible' => '/compat/v1/chat/completions',
	);

	/**
	 * Every transcript of the manifest.
	 *
	 * @return array<string, array{0: string}>
	 */
	public function fixtures(): array {
		$manifest = json_decode( (string) file_get_contents( self::fixture_dir() . '/manifest.json' ), true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$cases    = array();
		foreach ( array_keys( $manifest['fixtures'] ) as $name ) {
			$cases[ $name ] = array( $name );
		}
		return $cases;
	}

	/**
	 * Replays one transcript and compares the bytes.
	 *
	 * @dataProvider fixtures
	 *
	 * @param string $name Transcript name.
	 */
	public function test_fake_replays_transcript_byte_for_byte( string $name ): void {
		$entry = $this->manifest_entry( $name );
		$this->assertIsBool( $entry['reconstructed'], 'the manifest says whether it was reconstructed' );
		$this->assertNotSame( '', $entry['shows'] );
		$expected = $this->recorded( $name );

		$folder  = explode( '/', $name )[0];
		$context = stream_context_create(
			array(
				'http' => array(
					'method'        => 'POST',
					'header'        => "content-type: application/json\r\nx-fake-fixture: $name\r\n",
					'content'       => '{}',
					'ignore_errors' => true,
				),
			)
		);
		$body    = file_get_contents( FakeProvider::$url . self::ROUTES[ $folder ], false, $context ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$this->assertIsString( $body );
		$this->assertSame( $expected->body, $body );
		$status = (int) explode( ' ', $http_response_header[0] )[1]; // phpcs:ignore WordPress.NamingConventions.ValidVariableName.VariableNotSnakeCase -- PHP's own variable.
		$this->assertSame( $expected->status, $status );
		$this->assertSame( $name, FakeProvider::calls()[0]['fixture'] );
	}

	/**
	 * A prompt marker replays a transcript only on the route that speaks its format: the next
	 * provider of a fallback chain answers normally.
	 */
	public function test_marker_replays_only_on_its_provider(): void {
		$answer = $this->chat( 'anthropic', 'hi [[fixture:gemini/unary-failure-api-key]]' )->get_data();
		$this->assertSame( 'Echo: hi [[fixture:gemini/unary-failure-api-key]]', $answer['text'] );
		$this->assertNull( FakeProvider::calls()[0]['fixture'] );
	}
}
