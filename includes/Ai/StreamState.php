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

	/**
	 * The answer so far, with its counts and model.
	 *
	 * @var ChatResponse
	 */
	public $response;

	/**
	 * Whether the provider signalled the end of the answer.
	 *
	 * @var bool
	 */
	public $complete = false;

	/**
	 * Error kind reported inside the stream (see ErrorMap::KINDS), or null.
	 *
	 * @var string|null
	 */
	public $error = null;

	/**
	 * The provider's message for that error, unscrubbed: never shown as is.
	 *
	 * @var string
	 */
	public $error_message = '';

	/**
	 * The status the provider gave that error inside the stream (Google's error.code, a
	 * gateway's numeric code), 0 when it gave none.
	 *
	 * @var int
	 */
	public $error_status = 0;

	/**
	 * Refusal text a provider sent instead of an answer (OpenAI's delta.refusal).
	 *
	 * @var string
	 */
	public $refusal = '';

	/**
	 * Starts an empty answer.
	 */
	public function __construct() {
		$this->response = new ChatResponse();
	}
}
