<?php
/**
 * Shared helpers for the tests that replay recorded provider transcripts.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers;

use ByokAi\Http\Response;
use ByokAi\Tests\TestCase;
use WP_REST_Response;

/**
 * The transcripts live in tests/fixtures/providers (manifest.json names each one's source). The
 * fake provider replays one when the last user message holds `[[fixture:NAME]]`; these helpers
 * also read one into a Response for the adapters' own methods.
 */
abstract class TranscriptCase extends TestCase {

	/**
	 * Stores every key; an administrator chats (administrators see the provider's own message).
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
		$this->allow( 'openai_compatible', array( 'llama3.2' ) );
		$this->act_as( 'administrator' );
	}

	/**
	 * Returns the manifest entry of a transcript, checking it names a source.
	 *
	 * @param string $name Transcript name, e.g. gemini/unary-failure-api-key.
	 * @return array<string, mixed>
	 */
	protected function manifest_entry( string $name ): array {
		$manifest = json_decode( (string) file_get_contents( self::fixture_dir() . '/manifest.json' ), true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$this->assertIsArray( $manifest );
		$this->assertArrayHasKey( $name, $manifest['fixtures'] );
		$entry = $manifest['fixtures'][ $name ];
		$this->assertNotEmpty( $entry['source'], "$name names its source" );
		return $entry;
	}

	/**
	 * The directory of the transcripts.
	 */
	protected static function fixture_dir(): string {
		return dirname( __DIR__, 2 ) . '/fixtures/providers';
	}

	/**
	 * Reads a transcript into the Response HttpClient would have made of it.
	 *
	 * @param string $name Transcript name.
	 */
	protected function recorded( string $name ): Response {
		$entry   = $this->manifest_entry( $name );
		$bytes   = (string) file_get_contents( self::fixture_dir() . '/' . $entry['file'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$status  = (int) ( $entry['status'] ?? 200 );
		$headers = array( 'content-type' => (string) ( $entry['contentType'] ?? 'application/json' ) );
		if ( '.http' === substr( $entry['file'], -5 ) ) {
			list( $head, $bytes ) = explode( "\r\n\r\n", $bytes, 2 );
			$lines                = explode( "\r\n", $head );
			$status               = (int) explode( ' ', (string) array_shift( $lines ) )[1];
			foreach ( $lines as $line ) {
				list( $field, $value )                   = explode( ':', $line, 2 );
				$headers[ strtolower( trim( $field ) ) ] = trim( $value );
			}
		}
		return new Response( $status, $headers, $bytes );
	}

	/**
	 * Asks for a chat answer in one piece.
	 *
	 * @param string               $provider Provider id.
	 * @param string               $text     Last user message.
	 * @param array<string, mixed> $extra    Other fields.
	 */
	protected function chat( string $provider, string $text, array $extra = array() ): WP_REST_Response {
		return $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( $text, array( 'provider' => $provider ) + $extra ) );
	}

	/**
	 * Asks for a streamed chat answer and returns its events.
	 *
	 * @param string               $provider Provider id.
	 * @param string               $text     Last user message.
	 * @param array<string, mixed> $extra    Other fields.
	 * @return list<array{0: string, 1: array<string, mixed>}>
	 */
	protected function stream( string $provider, string $text, array $extra = array() ): array {
		return $this->stream_events(
			$this->rest(
				'POST',
				'/byok-ai/v1/chat',
				$this->chat_body(
					$text,
					array(
						'provider' => $provider,
						'stream'   => true,
					) + $extra
				)
			)
		);
	}

	/**
	 * The text the deltas of a stream carried.
	 *
	 * @param list<array{0: string, 1: array<string, mixed>}> $events Events.
	 */
	protected function streamed_text( array $events ): string {
		$text = '';
		foreach ( $events as $event ) {
			$text .= 'delta' === $event[0] ? $event[1]['text'] : '';
		}
		return $text;
	}

	/**
	 * Points Azure at the fake with a deployment and an api-version.
	 *
	 * @param string $deployment Deployment.
	 * @param string $version    api-version.
	 */
	protected function azure( string $deployment, string $version ): void {
		$settings                 = get_option( 'byok_ai_provider_settings', array() );
		$settings                 = is_array( $settings ) ? $settings : array();
		$settings['azure_openai'] = array(
			'endpoint'    => \ByokAi\Tests\FakeProvider::base_url( 'azure_openai' ),
			'deployment'  => $deployment,
			'api_version' => $version,
		);
		update_option( 'byok_ai_provider_settings', $settings );
	}

	/**
	 * Lets the chat use these models of a provider.
	 *
	 * @param string   $provider Provider id.
	 * @param string[] $models   Models.
	 */
	protected function allow( string $provider, array $models ): void {
		$this->assertIsArray( $this->plugin()->policy()->update( array( 'models' => array( $provider => $models ) ) ) );
	}

	/**
	 * The usage rows recorded so far.
	 *
	 * @return list<array<string, string>>
	 */
	protected function usage_rows(): array {
		global $wpdb;
		return $wpdb->get_results( "SELECT provider, model, input_tokens, output_tokens, outcome FROM {$wpdb->prefix}byok_ai_usage ORDER BY id", ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	}
}
