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
 *
 * Over 300 lines for one job, the Chat Completions wire format that three adapters share:
 * requests, answers, streams, usage, error shapes (OpenAI's, vLLM's, OpenRouter's, Ollama's) and
 * the refusals it can answer by revising a request. Which models reason is ReasoningModels'.
 */
class OpenAiProvider extends AbstractProvider {

	private const FINISH = array(
		'stop'           => 'stop',
		'length'         => 'length',
		'content_filter' => 'content_filter',
	);

	/** Parameters a refusal may name that can be left out or renamed. */
	private const REVISABLE = array( 'max_tokens', 'max_completion_tokens', 'temperature', 'stream_options', 'reasoning_effort' );

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
		// OpenAI's current small model (gpt-5.4-mini, March 2026: platform.openai.com/docs/models;
		// listed as gpt-5.4-mini-2026-03-17 in @ai-sdk/openai 2.0.111's model ids). The models
		// list from the key stays the authority.
		return 'gpt-5.4-mini';
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
		if ( '' === $answer->text && is_string( $message['refusal'] ?? null ) && '' !== $message['refusal'] ) {
			$answer->finish_reason = 'content_filter';
		}
		$answer->model = is_string( $body['model'] ?? null ) ? $body['model'] : '';
		if ( is_array( $body['usage'] ?? null ) ) {
			$this->read_usage( $body['usage'], $answer );
		}
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
		if ( isset( $json['error'] ) || 'error' === ( $json['object'] ?? null ) ) {
			$this->stream_error( $json, $state );
			return '';
		}
		$answer = $state->response;
		if ( is_string( $json['model'] ?? null ) && '' !== $json['model'] ) {
			$answer->model = $json['model'];
		}
		if ( isset( $json['usage'] ) && is_array( $json['usage'] ) ) {
			$this->read_usage( $json['usage'], $answer );
		}
		$choice = $json['choices'][0] ?? null;
		if ( ! is_array( $choice ) ) {
			return '';
		}
		if ( is_string( $choice['delta']['refusal'] ?? null ) ) {
			$state->refusal .= $choice['delta']['refusal'];
		}
		if ( isset( $choice['finish_reason'] ) ) {
			$answer->finish_reason = $this->finish_reason( $choice['finish_reason'], self::FINISH );
			if ( '' === $answer->text && '' !== $state->refusal ) {
				// The model refused (structured outputs send the refusal instead of content).
				$answer->finish_reason = 'content_filter';
			}
			// Servers that never send [DONE] still end with a finish reason.
			$state->complete = true;
		}
		return is_string( $choice['delta']['content'] ?? null ) ? $choice['delta']['content'] : '';
	}

	/**
	 * Reads a Chat Completions usage object (the same in a completion and in the last stream
	 * chunk): prompt_tokens already includes the cached tokens and completion_tokens the
	 * reasoning tokens, as ChatResponse counts them. Servers that leave out the details (older
	 * Azure api-versions, most OpenAI-compatible servers) report 0 of each.
	 *
	 * @param array<mixed> $usage Usage object.
	 * @param ChatResponse $answer Answer to fill.
	 */
	protected function read_usage( array $usage, ChatResponse $answer ): void {
		$answer->input_tokens        = $this->tokens( $usage['prompt_tokens'] ?? null );
		$answer->output_tokens       = $this->tokens( $usage['completion_tokens'] ?? null );
		$answer->cached_input_tokens = $this->tokens( $usage['prompt_tokens_details']['cached_tokens'] ?? null );
		$answer->reasoning_tokens    = $this->tokens( $usage['completion_tokens_details']['reasoning_tokens'] ?? null );
	}

	/**
	 * Classifies the refusals waiting won't fix before the status-based rules: a spent quota
	 * (OpenAI 429 insufficient_quota, a gateway's 402), a content filter (Azure 400
	 * content_filter, OpenRouter's 403 moderation flag).
	 *
	 * @param Response $response Upstream answer.
	 */
	public function classify_error( Response $response ): string {
		$body  = $this->error_body( $response );
		$error = is_array( $body['error'] ?? null ) ? $body['error'] : array();
		$codes = array( $error['code'] ?? null, $error['type'] ?? null );
		if ( 402 === $response->status || in_array( 'insufficient_quota', $codes, true ) ) {
			return 'quota';
		}
		if ( in_array( 'content_filter', $codes, true ) || ( 403 === $response->status && isset( $error['metadata']['flagged_input'] ) ) ) {
			return 'content_filter';
		}
		return parent::classify_error( $response );
	}

	/**
	 * Renames or leaves out the parameter a 400 names: max_tokens ⇄ max_completion_tokens,
	 * temperature, stream_options, reasoning_effort. Only a parameter the request carries is
	 * changed, so the same refusal can't be answered twice.
	 *
	 * @param Request  $request  Refused request.
	 * @param Response $response Refusal.
	 */
	public function revise_request( Request $request, Response $response ): ?Request {
		$payload = 400 === $response->status && null !== $request->body ? json_decode( $request->body, true ) : null;
		if ( ! is_array( $payload ) ) {
			return null;
		}
		$body  = $this->error_body( $response );
		$param = $body['error']['param'] ?? null;
		$param = is_string( $param ) ? $param : '';
		if ( ! in_array( $param, self::REVISABLE, true ) && preg_match( "/(?:unrecognized request argument supplied|unknown parameter|unsupported parameter|unsupported value)\\W+'?([a-z_]+)/i", $this->message_of( $body ), $match ) ) {
			$param = $match[1];
		}
		if ( ! in_array( $param, self::REVISABLE, true ) || ! array_key_exists( $param, $payload ) ) {
			return null;
		}
		$renames = array(
			'max_tokens'            => 'max_completion_tokens',
			'max_completion_tokens' => 'max_tokens',
		);
		if ( isset( $renames[ $param ] ) ) {
			$payload[ $renames[ $param ] ] = $payload[ $param ];
		}
		$effort = 'reasoning_effort' === $param && is_string( $payload[ $param ] ) ? ReasoningModels::higher_effort( $payload[ $param ] ) : null;
		unset( $payload[ $param ] );
		if ( null !== $effort ) {
			// "none"/"minimal" refused: the lowest effort every reasoning model takes.
			$payload['reasoning_effort'] = $effort;
		}
		return Request::json( $request->url, $request->headers, $payload );
	}

	/**
	 * Reads an error written into a stream: OpenAI's {"error": {…}}, vLLM's top-level
	 * {"object": "error", …}, OpenRouter's {"error": {"code": 502 | "server_error", …}}, Ollama's
	 * {"error": "…"}.
	 *
	 * @param array<mixed> $json  Event data.
	 * @param StreamState  $state Stream so far.
	 */
	protected function stream_error( array $json, StreamState $state ): void {
		$error  = is_array( $json['error'] ?? null ) ? $json['error'] : $json;
		$code   = $error['code'] ?? null;
		$status = is_int( $code ) ? $code : ( is_string( $code ) && ctype_digit( $code ) ? (int) $code : 0 );
		$names  = array_filter( array( $error['type'] ?? null, $code ), 'is_string' );
		if ( array_intersect( $names, array( 'insufficient_quota' ) ) || 402 === $status ) {
			$kind = 'quota';
		} elseif ( array_intersect( $names, array( 'content_filter' ) ) ) {
			$kind = 'content_filter';
		} elseif ( array_intersect( $names, array( 'rate_limit_exceeded', 'requests', 'tokens' ) ) || 429 === $status ) {
			$kind = 'rate_limited';
		} elseif ( $status >= 400 && $status < 500 ) {
			$kind = 'rejected';
		} else {
			$kind = 'upstream_error';
		}
		$state->error         = $kind;
		$state->error_status  = $status;
		$state->error_message = $this->message_of( array( 'error' => $error ) );
		if ( '' === $state->error_message && is_string( $json['error'] ?? null ) ) {
			$state->error_message = $json['error'];
		}
	}

	/**
	 * Builds the Chat Completions body shared by the OpenAI-format providers.
	 *
	 * A reasoning model gets no custom temperature (it takes only the default) and the lowest
	 * reasoning effort it accepts ("none" from gpt-5.1 on, "minimal" for the first gpt-5 models,
	 * "low" for the o-series), so its thinking leaves room for the answer within the cap.
	 *
	 * @param ChatRequest $chat       Normalized request.
	 * @param string      $model      Model ('' to leave it out: Azure routes by deployment).
	 * @param int         $max_tokens Output cap.
	 * @param bool        $stream     Streamed answer.
	 * @param string      $family     Name that tells the model family (Azure: the deployment).
	 * @return array<string, mixed>
	 */
	protected function chat_payload( ChatRequest $chat, string $model, int $max_tokens, bool $stream, string $family = '' ): array {
		$family    = '' !== $family ? $family : $model;
		$reasoning = ReasoningModels::lowest_effort( $family );
		$messages  = $chat->messages;
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
		if ( null !== $chat->temperature && null === $reasoning ) {
			$payload['temperature'] = $chat->temperature;
		}
		if ( null !== $reasoning && '' !== $reasoning ) {
			$payload['reasoning_effort'] = $reasoning;
		}
		if ( $stream ) {
			$payload['stream'] = true;
			if ( $this->understands_stream_options() ) {
				$payload['stream_options'] = array( 'include_usage' => true );
			}
		}
		return $payload;
	}

	/**
	 * Whether the server takes stream_options (include_usage).
	 */
	protected function understands_stream_options(): bool {
		return true;
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
