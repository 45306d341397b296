<?php
/**
 * A REST response whose body is a live event stream.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Ai\ChatStream;
use WP_REST_Response;

/**
 * Returned by a route callback that streams. The REST server sends its status and headers as for
 * any response; then, instead of encoding JSON, the `rest_pre_serve_request` filter (serve())
 * runs the producer, which writes Server-Sent Events straight to the client as they happen.
 */
final class StreamResponse extends WP_REST_Response {

	/** @var \Closure(ChatStream): void Writes the events. */
	private \Closure $producer;

	/**
	 * Stores the producer and sets the headers a stream needs to pass proxies unbuffered.
	 *
	 * @param callable(ChatStream): void $producer Event producer.
	 */
	public function __construct( callable $producer ) {
		parent::__construct(
			null,
			200,
			array(
				'Content-Type'           => 'text/event-stream; charset=utf-8',
				'Cache-Control'          => 'no-cache, no-store, no-transform, private',
				'Expires'                => 'Wed, 11 Jan 1984 05:00:00 GMT',
				'X-Accel-Buffering'      => 'no',
				'X-Content-Type-Options' => 'nosniff',
			)
		);
		$this->producer = \Closure::fromCallable( $producer );
		// Hooked by the first stream, not on every request (issue 13): after core's own filters
		// on this hook (rest_send_cors_headers at 10), as once a stream starts no header can follow.
		add_filter( 'rest_pre_serve_request', array( self::class, 'serve' ), 100, 2 );
	}

	/**
	 * Runs the producer with a given stream (the tests' way in).
	 *
	 * @param ChatStream $stream Where events go.
	 */
	public function produce( ChatStream $stream ): void {
		( $this->producer )( $stream );
	}

	/**
	 * Serves a StreamResponse (rest_pre_serve_request filter); leaves every other response alone.
	 *
	 * @param bool  $served Whether the request was already served.
	 * @param mixed $result The response.
	 */
	public static function serve( $served, $result ): bool {
		if ( $served || ! $result instanceof self ) {
			return (bool) $served;
		}
		// The REST server sends its no-cache headers after this filter, when the stream has already
		// gone out; this response carries its own (see the constructor).
		add_filter( 'rest_send_nocache_headers', '__return_false', PHP_INT_MAX );
		// The stream notices a departed client itself and stops the upstream request.
		ignore_user_abort( true );
		if ( function_exists( 'apache_setenv' ) ) {
			apache_setenv( 'no-gzip', '1' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.runtime_configuration_apache_setenv -- mod_deflate would hold events back.
		}
		// Drop output buffers: anything they held would corrupt the stream, and they delay it. PHP's
		// zlib.output_compression is one of them (the "zlib output compression" handler): removed
		// before it has written anything, it sends no Content-Encoding header and events go out
		// uncompressed as they are flushed, without changing PHP's configuration (no ini_set()).
		while ( ob_get_level() > 0 ) {
			if ( ! ob_end_clean() ) {
				break;
			}
		}
		$result->produce(
			new ChatStream(
				static function ( string $event, array $data ): bool {
					echo ChatStream::sse_frame( $event, $data ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- A text/event-stream frame (nosniff) of JSON-encoded data, not HTML.
					flush();
					return ! connection_aborted();
				}
			)
		);
		return true;
	}
}
