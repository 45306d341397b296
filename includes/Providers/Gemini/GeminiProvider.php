<?php
/**
 * Google Gemini API.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\Gemini;

use ByokAi\Ai\ChatRequest;
use ByokAi\Ai\ChatResponse;
use ByokAi\Ai\StreamState;
use ByokAi\Http\Request;
use ByokAi\Http\Response;
use ByokAi\Providers\AbstractProvider;

/**
 * Speaks the Gemini API: generateContent and streamGenerateContent (alt=sse), the model in the
 * path, contents with "user"/"model" roles. The key always travels in the x-goog-api-key header,
 * never in a URL.
 *
 * Over 300 lines for one job, the Gemini wire format: requests (with the thinking setting each
 * model family takes), answers and streams (one reader for both, read_chunk()), usage, and the
 * error shapes and refusals it can revise.
 */
class GeminiProvider extends AbstractProvider {

	/** Model names go into the URL path: letters, digits, dot, dash, underscore only. */
	public const MODEL_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

	private const FINISH = array(
		'STOP'               => 'stop',
		'MAX_TOKENS'         => 'length',
		'SAFETY'             => 'content_filter',
		'RECITATION'         => 'content_filter',
		'BLOCKLIST'          => 'content_filter',
		'PROHIBITED_CONTENT' => 'content_filter',
		'SPII'               => 'content_filter',
	);

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'gemini';
	}

	/**
	 * {@inheritDoc}
	 */
	public function label(): string {
		return __( 'Google Gemini', 'byok-ai' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function settings_fields(): array {
		return $this->base_url_field( 'https://generativelanguage.googleapis.com/v1beta' );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param array<string, string> $settings Settings.
	 */
	public function default_model( array $settings ): string {
		// Still listed on ai.google.dev/gemini-api/docs/models next to the Gemini 3.x Flash
		// models, and the stable Flash whose thinking can be switched off (thinkingBudget 0), so
		// the administrator's answer length is exactly what is spent. The models list stays the
		// authority; Gemini 3.x models get thinkingLevel "low" (see thinking()).
		return 'gemini-2.5-flash';
	}

	/**
	 * Only plain model names: the name becomes a path segment before ":generateContent".
	 *
	 * @param string $model Model name.
	 */
	public function accepts_model( string $model ): bool {
		return 1 === preg_match( '#' . self::MODEL_PATTERN . '#', $model );
	}

	/**
	 * Lists models: free, and answers 400/403 for a bad key.
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function validation_request( string $key, array $settings ) {
		return new Request( 'GET', $this->url( $settings['base_url'], '/models?pageSize=1' ), $this->headers( $key ) );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 */
	public function models_request( string $key, array $settings ) {
		return new Request( 'GET', $this->url( $settings['base_url'], '/models?pageSize=1000' ), $this->headers( $key ) );
	}

	/**
	 * Lists the models that can generate content.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function parse_models( Response $response ): ?array {
		$body = $response->json();
		if ( ! isset( $body['models'] ) || ! is_array( $body['models'] ) ) {
			return null;
		}
		$generating = array_filter(
			$body['models'],
			static function ( $model ): bool {
				return is_array( $model ) && is_array( $model['supportedGenerationMethods'] ?? null ) && in_array( 'generateContent', $model['supportedGenerationMethods'], true );
			}
		);
		return $this->ids( $generating, 'name', 'models/' );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param ChatRequest           $chat       Normalized request.
	 * @param string                $model      Model, checked by accepts_model().
	 * @param int                   $max_tokens Output cap.
	 * @param string                $key        API key.
	 * @param array<string, string> $settings   Settings.
	 * @param bool                  $stream     Streamed answer.
	 */
	public function chat_request( ChatRequest $chat, string $model, int $max_tokens, string $key, array $settings, bool $stream ) {
		$contents = array();
		foreach ( $chat->messages as $message ) {
			$contents[] = array(
				'role'  => 'assistant' === $message['role'] ? 'model' : 'user',
				'parts' => array( array( 'text' => $message['content'] ) ),
			);
		}
		$thinking = $this->thinking( $model );
		$config   = array( 'maxOutputTokens' => $max_tokens + $thinking['headroom'] );
		if ( null !== $chat->temperature ) {
			$config['temperature'] = $chat->temperature;
		}
		if ( null !== $thinking['config'] ) {
			$config['thinkingConfig'] = $thinking['config'];
		}
		$payload = array(
			'contents'         => $contents,
			'generationConfig' => $config,
		);
		if ( '' !== $chat->system ) {
			$payload = array( 'systemInstruction' => array( 'parts' => array( array( 'text' => $chat->system ) ) ) ) + $payload;
		}
		$path = '/models/' . rawurlencode( $model ) . ( $stream ? ':streamGenerateContent?alt=sse' : ':generateContent' );
		return Request::json( $this->url( $settings['base_url'], $path ), $this->headers( $key ), $payload );
	}

	/**
	 * Reads a GenerateContentResponse.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function parse_chat( Response $response ): ?ChatResponse {
		$body = $response->json();
		if ( null === $body || ( ! isset( $body['candidates'] ) && ! isset( $body['promptFeedback'] ) ) ) {
			return null;
		}
		$state = new StreamState();
		$text  = $this->read_chunk( $body, $state );
		if ( null !== $state->error ) {
			return null;
		}
		$state->response->text = $text;
		return $state->response;
	}

	/**
	 * Reads one SSE chunk: each is a GenerateContentResponse; the one with finishReason ends it.
	 *
	 * @param string      $event Event type.
	 * @param string      $data  Event data.
	 * @param StreamState $state Stream so far.
	 */
	public function read_event( string $event, string $data, StreamState $state ): string {
		$json = $this->event_json( $data, $state );
		if ( null === $json ) {
			return '';
		}
		if ( isset( $json['error'] ) ) {
			$status               = $json['error']['status'] ?? '';
			$code                 = $json['error']['code'] ?? 0;
			$kinds                = array(
				'UNAVAILABLE'         => 'overloaded',
				'RESOURCE_EXHAUSTED'  => 'rate_limited',
				'DEADLINE_EXCEEDED'   => 'timeout',
				'INVALID_ARGUMENT'    => 'rejected',
				'FAILED_PRECONDITION' => 'rejected',
				'PERMISSION_DENIED'   => 'key_forbidden',
			);
			$state->error         = is_string( $status ) && isset( $kinds[ $status ] ) ? $kinds[ $status ] : 'upstream_error';
			$state->error_status  = is_int( $code ) ? $code : 0;
			$state->error_message = is_string( $json['error']['message'] ?? null ) ? $json['error']['message'] : '';
			return '';
		}
		return $this->read_chunk( $json, $state );
	}

	/**
	 * A model that refuses the thinking setting (a level or budget it doesn't take) is asked
	 * again without it.
	 *
	 * @param Request  $request  Refused request.
	 * @param Response $response Refusal.
	 */
	public function revise_request( Request $request, Response $response ): ?Request {
		$payload = 400 === $response->status && null !== $request->body ? json_decode( $request->body, true ) : null;
		if ( ! is_array( $payload ) || ! isset( $payload['generationConfig']['thinkingConfig'] ) || ! preg_match( '/thinking/i', $this->error_message( $response ) ) ) {
			return null;
		}
		unset( $payload['generationConfig']['thinkingConfig'] );
		return Request::json( $request->url, $request->headers, $payload );
	}

	/**
	 * Gemini answers a wrong key with 400 and reason API_KEY_INVALID rather than 401.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function classify_error( Response $response ): string {
		if ( 400 === $response->status && null !== $this->detail( $response, 'reason', 'API_KEY_INVALID' ) ) {
			return 'key_invalid';
		}
		return parent::classify_error( $response );
	}

	/**
	 * Reads Retry-After, or the RetryInfo detail ("7s") Google sends with RESOURCE_EXHAUSTED.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function retry_after( Response $response ): ?int {
		$header = parent::retry_after( $response );
		if ( null !== $header ) {
			return $header;
		}
		$info  = $this->detail( $response, '@type', 'type.googleapis.com/google.rpc.RetryInfo' );
		$delay = is_array( $info ) && is_string( $info['retryDelay'] ?? null ) ? $info['retryDelay'] : '';
		return preg_match( '/^(\d+)(\.\d+)?s$/', $delay, $match ) ? min( 86400, (int) ceil( (float) $match[0] ) ) : null;
	}

	/**
	 * Chooses how a model thinks so that its thinking leaves room for the answer: thinking off
	 * where the family allows it (2.5 Flash and Flash-Lite: thinkingBudget 0), otherwise the
	 * smallest budget or level (2.5 Pro: 128; Gemini 3 and later: thinkingLevel "low"),
	 * with maxOutputTokens raised by the headroom that thinking may take, since thinking counts
	 * against it. Models that don't think (2.0, Gemma…) get nothing.
	 *
	 * Sources: ai.google.dev/gemini-api/docs/thinking (budgets per 2.5 model),
	 * docs.cloud.google.com/gemini-enterprise-agent-platform/models/thinking (levels per Gemini 3
	 * model). A refusal of the setting is corrected once (revise_request).
	 *
	 * @param string $model Model name.
	 * @return array{config: array<string, int|string>|null, headroom: int}
	 */
	private function thinking( string $model ): array {
		if ( preg_match( '/^gemini-2\.5-flash(?!-image)/', $model ) ) {
			return array(
				'config'   => array( 'thinkingBudget' => 0 ),
				'headroom' => 0,
			);
		}
		if ( preg_match( '/^gemini-2\.5-pro/', $model ) ) {
			return array(
				'config'   => array( 'thinkingBudget' => 128 ),
				'headroom' => 256,
			);
		}
		if ( preg_match( '/^gemini-([3-9]|\d{2,})[.-]/', $model ) ) {
			// "low" is the one level every Gemini 3 model takes (3 Pro: low/high; 3.7 and
			// 3.8 Flash: low/medium/high; others add minimal).
			return array(
				'config'   => array( 'thinkingLevel' => 'low' ),
				'headroom' => 1024,
			);
		}
		return array(
			'config'   => null,
			'headroom' => 0,
		);
	}

	/**
	 * Returns the authentication headers.
	 *
	 * @param string $key API key.
	 * @return array<string, string>
	 */
	protected function headers( string $key ): array {
		return array( 'x-goog-api-key' => $key );
	}

	/**
	 * Reads the text, finish reason, usage and model of one response object into the state.
	 *
	 * @param array<mixed> $chunk Response object.
	 * @param StreamState  $state Stream so far.
	 * @return string The text it carries.
	 */
	private function read_chunk( array $chunk, StreamState $state ): string {
		$answer = $state->response;
		if ( is_string( $chunk['modelVersion'] ?? null ) ) {
			$answer->model = $chunk['modelVersion'];
		}
		if ( isset( $chunk['usageMetadata'] ) && is_array( $chunk['usageMetadata'] ) ) {
			$usage = $chunk['usageMetadata'];
			// promptTokenCount includes the cached content (cachedContentTokenCount is part of it).
			$answer->input_tokens        = $this->tokens( $usage['promptTokenCount'] ?? null );
			$answer->cached_input_tokens = $this->tokens( $usage['cachedContentTokenCount'] ?? null );
			// Thinking is billed as output: thoughtsTokenCount is not part of candidatesTokenCount.
			$answer->reasoning_tokens = $this->tokens( $usage['thoughtsTokenCount'] ?? null );
			$answer->output_tokens    = $this->tokens( $usage['candidatesTokenCount'] ?? null ) + $answer->reasoning_tokens;
		}
		if ( isset( $chunk['promptFeedback'] ) && empty( $chunk['candidates'] ) ) {
			// The prompt was blocked (blockReason SAFETY, OTHER, BLOCKLIST…): no candidate at all.
			$answer->finish_reason = 'content_filter';
			$state->complete       = true;
			return '';
		}
		$candidate = $chunk['candidates'][0] ?? null;
		if ( ! is_array( $candidate ) ) {
			$state->error = 'malformed';
			return '';
		}
		$text  = '';
		$parts = $candidate['content']['parts'] ?? array();
		foreach ( is_array( $parts ) ? $parts : array() as $part ) {
			// Parts flagged "thought" are the model's reasoning summary, not the answer.
			if ( is_array( $part ) && is_string( $part['text'] ?? null ) && empty( $part['thought'] ) ) {
				$text .= $part['text'];
			}
		}
		if ( isset( $candidate['finishReason'] ) ) {
			$answer->finish_reason = $this->finish_reason( $candidate['finishReason'], self::FINISH );
			$state->complete       = true;
		}
		return $text;
	}

	/**
	 * Finds an entry of error.details whose field has a value.
	 *
	 * @param Response $response Upstream answer.
	 * @param string   $field    Detail field.
	 * @param string   $value    Wanted value.
	 * @return array<mixed>|null
	 */
	private function detail( Response $response, string $field, string $value ): ?array {
		$body    = $response->json();
		$details = $body['error']['details'] ?? array();
		foreach ( is_array( $details ) ? $details : array() as $detail ) {
			if ( is_array( $detail ) && ( $detail[ $field ] ?? null ) === $value ) {
				return $detail;
			}
		}
		return null;
	}
}
