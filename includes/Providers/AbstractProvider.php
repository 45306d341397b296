<?php
/**
 * Shared plumbing for provider adapters.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers;

use ByokAi\Ai\ChatRequest;
use ByokAi\Ai\ErrorMap;
use ByokAi\Ai\SseParser;
use ByokAi\Ai\StreamState;
use ByokAi\Http\Request;
use ByokAi\Http\Response;
use WP_Error;

/**
 * Builds URLs from administrator-set bases and checks the parts that go into paths.
 */
abstract class AbstractProvider implements Provider {

	/**
	 * {@inheritDoc}
	 */
	public function requires_key(): bool {
		return true;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param string|null $vendor Guessed vendor.
	 */
	public function accepts_key_vendor( ?string $vendor ): bool {
		return null === $vendor || $this->id() === $vendor;
	}

	/**
	 * Reads the answer to a validation request: 2xx valid, a bad key invalid, no access forbidden,
	 * a transient failure unavailable, anything else a rejected request (wrong base URL, unknown
	 * deployment, an API version too old…). A spent quota or a content filter proves the key.
	 *
	 * @param Response $response Upstream answer.
	 * @return 'valid'|'invalid'|'forbidden'|'unavailable'|'rejected'
	 */
	public function classify_validation( Response $response ): string {
		if ( $response->status >= 200 && $response->status < 300 ) {
			return 'valid';
		}
		switch ( $this->classify_error( $response ) ) {
			case 'key_invalid':
				return 'invalid';
			case 'key_forbidden':
				return 'forbidden';
			case 'rejected':
			case 'api_version':
				return 'rejected';
			case 'quota':
			case 'content_filter':
				// The key was accepted; what failed is the account's credit or the prompt.
				return 'valid';
			default:
				return 'unavailable';
		}
	}

	/**
	 * Classifies by status: 401 bad key, 403 no access, 429 rate limited, 503/529 overloaded,
	 * 408/504 timeout, other 5xx upstream error, anything else a rejected request.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function classify_error( Response $response ): string {
		$status = $response->status;
		if ( 401 === $status ) {
			return 'key_invalid';
		}
		if ( 403 === $status ) {
			return 'key_forbidden';
		}
		if ( 429 === $status ) {
			return 'rate_limited';
		}
		if ( 503 === $status || 529 === $status ) {
			return 'overloaded';
		}
		if ( 408 === $status || 504 === $status ) {
			return 'timeout';
		}
		return $status >= 500 ? 'upstream_error' : 'rejected';
	}

	/**
	 * Reads the provider's message from an error body, JSON or (for a streamed request) the
	 * first JSON data event of an event stream.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function error_message( Response $response ): string {
		return $this->message_of( $this->error_body( $response ) );
	}

	/**
	 * Nothing to correct by default.
	 *
	 * @param Request  $request  Refused request.
	 * @param Response $response Refusal.
	 */
	public function revise_request( Request $request, Response $response ): ?Request {
		return null;
	}

	/**
	 * Decodes an error answer: a JSON document, or the first data event of an event stream
	 * whose data is a JSON object (servers that answer a streamed request's failure as SSE).
	 *
	 * @param Response $response Upstream answer.
	 * @return array<mixed>|null
	 */
	protected function error_body( Response $response ): ?array {
		$body = $response->json();
		if ( null !== $body || false === strpos( $response->body, 'data:' ) ) {
			return $body;
		}
		foreach ( ( new SseParser() )->feed( $response->body . "\n\n" ) as $event ) {
			$data = json_decode( $event['data'], true, 64 );
			if ( is_array( $data ) ) {
				return $data;
			}
		}
		return null;
	}

	/**
	 * Finds the message in the error shapes providers and OpenAI-compatible servers use:
	 * {"error": {"message"}} (OpenAI, Anthropic, Azure, Google, OpenRouter, vLLM today, Ollama's
	 * /v1), {"error": "…"} (Ollama), a top-level {"object": "error", "message"} (vLLM before
	 * 2025) and FastAPI's {"detail": "…"} (LiteLLM and other Python gateways).
	 *
	 * @param array<mixed>|null $body Decoded error body.
	 */
	protected function message_of( ?array $body ): string {
		if ( null === $body ) {
			return '';
		}
		if ( is_array( $body['error'] ?? null ) && is_string( $body['error']['message'] ?? null ) ) {
			return $body['error']['message'];
		}
		foreach ( array( 'error', 'message', 'detail' ) as $field ) {
			if ( is_string( $body[ $field ] ?? null ) && '' !== $body[ $field ] ) {
				return $body[ $field ];
			}
		}
		return '';
	}

	/**
	 * Reads the Retry-After header.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function retry_after( Response $response ): ?int {
		return ErrorMap::retry_after_header( $response );
	}

	/**
	 * No built-in default model.
	 *
	 * @param array<string, string> $settings Settings.
	 */
	public function default_model( array $settings ): string {
		return '';
	}

	/**
	 * Accepts the names ChatRequest accepts.
	 *
	 * @param string $model Model name.
	 */
	public function accepts_model( string $model ): bool {
		return 1 === preg_match( '#' . ChatRequest::MODEL_PATTERN . '#', $model );
	}

	/**
	 * Maps a provider's finish reason to the plugin's.
	 *
	 * @param mixed                $reason Provider value.
	 * @param array<string, mixed> $map    Provider value => plugin value.
	 * @return 'stop'|'length'|'content_filter'|'other'
	 */
	protected function finish_reason( $reason, array $map ): string {
		$mapped = is_string( $reason ) && isset( $map[ $reason ] ) ? $map[ $reason ] : 'other';
		return in_array( $mapped, array( 'stop', 'length', 'content_filter' ), true ) ? $mapped : 'other';
	}

	/**
	 * Decodes a stream event's JSON data, or marks the stream malformed.
	 *
	 * @param string      $data  Event data.
	 * @param StreamState $state Stream so far.
	 * @return array<mixed>|null
	 */
	protected function event_json( string $data, StreamState $state ): ?array {
		$decoded = json_decode( $data, true, 64 );
		if ( is_array( $decoded ) ) {
			return $decoded;
		}
		$state->error = 'malformed';
		return null;
	}

	/**
	 * Reads a token count, or 0.
	 *
	 * @param mixed $value Provider value.
	 */
	protected function tokens( $value ): int {
		return is_int( $value ) && $value > 0 ? $value : 0;
	}

	/**
	 * Collects the string ids of a model list, sorted, without a prefix such as "models/".
	 *
	 * @param array<mixed> $items Model objects.
	 * @param string       $field Id field.
	 * @param string       $strip Prefix to remove.
	 * @return list<string>
	 */
	protected function ids( array $items, string $field, string $strip = '' ): array {
		$ids = array();
		foreach ( $items as $item ) {
			$id = is_array( $item ) ? ( $item[ $field ] ?? null ) : null;
			if ( is_string( $id ) ) {
				$id    = '' !== $strip && 0 === strpos( $id, $strip ) ? substr( $id, strlen( $strip ) ) : $id;
				$ids[] = $id;
			}
		}
		$ids = array_values( array_unique( array_filter( $ids, array( $this, 'accepts_model' ) ) ) );
		sort( $ids );
		return $ids;
	}

	/**
	 * Joins a base URL and a path.
	 *
	 * @param string $base Base URL, already validated by ProviderSettings.
	 * @param string $path Path below it.
	 */
	protected function url( string $base, string $path ): string {
		return rtrim( $base, '/' ) . '/' . ltrim( $path, '/' );
	}

	/**
	 * Returns a required setting, or an error naming the missing field.
	 *
	 * @param array<string, string> $settings Settings.
	 * @param string                $name     Field name.
	 * @return string|WP_Error
	 */
	protected function required_setting( array $settings, string $name ) {
		$value = $settings[ $name ] ?? '';
		if ( '' !== $value ) {
			return $value;
		}
		$fields = $this->settings_fields();
		return new WP_Error(
			'byok_ai_provider_incomplete',
			sprintf(
				/* translators: 1: provider name, 2: setting name. */
				__( '%1$s needs “%2$s” before a key can be checked. Save the connection settings first.', 'byok-ai' ),
				$this->label(),
				isset( $fields[ $name ] ) ? $fields[ $name ]['label'] : $name
			),
			array( 'status' => 400 )
		);
	}

	/**
	 * The base URL field most adapters share.
	 *
	 * @param string $default_url Provider's public endpoint.
	 * @return array<string, array{type: 'url'|'text', label: string, required: bool, default: string, help?: string}>
	 */
	protected function base_url_field( string $default_url ): array {
		return array(
			'base_url' => array(
				'type'     => 'url',
				'label'    => __( 'Base URL', 'byok-ai' ),
				'required' => true,
				'default'  => $default_url,
				'help'     => __( 'Change only to go through a gateway or proxy you trust.', 'byok-ai' ),
			),
		);
	}
}
