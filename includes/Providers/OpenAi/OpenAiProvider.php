<?php
/**
 * OpenAI Chat Completions API.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\OpenAi;

use ByokAi\Ai\ChatRequest;
use ByokAi\Ai\ChatResponse;
use ByokAi\Ai\StreamState;
use ByokAi\Http\Request;
use ByokAi\Http\Response;
use ByokAi\Providers\AbstractProvider;

/**
 * Speaks OpenAI's Chat Completions: bearer token, base URL including /v1, data-only stream
 * chunks ending with [DONE]. Azure OpenAI and OpenAI-compatible servers reuse the format.
 */
class OpenAiProvider extends AbstractProvider {

	private const FINISH = array(
		'stop'           => 'stop',
		'length'         => 'length',
		'content_filter' => 'content_filter',
	);

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'openai';
	}

	/**
	 * {@inheritDoc}
	 */
	public function label(): string {
		return __( 'OpenAI', 'byok-ai' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function settings_fields(): array {
		return $this->base_url_field( 'https://api.openai.com/v1' );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param array<string, string> $settings Settings.
	 */
	public function default_model( array $settings ): string {
		return 'gpt-4o-mini';
	}

	/**
	 * Lists models: free, and answers 401 for a bad key.
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function validation_request( string $key, array $settings ) {
		return new Request( 'GET', $this->url( $settings['base_url'], '/models' ), $this->headers( $key ) );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function models_request( string $key, array $settings ) {
		return $this->validation_request( $key, $settings );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Response $response Upstream answer.
	 */
	public function parse_models( Response $response ): ?array {
		$body = $response->json();
		return isset( $body['data'] ) && is_array( $body['data'] ) ? $this->ids( $body['data'], 'id' ) : null;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param ChatRequest           $chat       Normalized request.
	 * @param string                $model      Model.
	 * @param int                   $max_tokens Output cap.
	 * @param string                $key        API key.
	 * @param array<string, string> $settings   Settings.
	 * @param bool                  $stream     Streamed answer.
	 */
	public function chat_request( ChatRequest $chat, string $model, int $max_tokens, string $key, array $settings, bool $stream ) {
		return Request::json( $this->chat_url( $settings ), $this->headers( $key ), $this->chat_payload( $chat, $model, $max_tokens, $stream ) );
	}

	/**
	 * Reads a chat.completion object.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function parse_chat( Response $response ): ?ChatResponse {
		$body    = $response->json();
		$message = $body['choices'][0]['message'] ?? null;
		if ( ! is_array( $message ) || ! ( is_string( $message['content'] ?? null ) || null === ( $message['content'] ?? null ) ) ) {
			return null;
		}
		$answer                = new ChatResponse();
		$answer->text          = (string) ( $message['content'] ?? '' );
		$answer->finish_reason = $this->finish_reason( $body['choices'][0]['finish_reason'] ?? null, self::FINISH );
		$answer->model         = is_string( $body['model'] ?? null ) ? $body['model'] : '';
		$answer->input_tokens  = $this->tokens( $body['usage']['prompt_tokens'] ?? null );
		$answer->output_tokens = $this->tokens( $body['usage']['completion_tokens'] ?? null );
		return $answer;
	}

	/**
	 * Reads chat.completion.chunk data lines, an in-stream error object and the [DONE] marker.
	 *
	 * @param string      $event Event type.
	 * @param string      $data  Event data.
	 * @param StreamState $state Stream so far.
	 */
	public function read_event( string $event, string $data, StreamState $state ): string {
		if ( '[DONE]' === trim( $data ) ) {
			$state->complete = true;
			return '';
		}
		$json = $this->event_json( $data, $state );
		if ( null === $json ) {
			return '';
		}
		if ( isset( $json['error'] ) ) {
			$type                 = $json['error']['type'] ?? $json['error']['code'] ?? '';
			$state->error         = in_array( $type, array( 'rate_limit_exceeded', 'requests', 'tokens' ), true ) ? 'rate_limited' : 'upstream_error';
			$state->error_message = is_string( $json['error']['message'] ?? null ) ? $json['error']['message'] : '';
			return '';
		}
		$answer = $state->response;
		if ( is_string( $json['model'] ?? null ) && '' !== $json['model'] ) {
			$answer->model = $json['model'];
		}
		if ( isset( $json['usage'] ) && is_array( $json['usage'] ) ) {
			$answer->input_tokens  = $this->tokens( $json['usage']['prompt_tokens'] ?? null );
			$answer->output_tokens = $this->tokens( $json['usage']['completion_tokens'] ?? null );
		}
		$choice = $json['choices'][0] ?? null;
		if ( ! is_array( $choice ) ) {
			return '';
		}
		if ( isset( $choice['finish_reason'] ) ) {
			$answer->finish_reason = $this->finish_reason( $choice['finish_reason'], self::FINISH );
			// Servers that never send [DONE] still end with a finish reason.
			$state->complete = true;
		}
		return is_string( $choice['delta']['content'] ?? null ) ? $choice['delta']['content'] : '';
	}

	/**
	 * Builds the Chat Completions body shared by the OpenAI-format providers.
	 *
	 * @param ChatRequest $chat       Normalized request.
	 * @param string      $model      Model ('' to leave it out: Azure routes by deployment).
	 * @param int         $max_tokens Output cap.
	 * @param bool        $stream     Streamed answer.
	 * @return array<string, mixed>
	 */
	protected function chat_payload( ChatRequest $chat, string $model, int $max_tokens, bool $stream ): array {
		$messages = $chat->messages;
		if ( '' !== $chat->system ) {
			array_unshift(
				$messages,
				array(
					'role'    => 'system',
					'content' => $chat->system,
				)
			);
		}
		$payload = array( 'messages' => $messages );
		if ( '' !== $model ) {
			$payload = array( 'model' => $model ) + $payload;
		}
		$payload[ $this->max_tokens_field() ] = $max_tokens;
		if ( null !== $chat->temperature ) {
			$payload['temperature'] = $chat->temperature;
		}
		if ( $stream ) {
			$payload['stream']         = true;
			$payload['stream_options'] = array( 'include_usage' => true );
		}
		return $payload;
	}

	/**
	 * Names the output cap: OpenAI's current name; servers speaking the format use max_tokens.
	 */
	protected function max_tokens_field(): string {
		return 'max_completion_tokens';
	}

	/**
	 * Returns the Chat Completions URL.
	 *
	 * @param array<string, string> $settings Settings.
	 */
	protected function chat_url( array $settings ): string {
		return $this->url( $settings['base_url'], '/chat/completions' );
	}

	/**
	 * Returns the authentication headers; none when there is no key.
	 *
	 * @param string $key API key.
	 * @return array<string, string>
	 */
	protected function headers( string $key ): array {
		return '' === $key ? array() : array( 'Authorization' => 'Bearer ' . $key );
	}
}
