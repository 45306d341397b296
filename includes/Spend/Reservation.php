<?php
/**
 * Money or tokens held for one upstream call.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

/**
 * What Budget::reserve() took from which counters, for Budget::settle() to correct: settling
 * uses the same period counters even when the call ends after midnight.
 */
final class Reservation {

	/** Counts micros, or tokens for a call whose cost is unknown. */
	public bool $in_tokens;

	/** Micros or tokens held on each counter. */
	public int $amount;

	/** @var array<string, array{limit: int, expires: int}> Counter bucket → its cap and end. */
	public array $buckets;

	/** The input tokens estimated for the hold (what a cut stream is taken to have read). */
	public int $input_tokens = 0;

	/** Whether settle() or release() ran. */
	public bool $settled = false;

	/**
	 * Stores what was held.
	 *
	 * @param bool                                           $in_tokens Tokens instead of micros.
	 * @param int                                            $amount    Amount held per counter.
	 * @param array<string, array{limit: int, expires: int}> $buckets   Counters.
	 */
	public function __construct( bool $in_tokens, int $amount, array $buckets ) {
		$this->in_tokens = $in_tokens;
		$this->amount    = $amount;
		$this->buckets   = $buckets;
	}
}
