<?php
/**
 * A provider-neutral chat answer.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

/**
 * What came back: the text, why it ended, the tokens counted and who answered.
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

	/** Provider id that answered. */
	public string $provider = '';

	/** Model that answered, as the provider reports it. */
	public string $model = '';

	/** @var list<array{provider: string, code: string}> Providers tried before this one, with the error each gave. */
	public array $attempts = array();

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
