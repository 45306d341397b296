<?php
/**
 * The prices the plugin ships with.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

/**
 * Standard (not batch, not priority) prices in US dollars per million tokens, for prompts below
 * the providers' long-context thresholds (OpenAI 270K, Anthropic and Gemini 200K tokens), as read
 * on the date below. The providers' own pricing pages are the source; where this table could only
 * be checked against secondary copies of those pages, or the copies disagreed, `note` says so.
 *
 * Reasoning/thinking tokens are billed as output by all three providers, so `reasoning` is null
 * (= the output price). Azure deployments and OpenAI-compatible servers have no shipped prices:
 * their cost is unknown until the administrator sets one (a local server can be priced 0).
 */
final class DefaultPrices {

	/** When the table was checked (UTC date). */
	public const CHECKED = '2026-12-02';

	/** The pricing page of each provider with shipped prices. */
	public const SOURCES = array(
		'openai'    => 'https://platform.openai.com/docs/pricing',
		'anthropic' => 'https://docs.claude.com/en/docs/about-claude/pricing',
		'gemini'    => 'https://ai.google.dev/gemini-api/docs/pricing',
	);

	/**
	 * Returns the shipped table: provider → model → prices (USD per million tokens).
	 *
	 * @return array<string, array<string, array{input: float, output: float, cached_input: float|null, reasoning: float|null, note?: string}>>
	 */
	public static function table(): array {
		$secondary = 'Checked against secondary copies of the pricing page, not the page itself.';
		return array(
			'openai'    => array(
				// The plugin's default model.
				'gpt-5.4-mini' => self::row( 0.75, 4.50, 0.075 ),
				'gpt-5.4'      => self::row( 2.50, 15.00, 0.25 ),
				'gpt-5.4-nano' => self::row( 0.20, 1.25, 0.02 ),
				'gpt-5.5'      => self::row( 5.00, 30.00, 0.50 ),
				'gpt-5.2'      => self::row( 1.75, 14.00, 0.175, $secondary ),
				'gpt-5.1'      => self::row( 1.25, 10.00, 0.125, $secondary ),
				'gpt-5'        => self::row( 1.25, 10.00, 0.125, $secondary ),
				'gpt-5-mini'   => self::row( 0.25, 2.00, 0.025, $secondary . ' Copies disagree on the cached price (0.025 or 0.125); the lower is used.' ),
				'gpt-5-nano'   => self::row( 0.05, 0.40, 0.005, $secondary ),
				'gpt-4.1'      => self::row( 2.00, 8.00, 0.50, $secondary ),
				'gpt-4.1-mini' => self::row( 0.40, 1.60, 0.10, $secondary ),
				'gpt-4.1-nano' => self::row( 0.10, 0.40, 0.025, $secondary ),
				'gpt-4o'       => self::row( 2.50, 10.00, 1.25, $secondary ),
				'gpt-4o-mini'  => self::row( 0.15, 0.60, 0.075, $secondary ),
			),
			'anthropic' => array(
				// The plugin's default model. Cached input = cache hits; cache writes are not priced
				// (the plugin sends no cache_control, so Anthropic writes none).
				'claude-haiku-4-5'  => self::row( 1.00, 5.00, 0.10, $secondary ),
				'claude-sonnet-4-5' => self::row( 3.00, 15.00, 0.30, $secondary ),
				'claude-sonnet-4-6' => self::row( 3.00, 15.00, 0.30, $secondary ),
				'claude-opus-4-5'   => self::row( 5.00, 25.00, 0.50, $secondary ),
				'claude-opus-4-6'   => self::row( 5.00, 25.00, 0.50, $secondary ),
				'claude-opus-4-1'   => self::row( 15.00, 75.00, 1.50 ),
				'claude-sonnet-4'   => self::row( 3.00, 15.00, 0.30 ),
				'claude-3-5-haiku'  => self::row( 0.80, 4.00, 0.08 ),
				'claude-3-haiku'    => self::row( 0.25, 1.25, 0.03 ),
			),
			'gemini'    => array(
				// The plugin's default model. Text/image/video input; audio input costs more.
				'gemini-2.5-flash'      => self::row( 0.30, 2.50, 0.03, $secondary ),
				'gemini-2.5-flash-lite' => self::row( 0.10, 0.40, 0.01, $secondary ),
				'gemini-2.5-pro'        => self::row( 1.25, 10.00, 0.125, $secondary ),
				'gemini-2.0-flash'      => self::row( 0.10, 0.40, 0.025, $secondary ),
				'gemini-3-flash'        => self::row( 0.50, 3.00, 0.05, $secondary . ' Preview model; cached price not confirmed.' ),
				'gemini-3-pro'          => self::row( 2.00, 12.00, 0.20, $secondary . ' Preview model; cached price not confirmed.' ),
			),
		);
	}

	/**
	 * One row of the table.
	 *
	 * @param float  $input        Input price.
	 * @param float  $output       Output price (reasoning included).
	 * @param float  $cached_input Cached input price.
	 * @param string $note         How sure the figures are, when not read on the page itself.
	 * @return array{input: float, output: float, cached_input: float|null, reasoning: float|null, note?: string}
	 */
	private static function row( float $input, float $output, float $cached_input, string $note = '' ): array {
		$row = array(
			'input'        => $input,
			'output'       => $output,
			'cached_input' => $cached_input,
			'reasoning'    => null,
		);
		if ( '' !== $note ) {
			$row['note'] = $note;
		}
		return $row;
	}
}
