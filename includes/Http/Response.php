<?php
/**
 * An upstream HTTP response.
 *
 * @package ByokAi
 */

namespace ByokAi\Http;

/**
 * Status, lower-cased headers and a size-bounded body of one upstream answer.
 */
final class Response {

	/** HTTP status code. */
	public int $status;

	/** @var array<string, string> Headers with lower-cased names. */
	public array $headers;

	/** Body, truncated at the client's size limit. */
	public string $body;

	/**
	 * Stores the response parts.
	 *
	 * @param int                   $status  HTTP status.
	 * @param array<string, string> $headers Lower-cased headers.
	 * @param string                $body    Body.
	 */
	public function __construct( int $status, array $headers, string $body ) {
		$this->status  = $status;
		$this->headers = $headers;
		$this->body    = $body;
	}

	/**
	 * Decodes a JSON body into an array, or returns null when it isn't a JSON object or array.
	 *
	 * @return array<mixed>|null
	 */
	public function json(): ?array {
		$data = json_decode( $this->body, true, 64 );
		return is_array( $data ) ? $data : null;
	}
}
