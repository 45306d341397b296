<?php
/**
 * Builds the usage row of one upstream call.
 *
 * @package ByokAi
 */

namespace ByokAi\Usage;

use ByokAi\Ai\ChatResponse;
use WP_Error;

/**
 * What UsageLog records of a call: who caused it and what it used, never the prompt, the answer
 * or the key. An answer the plugin turned into an error (a refusal, an empty answer cut by the
 * cap) still reports its tokens: the provider billed them. The cost is what the budgets counted
 * (Ai\CallBudget: Spend\Prices at the model's price), null when the price is unknown.
 *
 * @phpstan-import-type UsageRecord from UsageLog
 * @phpstan-type UsageContext array{user_id?: int, post_id?: int, block_id?: string}
 */
final class UsageEntry {

	/**
	 * Builds the row.
	 *
	 * @param string                $provider Provider id.
	 * @param string                $model    Model asked for (the answer's own model wins).
	 * @param string                $cause    Who or what caused the call.
	 * @param ChatResponse|WP_Error $result   Outcome.
	 * @param ChatResponse|null     $answer   The answer read, even when it was unusable.
	 * @param int                   $latency  Milliseconds.
	 * @param bool                  $streamed Whether it was streamed.
	 * @param array                 $context  Who asked, from where: user_id, post_id, block_id.
	 * @phpstan-param UsageContext $context
	 * @param int|null              $cost     Micros of the site currency; null when unknown.
	 * @return UsageRecord
	 */
	public static function of( string $provider, string $model, string $cause, $result, ?ChatResponse $answer, int $latency, bool $streamed, array $context, ?int $cost = null ): array {
		$record = array(
			'provider'      => $provider,
			'model'         => null !== $answer ? $answer->model : $model,
			'input_tokens'  => null !== $answer ? $answer->input_tokens : 0,
			'output_tokens' => null !== $answer ? $answer->output_tokens : 0,
			'latency_ms'    => $latency,
			'outcome'       => $result instanceof ChatResponse ? 'ok' : (string) $result->get_error_code(),
			'streamed'      => $streamed,
			'cause'         => $cause,
			'cost_micros'   => $cost,
		);
		if ( null !== $answer ) {
			// Reported by the providers that tell them apart (see ChatResponse).
			$reported = get_object_vars( $answer );
			foreach ( array( 'cached_input_tokens', 'reasoning_tokens' ) as $field ) {
				if ( isset( $reported[ $field ] ) && is_int( $reported[ $field ] ) ) {
					$record[ $field ] = $reported[ $field ];
				}
			}
		}
		foreach ( array( 'user_id', 'post_id' ) as $field ) {
			if ( isset( $context[ $field ] ) && $context[ $field ] > 0 ) {
				$record[ $field ] = $context[ $field ];
			}
		}
		if ( isset( $context['block_id'] ) && '' !== $context['block_id'] ) {
			$record['block_id'] = $context['block_id'];
		}
		return $record;
	}
}
