<?php
/**
 * Anthropic Messages API.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\Anthropic;

use ByokAi\Ai\ChatRequest;
use ByokAi\Ai\ChatResponse;
use ByokAi\Ai\StreamState;
use ByokAi\Http\Request;
use ByokAi\Http\Response;
use ByokAi\Providers\AbstractProvider;

/**
 * Speaks Anthropic's API: x-api-key header, anthropic-version header, /v1 paths, system prompt
 * as a top-level field, named stream events.
 */
class AnthropicProvider extends AbstractProvider {

	public const API_VERSION = '2023-06-01';

	private const FINISH = array(
		'end_turn'      => 'stop',
		'stop_sequence' => 'stop',
		'max_tokens'    => 'length',
		'refusal'       => 'content_filter',
	);

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'anthropic';
	}

	/**
	 * {@inheritDoc}
	 */
	public function label(): string {
		return __( 'Anthropic', 'byok-ai' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function settings_fields(): array {
		return $this->base_url_field( 'https://api.anthropic.com' );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param array<string, string> $settings Settings.
	 */
	public function default_model( array $settings ): string {
		// Anthropic's current small model (Claude Haiku 4.5, October 2025; still the newest Haiku
		// among the ids @ai-sdk/anthropic 3.0.91 lists). The models list stays the authority.
		return 'claude-haiku-4-5';
	}

	/**
	 * Lists models: free, and answers 401 for a bad key.
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function validation_request( string $key, array $settings ) {
		return new Request( 'GET', $this->url( $settings['base_url'], '/v1/models?limit=1' ), $this->headers( $key ) );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function models_request( string $key, array $settings ) {
		return new Request( 'GET', $this->url( $settings['base_url'], '/v1/models?limit=100' ), $this->headers( $key ) );
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
		$payload = array(
			'model'      => $model,
			'max_tokens' => $max_tokens,
			'messages'   => $chat->messages,
		);
		if ( '' !== $chat->system ) {
			$payload['system'] = $chat->system;
		}
		if ( null !== $chat->temperature ) {
			$payload['temperature'] = min( 1.0, $chat->temperature );
		}
		if ( $stream ) {
			$payload['stream'] = true;
		}
		return Request::json( $this->url( $settings['base_url'], '/v1/messages' ), $this->headers( $key ), $payload );
	}

	/**
	 * Reads a Message object: the text blocks joined, stop_reason and usage.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function parse_chat( Response $response ): ?ChatResponse {
		$body = $response->json();
		if ( ! isset( $body['content'] ) || ! is_array( $body['content'] ) || ( $body['type'] ?? '' ) !== 'message' ) {
			return null;
		}
		$answer = new ChatResponse();
		foreach ( $body['content'] as $block ) {
			if ( is_array( $block ) && 'text' === ( $block['type'] ?? '' ) && is_string( $block['text'] ?? null ) ) {
				$answer->text .= $block['text'];
			}
		}
		$answer->finish_reason = $this->finish_reason( $body['stop_reason'] ?? null, self::FINISH );
		$answer->model         = is_string( $body['model'] ?? null ) ? $body['model'] : '';
		if ( is_array( $body['usage'] ?? null ) ) {
			$this->read_usage( $body['usage'], $answer );
		}
		return $answer;
	}

	/**
	 * Reads message_start, content_block_delta, message_delta, message_stop and error events.
	 *
	 * @param string      $event Event type.
	 * @param string      $data  Event data.
	 * @param StreamState $state Stream so far.
	 */
	public function read_event( string $event, string $data, StreamState $state ): string {
		if ( 'ping' === $event ) {
			return '';
		}
		$json = $this->event_json( $data, $state );
		if ( null === $json ) {
			return '';
		}
		$answer = $state->response;
		switch ( $json['type'] ?? $event ) {
			case 'message_start':
				$answer->model = is_string( $json['message']['model'] ?? null ) ? $json['message']['model'] : $answer->model;
				if ( is_array( $json['message']['usage'] ?? null ) ) {
					// Its output_tokens is a placeholder: message_delta brings the count.
					$this->read_usage( array_diff_key( $json['message']['usage'], array( 'output_tokens' => 0 ) ), $answer );
				}
				return '';
			case 'content_block_delta':
				return 'text_delta' === ( $json['delta']['type'] ?? '' ) && is_string( $json['delta']['text'] ?? null ) ? $json['delta']['text'] : '';
			case 'message_delta':
				$answer->finish_reason = $this->finish_reason( $json['delta']['stop_reason'] ?? null, self::FINISH );
				if ( is_array( $json['usage'] ?? null ) ) {
					// Cumulative counts; the input ones only where this event carries them.
					$this->read_usage( $json['usage'], $answer );
				}
				return '';
			case 'message_stop':
				$state->complete = true;
				return '';
			case 'error':
				$types                = array(
					'overloaded_error'      => 'overloaded',
					'rate_limit_error'      => 'rate_limited',
					'authentication_error'  => 'key_invalid',
					'permission_error'      => 'key_forbidden',
					'invalid_request_error' => 'rejected',
					'billing_error'         => 'quota',
					'api_error'             => 'upstream_error',
				);
				$type                 = $json['error']['type'] ?? '';
				$state->error         = is_string( $type ) && isset( $types[ $type ] ) ? $types[ $type ] : 'upstream_error';
				$state->error_message = is_string( $json['error']['message'] ?? null ) ? $json['error']['message'] : '';
				if ( self::is_credit_message( $state->error_message ) ) {
					$state->error = 'quota';
				}
				return '';
			default:
				return '';
		}
	}

	/**
	 * Recognises overloaded_error whatever the status.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function classify_error( Response $response ): string {
		$body = $response->json();
		$type = $body['error']['type'] ?? '';
		if ( 'overloaded_error' === $type ) {
			return 'overloaded';
		}
		if ( 'billing_error' === $type || 402 === $response->status || self::is_credit_message( $this->error_message( $response ) ) ) {
			return 'quota';
		}
		return parent::classify_error( $response );
	}

	/**
	 * Anthropic reports an empty credit balance as a 400 invalid_request_error ("Your credit
	 * balance is too low to access the Anthropic API…"): recognised by its wording.
	 *
	 * @param string $message Provider message.
	 */
	private static function is_credit_message( string $message ): bool {
		return 1 === preg_match( '/credit balance is too low/i', $message );
	}

	/**
	 * Returns the authentication headers.
	 *
	 * @param string $key API key.
	 * @return array<string, string>
	 */
	protected function headers( string $key ): array {
		return array(
			'x-api-key'         => $key,
			'anthropic-version' => self::API_VERSION,
		);
	}

	/**
	 * Reads a usage object (a Message's, message_start's or message_delta's). Anthropic's
	 * input_tokens leaves out the tokens read from the prompt cache (cache_read_input_tokens)
	 * and those written to it (cache_creation_input_tokens): both are added, so input_tokens
	 * counts every input token as for the other providers, and the cache reads are also
	 * cached_input_tokens. Cache writes count as plain input (Anthropic bills them above the
	 * input price; the plugin asks for no cache, so they only come from a caller that does).
	 * Thinking tokens are part of output_tokens and not reported apart: reasoning_tokens stays 0.
	 * A usage without input_tokens (an older message_delta) leaves the input counts as they are.
	 *
	 * @param array<mixed> $usage  Usage object.
	 * @param ChatResponse $answer Answer to fill.
	 */
	private function read_usage( array $usage, ChatResponse $answer ): void {
		if ( array_key_exists( 'output_tokens', $usage ) ) {
			$answer->output_tokens = $this->tokens( $usage['output_tokens'] );
		}
		if ( ! isset( $usage['input_tokens'] ) ) {
			return;
		}
		$answer->cached_input_tokens = $this->tokens( $usage['cache_read_input_tokens'] ?? null );
		$answer->input_tokens        = $this->tokens( $usage['input_tokens'] ) + $answer->cached_input_tokens + $this->tokens( $usage['cache_creation_input_tokens'] ?? null );
	}
}
