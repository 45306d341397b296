<?php
/**
 * Where a streamed answer goes.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

/**
 * Carries the events of a streamed answer (start, delta, done, error) to a listener, which says
 * whether anyone is still listening. The REST route's listener writes Server-Sent Events to the
 * browser; the PHP API's calls back into the plugin that asked.
 */
final class ChatStream {

	/** @var callable(string, array<string, mixed>): bool Receives (event, data); returns false once nobody listens any more. */
	private $listener;

	/** Whether the listener is still there. */
	private bool $open = true;

	/**
	 * Stores the listener.
	 *
	 * @param callable $listener Event receiver: (string $event, array $data): bool.
	 *
	 * @phpstan-param callable(string, array<string, mixed>): bool $listener
	 */
	public function __construct( callable $listener ) {
		$this->listener = $listener;
	}

	/**
	 * Sends an event.
	 *
	 * @param string               $event Event type.
	 * @param array<string, mixed> $data  Payload.
	 * @return bool Whether the listener is still there.
	 */
	public function emit( string $event, array $data ): bool {
		if ( $this->open ) {
			$this->open = false !== ( $this->listener )( $event, $data );
		}
		return $this->open;
	}

	/**
	 * Tells whether the listener is still there.
	 */
	public function is_open(): bool {
		return $this->open;
	}

	/**
	 * The payload of an `error` event: code, message, the wait a provider asked for, and the
	 * provider's own message when the error carries one (ErrorMap adds it for administrators only).
	 *
	 * @param \WP_Error $error Error.
	 * @return array{code: string, message: string, retry_after?: int, detail?: string}
	 */
	public static function error_event( \WP_Error $error ): array {
		$data  = $error->get_error_data();
		$event = array(
			'code'    => (string) $error->get_error_code(),
			'message' => $error->get_error_message(),
		);
		if ( is_array( $data ) && isset( $data['retry_after'] ) ) {
			$event['retry_after'] = (int) $data['retry_after'];
		}
		if ( is_array( $data ) && isset( $data['detail'] ) && is_string( $data['detail'] ) ) {
			$event['detail'] = $data['detail'];
		}
		return $event;
	}

	/**
	 * Formats an event as a Server-Sent Events frame. JSON escapes line breaks, so one data line
	 * always suffices.
	 *
	 * @param string               $event Event type.
	 * @param array<string, mixed> $data  Payload.
	 */
	public static function sse_frame( string $event, array $data ): string {
		// An empty payload is an empty object, not the empty list PHP would make of array().
		$payload = array() === $data ? new \stdClass() : $data;
		return 'event: ' . $event . "\ndata: " . wp_json_encode( $payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) . "\n\n";
	}
}
