<?php
/**
 * What a streamed answer has said so far.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

/**
 * Filled by a provider adapter event by event: the answer so far, the usage figures as they
 * arrive, whether the provider's end-of-answer marker was seen, and an in-stream error.
 */
final class StreamState {

	public ChatResponse $response;

	/** Whether the provider signalled the end of the answer. */
	public bool $complete = false;

	/** Error kind reported inside the stream (see ErrorMap::KINDS), or null. */
	public ?string $error = null;

	/** The provider's message for that error, unscrubbed: never shown as is. */
	public string $error_message = '';

	/** The status the provider gave that error in the stream (Google's error.code), 0 for none. */
	public int $error_status = 0;

	/** Refusal text a provider sent instead of an answer (OpenAI's delta.refusal). */
	public string $refusal = '';

	/**
	 * Starts an empty answer.
	 */
	public function __construct() {
		$this->response = new ChatResponse();
	}
}
