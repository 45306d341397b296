<?php
/**
 * Reads a provider's streamed answer and relays it to the client.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

use ByokAi\Http\HttpClient;
use ByokAi\Http\Request;
use ByokAi\Http\Response;
use ByokAi\Providers\Provider;
use WP_Error;

/**
 * One streamed upstream call: the bytes are cut into server-sent events, each event is read by
 * the provider's adapter, and its text is written to the client as it arrives (`start` before
 * the first text, `delta` for each piece). A stream is bounded like any other answer, a refused
 * request is corrected and sent again as for a complete answer, and a client that goes away
 * stops the upstream request.
 *
 * @phpstan-import-type CallPlan from ChatService
 */
class StreamReader {

	/** Largest streamed answer read, in bytes. */
	public const MAX_BYTES = 8388608;

	private HttpClient $http;

	private Policy $policy;

	/**
	 * Stores the dependencies.
	 *
	 * @param HttpClient $http   Transport.
	 * @param Policy     $policy Rules (the timeout).
	 */
	public function __construct( HttpClient $http, Policy $policy ) {
		$this->http   = $http;
		$this->policy = $policy;
	}

	/**
	 * Streams an answer to the client as it arrives.
	 *
	 * @param Provider    $provider Adapter.
	 * @param Request     $upstream Upstream request.
	 * @param array       $call     What the call needs (ChatService's plan).
	 * @phpstan-param CallPlan $call
	 * @param ChatStream  $out      Event writer.
	 * @param bool        $started  Set to true once text reached the client.
	 * @param StreamState $state    Where the stream is read into (kept by the caller: what a
	 *                              failed stream delivered is billed).
	 * @return ChatResponse|WP_Error
	 */
	public function read( Provider $provider, Request $upstream, array $call, ChatStream $out, bool &$started, ?StreamState $state = null ) {
		$state  = $state ?? new StreamState();
		$parser = new SseParser();
		$bytes  = 0;
		$fed    = false;

		$on_data = static function ( string $chunk ) use ( $provider, $call, $out, $state, $parser, &$bytes, &$fed, &$started ): bool {
			$fed    = true;
			$bytes += strlen( $chunk );
			if ( $bytes > self::MAX_BYTES ) {
				$state->error = 'truncated';
				return false;
			}
			foreach ( $parser->feed( $chunk ) as $event ) {
				$text = $provider->read_event( $event['event'], $event['data'], $state );
				if ( null !== $state->error ) {
					return false;
				}
				if ( '' === $text ) {
					continue;
				}
				if ( ! $started ) {
					$started = true;
					$out->emit(
						'start',
						array(
							'provider' => $provider->id(),
							'model'    => '' !== $state->response->model ? $state->response->model : $call['model'],
						)
					);
				}
				$state->response->text .= $text;
				if ( ! $out->emit( 'delta', array( 'text' => $text ) ) ) {
					return false;
				}
			}
			return true;
		};

		$response = $this->http->stream( $upstream, $this->policy->timeout(), $on_data );
		for ( $i = 0; $i < ChatService::MAX_REVISIONS && ! $fed && $response instanceof Response && $response->status >= 400 && $response->status < 500; $i++ ) {
			$revised = $provider->revise_request( $upstream, $response );
			if ( null === $revised ) {
				break;
			}
			$upstream = $revised;
			$response = $this->http->stream( $upstream, $this->policy->timeout(), $on_data );
		}

		if ( ! $out->is_open() ) {
			return new WP_Error( 'byok_ai_client_aborted', __( 'The client closed the connection.', 'byok-ai' ), array( 'status' => 499 ) );
		}
		if ( is_wp_error( $response ) && 'byok_ai_http_stopped' !== $response->get_error_code() ) {
			return ErrorMap::from_transport( $provider, $response );
		}
		if ( $response instanceof Response ) {
			if ( $response->status < 200 || $response->status >= 300 ) {
				return ErrorMap::from_response( $provider, $response, $call['key'] );
			}
			if ( ! $fed ) {
				// The transport could not stream (no cURL): read the whole answer as one chunk.
				$on_data( $response->body . "\n\n" );
			} elseif ( null === $state->error ) {
				// The stream ended cleanly: an event whose final blank line never came is still
				// the provider's last word (recorded Gemini and Anthropic streams end that way).
				$on_data( "\n\n" );
			}
		}
		if ( null === $state->error ) {
			$this->read_stray( $provider, $parser->stray(), $state );
		}
		if ( null !== $state->error ) {
			return ErrorMap::error( $provider, $state->error, $state->error_status, null, $state->error_message, $call['key'] );
		}
		if ( ! $state->complete ) {
			return ErrorMap::error( $provider, 'truncated' );
		}
		return $state->response;
	}

	/**
	 * Reads an error written into a stream outside the event-stream format: Gemini writes a
	 * failure that happens mid-stream as a bare JSON document ({"error": {…}}), after events
	 * that may already carry a finish reason.
	 *
	 * @param Provider    $provider Adapter.
	 * @param string      $stray    What arrived outside events.
	 * @param StreamState $state    Stream so far.
	 */
	private function read_stray( Provider $provider, string $stray, StreamState $state ): void {
		$stray = trim( $stray );
		if ( '' === $stray || '{' !== $stray[0] ) {
			return;
		}
		$probe = new StreamState();
		$provider->read_event( 'message', $stray, $probe );
		if ( null !== $probe->error && 'malformed' !== $probe->error ) {
			$state->error         = $probe->error;
			$state->error_status  = $probe->error_status;
			$state->error_message = $probe->error_message;
		}
	}
}
