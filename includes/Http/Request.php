<?php
/**
 * An outgoing HTTP request to a provider.
 *
 * @package ByokAi
 */

namespace ByokAi\Http;

/**
 * Immutable description of one upstream request: built by a provider adapter, sent by HttpClient.
 */
final class Request {

	/** HTTP method. */
	public string $method;

	/** Absolute URL. Never carries a secret: keys travel in headers only. */
	public string $url;

	/** @var array<string, string> Request headers, name => value. */
	public array $headers;

	/** Request body, or null for none. */
	public ?string $body = null;

	/**
	 * Stores the request parts.
	 *
	 * @param string                $method  HTTP method.
	 * @param string                $url     Absolute URL.
	 * @param array<string, string> $headers Headers.
	 * @param string|null           $body    Body.
	 */
	public function __construct( string $method, string $url, array $headers = array(), ?string $body = null ) {
		$this->method  = $method;
		$this->url     = $url;
		$this->headers = $headers;
		$this->body    = $body;
	}

	/**
	 * Builds a JSON POST request.
	 *
	 * @param string                $url     Absolute URL.
	 * @param array<string, string> $headers Headers.
	 * @param array<string, mixed>  $payload Body, encoded as JSON.
	 */
	public static function json( string $url, array $headers, array $payload ): self {
		$headers['Content-Type'] = 'application/json';
		return new self( 'POST', $url, $headers, (string) wp_json_encode( $payload ) );
	}
}
