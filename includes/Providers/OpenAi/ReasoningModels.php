<?php
/**
 * OpenAI's reasoning models, known by their names.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers\OpenAi;

/**
 * Reasoning models (o-series, the gpt-5 family except its -chat models) take
 * max_completion_tokens, only the default temperature, and reasoning_effort; which efforts they
 * take depends on the family. Azure deployments are recognised by the model they are named after.
 */
final class ReasoningModels {

	/** Names of reasoning models. */
	private const REASONING_MODEL = '/^(o[1-9]|gpt-5)(?!.*-chat)/i';

	/** The first gpt-5 models, which accept reasoning_effort "minimal" (not "none"). */
	private const MINIMAL_EFFORT_MODEL = '/^gpt-5(-mini|-nano)?(-\d{4}-\d{2}-\d{2})?$/i';

	/** Models from gpt-5.1 on, which accept reasoning_effort "none" (no reasoning at all). */
	private const NO_EFFORT_MODEL = '/^gpt-5\.\d/i';

	/** The next effort to try when a model refuses one. */
	private const HIGHER_EFFORT = array(
		'none'    => 'low',
		'minimal' => 'low',
	);

	/**
	 * Tells whether a model is a reasoning model by its name.
	 *
	 * @param string $model Model or deployment name.
	 */
	public static function is_reasoning( string $model ): bool {
		return 1 === preg_match( self::REASONING_MODEL, $model );
	}

	/**
	 * The lowest reasoning effort a model takes, so its thinking leaves room for the answer:
	 * null for a model that doesn't reason, '' for one whose lowest effort isn't known (the
	 * parameter is left out).
	 *
	 * @param string $family Model or deployment name.
	 */
	public static function lowest_effort( string $family ): ?string {
		if ( ! self::is_reasoning( $family ) ) {
			return null;
		}
		if ( 1 === preg_match( self::NO_EFFORT_MODEL, $family ) ) {
			return 'none';
		}
		return 1 === preg_match( self::MINIMAL_EFFORT_MODEL, $family ) ? 'minimal' : 'low';
	}

	/**
	 * The effort to try instead of one a model refused, or null when there is none.
	 *
	 * @param string $effort Refused effort.
	 */
	public static function higher_effort( string $effort ): ?string {
		return self::HIGHER_EFFORT[ $effort ] ?? null;
	}
}
