<?php
/**
 * A provider-neutral chat answer.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

/**
 * What came back: the text, why it ended, the tokens counted and who answered.
 *
 * The token counts mean the same for every provider, whatever its own wire format says:
 * input_tokens is every input token the model read, cached or not (OpenAI's prompt_tokens and
 * Gemini's promptTokenCount already include their cache hits; Anthropic's input_tokens leaves
 * out cache reads and writes, so its adapter adds them); cached_input_tokens is the part of
 * input_tokens served from the provider's prompt cache (billed lower); output_tokens is every
 * token generated, reasoning included; reasoning_tokens is the part of output_tokens spent on
 * reasoning/thinking, 0 where the provider doesn't report it (Anthropic).
 *
 * @phpstan-type Usage array{input_tokens: int, output_tokens: int, cached_input_tokens: int, reasoning_tokens: int}
 */
final class ChatResponse {

	/** Answer text. */
	public string $text = '';

	/** @var 'stop'|'length'|'content_filter'|'other' Why the answer ended. */
	public string $finish_reason = 'other';

	/** Input (prompt) tokens counted by the provider. */
	public int $input_tokens = 0;

	/** Output tokens counted by the provider. */
	public int $output_tokens = 0;

	/** Part of input_tokens read from the provider's prompt cache. */
	public int $cached_input_tokens = 0;

	/** Part of output_tokens spent on reasoning (thinking), where the provider reports it. */
	public int $reasoning_tokens = 0;

	/** Provider id that answered. */
	public string $provider = '';

	/** Model that answered, as the provider reports it. */
	public string $model = '';

	/** @var list<array{provider: string, code: string}> Providers tried before this one, with the error each gave. */
	public array $attempts = array();

	/**
	 * Returns the token counts, as a usage record and a price calculation take them.
	 *
	 * @return Usage
	 */
	public function usage(): array {
		return array(
			'input_tokens'        => $this->input_tokens,
			'output_tokens'       => $this->output_tokens,
			'cached_input_tokens' => $this->cached_input_tokens,
			'reasoning_tokens'    => $this->reasoning_tokens,
		);
	}

	/**
	 * Returns the answer as the REST route and the PHP API present it.
	 *
	 * @return array{text: string, finish_reason: string, provider: string, model: string, usage: array{input_tokens: int, output_tokens: int}, attempts: list<array{provider: string, code: string}>}
	 */
	public function to_array(): array {
		return array(
			'text'          => $this->text,
			'finish_reason' => $this->finish_reason,
			'provider'      => $this->provider,
			'model'         => $this->model,
			'usage'         => array(
				'input_tokens'  => $this->input_tokens,
				'output_tokens' => $this->output_tokens,
			),
			'attempts'      => $this->attempts,
		);
	}
}
