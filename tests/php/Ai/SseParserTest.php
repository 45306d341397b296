<?php
/**
 * The upstream event-stream parser.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Ai;

use ByokAi\Ai\SseParser;
use ByokAi\Keys\KeyFormat;
use ByokAi\Tests\TestCase;

/**
 * Chunks split anywhere must give the same events; and provider text is scrubbed of key pieces.
 */
class SseParserTest extends TestCase {

	private const STREAM = "event: message_start\r\ndata: {\"a\":1}\r\n\r\n: keep-alive comment\n\ndata: first line\ndata:second line\n\nevent: x\ndata\n\nretry: 10\nid: 7\ndata: {\"text\":\"h\u{e9}llo \u{1F600}\"}\r\r";

	/**
	 * The events in the stream above.
	 *
	 * @return list<array{event: string, data: string}>
	 */
	private function expected(): array {
		return array(
			array(
				'event' => 'message_start',
				'data'  => '{"a":1}',
			),
			array(
				'event' => 'message',
				'data'  => "first line\nsecond line",
			),
			array(
				'event' => 'x',
				'data'  => '',
			),
			array(
				'event' => 'message',
				'data'  => "{\"text\":\"h\u{e9}llo \u{1F600}\"}",
			),
		);
	}

	/**
	 * Whole, byte by byte, and at every split point in two pieces.
	 */
	public function test_same_events_however_split(): void {
		$this->assertSame( $this->expected(), ( new SseParser() )->feed( self::STREAM ) );

		$parser = new SseParser();
		$events = array();
		foreach ( str_split( self::STREAM ) as $byte ) {
			$events = array_merge( $events, $parser->feed( $byte ) );
		}
		$this->assertSame( $this->expected(), $events );

		$length = strlen( self::STREAM );
		for ( $i = 1; $i < $length; $i++ ) {
			$parser = new SseParser();
			$events = array_merge( $parser->feed( substr( self::STREAM, 0, $i ) ), $parser->feed( substr( self::STREAM, $i ) ) );
			$this->assertSame( $this->expected(), $events, "Split at byte $i." );
		}
	}

	/**
	 * An event without its closing blank line is not dispatched.
	 */
	public function test_unfinished_event_is_held(): void {
		$this->assertSame( array(), ( new SseParser() )->feed( "data: partial\n" ) );
	}

	/**
	 * Key pieces in provider text are removed.
	 */
	public function test_scrub(): void {
		$key  = self::KEYS['openai'];
		$text = "Incorrect API key provided: sk-proj-*****QRST. Also {$key} and " . substr( $key, 10, 9 ) . ' and AIzaSyD-abcdef1234 and sk-ant-api03-xyz1234.';
		$out  = KeyFormat::scrub( $text, $key );

		$this->assertStringNotContainsString( 'QRST', $out );
		$this->assertStringNotContainsString( substr( $key, 10, 8 ), $out );
		$this->assertStringNotContainsString( 'AIzaSyD', $out );
		$this->assertStringNotContainsString( 'xyz1234', $out );
		$this->assertStringStartsWith( 'Incorrect API key provided: [redacted]', $out );
		$this->assertSame( 'Model not found.', KeyFormat::scrub( 'Model not found.', $key ) );
	}
}
