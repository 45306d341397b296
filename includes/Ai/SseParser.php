<?php
/**
 * Reads Server-Sent Events from an upstream byte stream.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

/**
 * Incremental parser for the text/event-stream format (WHATWG HTML, "Parsing an event stream").
 *
 * Chunks may split anywhere: inside a line, between CR and LF, inside a multibyte character.
 * Lines end with CRLF, LF or CR; "data" lines of one event are joined with LF; comments (":")
 * are skipped; a field without a colon has an empty value; one leading space of a value is
 * dropped; an event without data is not dispatched. Fields other than event and data (id,
 * retry) mean nothing to a one-shot request and are ignored.
 *
 * Lines that are no SSE field at all are kept aside (stray()): Gemini writes an error that
 * happens mid-stream as a bare, pretty-printed JSON document, not as a `data:` event.
 */
final class SseParser {

	/** Bytes not yet forming a complete line. */
	private string $buffer = '';

	/** Whether the previous chunk ended with CR, so a leading LF belongs to that line end. */
	private bool $pending_cr = false;

	/** Event type of the event being built. */
	private string $event = '';

	/** @var list<string> Data lines of the event being built. */
	private array $data = array();

	/** Lines that are no SSE field (no known field name before a colon), joined with LF. */
	private string $stray = '';

	/** Field names of the format. */
	private const FIELDS = array( 'event', 'data', 'id', 'retry' );

	/** Longest stray text kept, in bytes. */
	private const STRAY_LIMIT = 65536;

	/**
	 * Feeds a chunk and returns the events it completed.
	 *
	 * @param string $chunk Bytes as received.
	 * @return list<array{event: string, data: string}> Event type ('message' when unnamed) and data.
	 */
	public function feed( string $chunk ): array {
		if ( $this->pending_cr && '' !== $chunk && "\n" === $chunk[0] ) {
			$chunk = (string) substr( $chunk, 1 );
		}
		$this->pending_cr = '' !== $chunk && "\r" === substr( $chunk, -1 );
		$this->buffer    .= $chunk;

		$lines        = preg_split( '/\r\n|\r|\n/', $this->buffer );
		$lines        = false === $lines ? array( $this->buffer ) : $lines;
		$this->buffer = (string) array_pop( $lines );

		$events = array();
		foreach ( $lines as $line ) {
			$event = $this->line( $line );
			if ( null !== $event ) {
				$events[] = $event;
			}
		}
		return $events;
	}

	/**
	 * Handles one complete line.
	 *
	 * @param string $line Line without its end.
	 * @return array{event: string, data: string}|null The event a blank line dispatches.
	 */
	private function line( string $line ): ?array {
		if ( '' === $line ) {
			$event       = $this->data ? array(
				'event' => '' === $this->event ? 'message' : $this->event,
				'data'  => implode( "\n", $this->data ),
			) : null;
			$this->event = '';
			$this->data  = array();
			return $event;
		}
		if ( ':' === $line[0] ) {
			return null;
		}
		$colon = strpos( $line, ':' );
		$field = false === $colon ? $line : substr( $line, 0, $colon );
		$value = false === $colon ? '' : substr( $line, $colon + 1 );
		if ( '' !== $value && ' ' === $value[0] ) {
			$value = substr( $value, 1 );
		}
		if ( 'event' === $field ) {
			$this->event = $value;
		} elseif ( 'data' === $field ) {
			$this->data[] = $value;
		} elseif ( ! in_array( $field, self::FIELDS, true ) && strlen( $this->stray ) < self::STRAY_LIMIT ) {
			$this->stray .= $line . "\n";
		}
		return null;
	}

	/**
	 * Returns what arrived outside the event-stream format: the lines that were no SSE field,
	 * and an unterminated last line.
	 */
	public function stray(): string {
		return $this->stray . $this->buffer;
	}
}
