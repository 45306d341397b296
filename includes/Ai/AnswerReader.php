<?php
/**
 * Reads a provider's complete (not streamed) answer.
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
 * One upstream call answered in one piece (a chat answer, a model list), the counterpart of
 * StreamReader.
 */
class AnswerReader {

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
	 * Sends a request and reads its complete answer: a refused request is corrected and sent
	 * again (Provider::revise_request) at most $revisions times; transport failures and non-2xx
	 * statuses become the plugin's errors; a 2xx body the parser can't read is a malformed answer.
	 *
	 * @template T
	 * @param Provider                     $provider  Adapter.
	 * @param Request                      $upstream  Upstream request.
	 * @param string                       $key       Key used, for scrubbing.
	 * @param callable(Response): (T|null) $parse     Reads a 2xx answer; null when it can't.
	 * @param int                          $revisions How many times a 4xx may be corrected and sent again.
	 * @return T|WP_Error
	 */
	public function read( Provider $provider, Request $upstream, string $key, callable $parse, int $revisions ) {
		$response = $this->http->send( $upstream, $this->policy->timeout() );
		for ( $i = 0; $i < $revisions && $response instanceof Response && $response->status >= 400 && $response->status < 500; $i++ ) {
			$revised = $provider->revise_request( $upstream, $response );
			if ( null === $revised ) {
				break;
			}
			$upstream = $revised;
			$response = $this->http->send( $upstream, $this->policy->timeout() );
		}
		if ( is_wp_error( $response ) ) {
			return ErrorMap::from_transport( $provider, $response );
		}
		if ( $response->status < 200 || $response->status >= 300 ) {
			return ErrorMap::from_response( $provider, $response, $key );
		}
		return $parse( $response ) ?? ErrorMap::error( $provider, 'malformed' );
	}
}
