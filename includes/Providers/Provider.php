<?php
/**
 * What every provider adapter provides.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers;

use ByokAi\Ai\ChatRequest;
use ByokAi\Ai\ChatResponse;
use ByokAi\Ai\StreamState;
use ByokAi\Http\Request;
use ByokAi\Http\Response;
use WP_Error;

/**
 * One provider wire format: its settings, its keys, how to check a key, list models, chat and
 * read a streamed chat.
 *
 * Adapters only describe requests and read answers; HttpClient sends them and ChatService runs
 * them, so every upstream call shares one transport with one set of safety rules. Adapters never
 * decide what is allowed: the model, the token cap and the timeout arrive already checked against
 * the administrator's policy.
 *
 * @phpstan-type Field array{type: 'url'|'text', label: string, required: bool, default: string, pattern?: string, help?: string}
 */
interface Provider {

	/**
	 * Returns the provider's id, e.g. "openai": used in option names, routes and environment variables.
	 */
	public function id(): string;

	/**
	 * Returns the provider's name for people.
	 */
	public function label(): string;

	/**
	 * Tells whether the provider needs an API key at all (local OpenAI-compatible servers may not).
	 */
	public function requires_key(): bool;

	/**
	 * Describes the administrator-only, non-secret settings (base URL, deployment…).
	 *
	 * @return array<string, Field>
	 */
	public function settings_fields(): array;

	/**
	 * Tells whether a key that looks like it comes from $vendor belongs in this provider's field.
	 *
	 * @param string|null $vendor Vendor guessed from the key's prefix (KeyFormat::vendor()), or null.
	 */
	public function accepts_key_vendor( ?string $vendor ): bool;

	/**
	 * Builds the cheapest request that proves a key works.
	 *
	 * @param string                $key      API key (may be '' where requires_key() is false).
	 * @param array<string, string> $settings Sanitized settings.
	 * @return Request|WP_Error WP_Error when the settings are incomplete.
	 */
	public function validation_request( string $key, array $settings );

	/**
	 * Reads the answer to validation_request().
	 *
	 * @param Response $response Upstream answer.
	 * @return 'valid'|'invalid'|'forbidden'|'unavailable'|'rejected'
	 */
	public function classify_validation( Response $response ): string;

	/**
	 * Maps a non-2xx answer to a failure kind (a key of ErrorMap::KINDS).
	 *
	 * @param Response $response Upstream answer.
	 */
	public function classify_error( Response $response ): string;

	/**
	 * Extracts the provider's own error message from an error answer ('' when none). It is
	 * unscrubbed: ErrorMap cleans it before anyone sees it.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function error_message( Response $response ): string;

	/**
	 * Corrects a request the provider refused for a parameter it doesn't take (a reasoning model
	 * refusing max_tokens or a custom temperature, an older API version refusing stream_options),
	 * or returns null when the refusal is not of that kind. ChatService sends the corrected
	 * request instead, a bounded number of times.
	 *
	 * @param Request  $request  The request that was refused.
	 * @param Response $response The refusal (a 4xx answer).
	 */
	public function revise_request( Request $request, Response $response ): ?Request;

	/**
	 * Reads how long the provider asks to wait before retrying, in seconds.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function retry_after( Response $response ): ?int;

	/**
	 * Returns the model used when neither the request nor the policy names one ('' for none).
	 *
	 * @param array<string, string> $settings Settings.
	 */
	public function default_model( array $settings ): string;

	/**
	 * Tells whether a model name may be put into this provider's requests (it may end up in a URL).
	 *
	 * @param string $model Model name.
	 */
	public function accepts_model( string $model ): bool;

	/**
	 * Builds the request that lists the models, or null when the provider has no such list
	 * (Azure: the deployment is the model).
	 *
	 * @param string                $key      API key.
	 * @param array<string, string> $settings Settings.
	 * @return Request|WP_Error|null
	 */
	public function models_request( string $key, array $settings );

	/**
	 * Reads the model list, or null when the answer can't be read.
	 *
	 * @param Response $response Upstream answer.
	 * @return list<string>|null
	 */
	public function parse_models( Response $response ): ?array;

	/**
	 * Builds a chat request in the provider's format.
	 *
	 * @param ChatRequest           $chat       Normalized request.
	 * @param string                $model      Model, already allowed by the policy.
	 * @param int                   $max_tokens Output token cap, already clamped by the policy.
	 * @param string                $key        API key ('' for key-less servers).
	 * @param array<string, string> $settings   Settings.
	 * @param bool                  $stream     Whether to ask for a streamed answer.
	 * @return Request|WP_Error
	 */
	public function chat_request( ChatRequest $chat, string $model, int $max_tokens, string $key, array $settings, bool $stream );

	/**
	 * Reads a complete (non-streamed) 2xx chat answer, or returns null when it can't be read.
	 *
	 * @param Response $response Upstream answer.
	 */
	public function parse_chat( Response $response ): ?ChatResponse;

	/**
	 * Reads one Server-Sent Event of a streamed answer: updates the state (model, usage, finish
	 * reason, completion, in-stream error) and returns the new text it carries ('' for none).
	 *
	 * @param string      $event Event type ('message' when unnamed).
	 * @param string      $data  Event data.
	 * @param StreamState $state Stream so far.
	 */
	public function read_event( string $event, string $data, StreamState $state ): string;
}
