<?php
/**
 * The PHP API other plugins use: byok_ai()->chat( … ).
 *
 * @package ByokAi
 */

namespace ByokAi;

use ByokAi\Ai\ChatRequest;
use ByokAi\Ai\ChatService;
use ByokAi\Ai\ChatStream;
use WP_Error;

/**
 * Chat with the site's configured provider from PHP, with the same guarantees as the REST route:
 * the administrator's policy applies, the key never leaves this process, failures are the same
 * translated WP_Errors, the fallback chain is followed and every upstream call is recorded.
 *
 * It checks no capability: the calling code decides who may trigger it, and is responsible for
 * not exposing it to people who shouldn't spend the site's budget.
 *
 * Arguments (all but messages optional):
 * - messages:    list of [ 'role' => 'user'|'assistant', 'content' => string ], last one the user's
 * - system:      instructions
 * - provider:    provider id to ask first (anthropic, openai, gemini, azure_openai, openai_compatible)
 * - model:       a model the administrator allows for that provider
 * - max_tokens:  largest answer, never above the administrator's cap
 * - temperature: 0 to 2
 * - cause:       recorded with usage, e.g. "php:my-plugin" (default "php")
 */
final class Api {

	private ChatService $service;

	/**
	 * Stores the chat runner.
	 *
	 * @param ChatService $service Chat runner.
	 */
	public function __construct( ChatService $service ) {
		$this->service = $service;
	}

	/**
	 * Returns a whole answer.
	 *
	 * Example: byok_ai()->chat( array( 'messages' => array( array( 'role' => 'user', 'content' => 'Hi' ) ), 'cause' => 'php:my-plugin' ) )
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $args See the class description.
	 * @return array{text: string, finish_reason: string, provider: string, model: string, usage: array{input_tokens: int, output_tokens: int}, attempts: list<array{provider: string, code: string}>}|WP_Error
	 */
	public function chat( array $args ) {
		$request = ChatRequest::from_array( $args );
		if ( is_wp_error( $request ) ) {
			return $request;
		}
		$answer = $this->service->chat( $request );
		return is_wp_error( $answer ) ? $answer : $answer->to_array();
	}

	/**
	 * Streams an answer: $on_text receives each piece of text as it arrives and may return false
	 * to stop (the upstream request is cut). Returns what chat() would have, once finished.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed>    $args    See the class description.
	 * @param callable(string): mixed $on_text Receives text; false stops.
	 * @return array{text: string, finish_reason: string, provider: string, model: string, usage: array{input_tokens: int, output_tokens: int}, attempts: list<array{provider: string, code: string}>}|WP_Error
	 */
	public function stream( array $args, callable $on_text ) {
		$request = ChatRequest::from_array( $args );
		if ( is_wp_error( $request ) ) {
			return $request;
		}
		$stream = new ChatStream(
			static function ( string $event, array $data ) use ( $on_text ): bool {
				return 'delta' !== $event || false !== $on_text( (string) $data['text'] );
			}
		);
		$answer = $this->service->stream( $request, $stream );
		return is_wp_error( $answer ) ? $answer : $answer->to_array();
	}

	/**
	 * Tells whether a provider (or, without an argument, any provider) can be called.
	 *
	 * @since 0.1.0
	 *
	 * @param string|null $provider Provider id.
	 */
	public function is_available( ?string $provider = null ): bool {
		return null === $provider ? $this->service->any_usable() : $this->service->is_usable( $provider );
	}
}
