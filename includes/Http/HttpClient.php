<?php
/**
 * Sends requests to providers.
 *
 * @package ByokAi
 */

namespace ByokAi\Http;

use ByokAi\Providers\EndpointHost;
use WP_Error;
use WpOrg\Requests\Hooks;
use WpOrg\Requests\Requests;
use WpOrg\Requests\Transport\Curl;

/**
 * Sends upstream requests through the Requests library that WordPress bundles.
 *
 * It deliberately does not go through wp_remote_request(): that path hands the full request
 * arguments, Authorization header included, to the `http_request_args`, `pre_http_request` and
 * `http_api_debug` hooks, where logging and debugging plugins routinely record them. The
 * settings WordPress would apply are applied here: the bundled CA certificates and WP_PROXY_*.
 * Redirects are never followed, so a provider can't bounce a key-bearing request to another host,
 * and response bodies are bounded. A host name is resolved here, refused when it points at a cloud
 * metadata address, and the connection pinned to the addresses checked (CURLOPT_RESOLVE), so a DNS
 * answer that changes between the check and the connection can't redirect the key there.
 */
class HttpClient {

	/** Largest response body read, in bytes. */
	public const MAX_RESPONSE_BYTES = 2097152;

	/** @var \Closure(string): (list<string>|false) Resolves a host name to its IPv4 addresses (false when it can't). */
	private \Closure $resolve;

	/**
	 * Stores the resolver.
	 *
	 * @param (callable(string): (list<string>|false))|null $resolve Host name → IPv4 addresses; default gethostbynamel().
	 */
	public function __construct( ?callable $resolve = null ) {
		$this->resolve = null !== $resolve ? \Closure::fromCallable( $resolve ) : static function ( string $host ) {
			return gethostbynamel( $host );
		};
	}

	/**
	 * Sends a request and returns the response, or a WP_Error when no HTTP answer arrived.
	 *
	 * Error codes: byok_ai_http_blocked, byok_ai_http_metadata, byok_ai_http_timeout, byok_ai_http_unreachable. Their messages never contain
	 * the transport's own text, which may quote hosts or headers.
	 *
	 * @param Request $request Request to send.
	 * @param int     $timeout Seconds to wait for the whole answer.
	 * @return Response|WP_Error
	 */
	public function send( Request $request, int $timeout = 30 ) {
		return $this->dispatch( $request, $timeout, array() );
	}

	/**
	 * Sends a request and hands the body of a 2xx answer to $on_data as it arrives, chunk by chunk.
	 *
	 * The returned Response carries the status and headers; its body is what arrived (an error
	 * answer's body in full, bounded like send()'s). When $on_data returns false the transfer is
	 * cut (cURL's progress callback aborts it) and byok_ai_http_stopped is returned: the upstream stops generating as soon as
	 * its connection closes. Streaming needs the cURL transport; without it the answer is
	 * returned whole and $on_data is never called, so callers must also handle a complete body.
	 *
	 * @param Request                $request Request to send.
	 * @param int                    $timeout Seconds to wait for the whole answer.
	 * @param callable(string): bool $on_data Receives body bytes of a 2xx answer; false stops.
	 * @return Response|WP_Error
	 */
	public function stream( Request $request, int $timeout, callable $on_data ) {
		if ( ! function_exists( 'curl_init' ) ) {
			return $this->send( $request, $timeout );
		}
		$hooks   = new Hooks();
		$handle  = null;
		$stopped = false;
		$hooks->register(
			'curl.before_send',
			static function ( &$curl ) use ( &$handle, &$stopped ): void {
				$handle = $curl;
				// Returning non-zero from the progress callback is how cURL lets a caller cut a
				// transfer; an exception thrown from the body callback would not stop it.
				// phpcs:disable WordPress.WP.AlternativeFunctions -- The handle belongs to WordPress' own Requests transport.
				curl_setopt( $curl, CURLOPT_NOPROGRESS, false );
				// PHP defines CURLOPT_XFERINFOFUNCTION only since 8.2; before, the older progress
				// callback (same arguments for this use, same abort-on-non-zero) is the one there is.
				curl_setopt(
					$curl,
					defined( 'CURLOPT_XFERINFOFUNCTION' ) ? CURLOPT_XFERINFOFUNCTION : CURLOPT_PROGRESSFUNCTION,
					static function () use ( &$stopped ): int {
						return (int) $stopped;
					}
				);
				// phpcs:enable WordPress.WP.AlternativeFunctions
			}
		);
		$hooks->register(
			'request.progress',
			static function ( $data ) use ( &$handle, &$stopped, $on_data ): void {
				$status = null === $handle ? 0 : (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_getinfo -- Status of the transfer in progress.
				if ( ! $stopped && $status >= 200 && $status < 300 && '' !== $data && ! $on_data( (string) $data ) ) {
					$stopped = true;
				}
			}
		);
		$response = $this->dispatch(
			$request,
			$timeout,
			array(
				'hooks'     => $hooks,
				'transport' => Curl::class,
			)
		);
		return $stopped ? new WP_Error( 'byok_ai_http_stopped', __( 'The request was stopped.', 'byok-ai' ) ) : $response;
	}

	/**
	 * Sends through Requests with the shared options.
	 *
	 * @param Request              $request Request.
	 * @param int                  $timeout Seconds.
	 * @param array<string, mixed> $extra   Extra Requests options.
	 * @return Response|WP_Error
	 */
	private function dispatch( Request $request, int $timeout, array $extra ) {
		// Honour WP_HTTP_BLOCK_EXTERNAL / WP_ACCESSIBLE_HOSTS exactly as core's HTTP API would.
		if ( ( new \WP_Http() )->block_request( $request->url ) ) {
			return new WP_Error( 'byok_ai_http_blocked', __( 'This site blocks outgoing requests to the provider’s host (WP_HTTP_BLOCK_EXTERNAL). Add the host to WP_ACCESSIBLE_HOSTS.', 'byok-ai' ) );
		}
		$options = $extra + $this->options( $request->url, $timeout );
		$pin     = $this->pin( $request->url );
		if ( is_wp_error( $pin ) ) {
			return $pin;
		}
		if ( null !== $pin && function_exists( 'curl_init' ) ) {
			$hooks = $options['hooks'] ?? new Hooks();
			$hooks->register(
				'curl.before_send',
				static function ( &$curl ) use ( $pin ): void {
					curl_setopt( $curl, CURLOPT_RESOLVE, array( $pin ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- The handle belongs to WordPress' own Requests transport.
				}
			);
			$options['hooks']     = $hooks;
			$options['transport'] = Curl::class;
		}
		try {
			// Requests documents $data as an array, but its transports send a string as the raw body
			// (WP_Http::request() passes string bodies the same way).
			$response = Requests::request( $request->url, $request->headers, $request->body ?? array(), $request->method, $options ); // @phpstan-ignore argument.type
		} catch ( \Exception $e ) {
			$timed_out = false !== stripos( $e->getMessage(), 'timed out' ) || false !== stripos( $e->getMessage(), 'timeout' );
			return $timed_out
				? new WP_Error( 'byok_ai_http_timeout', __( 'The provider did not answer in time.', 'byok-ai' ) )
				: new WP_Error( 'byok_ai_http_unreachable', __( 'The provider could not be reached.', 'byok-ai' ) );
		}

		$headers = array();
		foreach ( $response->headers as $name => $value ) {
			$headers[ strtolower( (string) $name ) ] = is_array( $value ) ? implode( ', ', $value ) : (string) $value;
		}
		return new Response( (int) $response->status_code, $headers, (string) $response->body );
	}

	/**
	 * Resolves the URL's host once and returns the CURLOPT_RESOLVE entry that pins the connection
	 * to the addresses found ("host:port:addr[,addr]"), null when there is nothing to pin (an IP
	 * literal, a host that doesn't resolve: cURL then fails as unreachable), or an error when an
	 * address is a cloud metadata address the byok_ai_allow_metadata_endpoint filter doesn't allow.
	 *
	 * Only IPv4 answers are checked and pinned (gethostbynamel()); with them pinned, cURL connects
	 * to no other address.
	 *
	 * @param string $url Target URL.
	 * @return string|WP_Error|null
	 */
	private function pin( string $url ) {
		$parts = wp_parse_url( $url );
		$host  = is_array( $parts ) ? strtolower( (string) ( $parts['host'] ?? '' ) ) : '';
		if ( '' === $host || false !== strpos( $host, ':' ) || '[' === $host[0] || false !== filter_var( $host, FILTER_VALIDATE_IP ) ) {
			return null;
		}
		$addresses = ( $this->resolve )( $host );
		if ( ! is_array( $addresses ) || array() === $addresses ) {
			return null;
		}
		foreach ( $addresses as $address ) {
			/** This filter is documented in includes/Providers/ProviderSettings.php */
			if ( EndpointHost::is_metadata( $address ) && ! apply_filters( 'byok_ai_allow_metadata_endpoint', false, $url ) ) {
				return new WP_Error( 'byok_ai_http_metadata', __( 'The provider’s host name points at a cloud metadata address, so no request is sent to it.', 'byok-ai' ) );
			}
		}
		$port = isset( $parts['port'] ) ? (int) $parts['port'] : ( 'http' === strtolower( (string) ( $parts['scheme'] ?? '' ) ) ? 80 : 443 );
		return $host . ':' . $port . ':' . implode( ',', $addresses );
	}

	/**
	 * Builds the transport options.
	 *
	 * @param string $url     Target URL.
	 * @param int    $timeout Seconds.
	 * @return array<string, mixed>
	 */
	private function options( string $url, int $timeout ): array {
		$options = array(
			'timeout'          => $timeout,
			'connect_timeout'  => min( 10, $timeout ),
			'follow_redirects' => false,
			'max_bytes'        => self::MAX_RESPONSE_BYTES,
			'useragent'        => 'BYOK-AI/' . BYOK_AI_VERSION . '; WordPress/' . get_bloginfo( 'version' ),
			'verify'           => ABSPATH . WPINC . '/certificates/ca-bundle.crt',
		);
		$proxy   = new \WP_HTTP_Proxy();
		if ( $proxy->is_enabled() && $proxy->send_through_proxy( $url ) ) {
			$address          = $proxy->host() . ':' . $proxy->port();
			$options['proxy'] = $proxy->use_authentication() ? array( $address, $proxy->username(), $proxy->password() ) : $address;
		}
		return $options;
	}
}
