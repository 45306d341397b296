<?php
/**
 * Enforces the budgets around upstream calls.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

use WP_Error;

/**
 * Reserve before, settle after: `reserve()` holds a call's worst case (its output cap at the
 * output price plus its estimated input at the input price) on every counter of its scope that
 * has a cap, for the day and the month; `settle()` replaces the hold with what the call really
 * cost, or `release()` gives it back when no upstream call was billed. Each hold is one atomic
 * conditional update (Ledger::take), so however many requests arrive at once the counters never
 * hold more than their caps, and spending is never more than the cap plus what calls cost above
 * their own worst case. A hold refused on any counter undoes the others and refuses the call.
 *
 * A call whose cost is unknown (no price for the model) holds tokens instead, on the token caps.
 *
 * How phase 2 calls it (ChatService/AssistantService, each attempt of the fallback chain):
 *
 *     $scope = Scope::user( $provider, wp_get_current_user() );     // or ::visitor(), ::caller()
 *     $worst = $prices->worst_case_micros( $provider, $model, $input_estimate, $max_output );
 *     $hold  = $budget->reserve( $scope->with_provider( $provider ), $worst, $input_estimate + $max_output );
 *     if ( is_wp_error( $hold ) ) { return $hold; }                 // do NOT try the next provider
 *     … upstream call …
 *     $budget->settle( $hold, $prices->cost_micros( $provider, $model, $usage ), $tokens );
 *     // or $budget->release( $hold ) when the attempt failed before anything was billed.
 *
 * A budget refusal ends the chain (it is not an upstream failure): the next provider would
 * count against the same overall and cause caps.
 */
class Budget {

	public const ERROR = 'byok_ai_budget_exceeded';

	/** Counters whose caps are in tokens (for calls of unknown cost). */
	private const TOKEN_COUNTERS = array( 'tokens' );

	private BudgetRules $rules;

	private Ledger $ledger;

	private Alerts $alerts;

	/**
	 * Stores the dependencies.
	 *
	 * @param BudgetRules $rules  Caps.
	 * @param Ledger      $ledger Counters.
	 * @param Alerts      $alerts 80 % and 100 % alerts.
	 */
	public function __construct( BudgetRules $rules, Ledger $ledger, Alerts $alerts ) {
		$this->rules  = $rules;
		$this->ledger = $ledger;
		$this->alerts = $alerts;
	}

	/**
	 * Holds a call's worst case on its scope's caps.
	 *
	 * @param Scope    $scope             Whose call, to which provider.
	 * @param int|null $worst_case_micros Most the call can cost; null when its price is unknown.
	 * @param int      $worst_case_tokens Most tokens it can use (input estimate + output cap),
	 *                                    held on the token caps when the cost is unknown.
	 * @param int|null $now               Unix time (tests).
	 * @return Reservation|WP_Error The hold, or byok_ai_budget_exceeded (429) naming when the
	 *                              cap resets (neutral for visitors).
	 */
	public function reserve( Scope $scope, ?int $worst_case_micros, int $worst_case_tokens, ?int $now = null ) {
		$now       = $now ?? time();
		$in_tokens = null === $worst_case_micros;
		$amount    = max( 0, $in_tokens ? $worst_case_tokens : (int) $worst_case_micros );
		$buckets   = $this->buckets( $scope, $in_tokens, $now );
		if ( $amount > 0 && count( $buckets ) > 1 && Ledger::on_mysql() ) {
			// Every cap in one statement (issue 13), all or none.
			$taken = $this->ledger->take_every( $buckets, $amount );
			if ( true === $taken ) {
				return new Reservation( $in_tokens, $amount, $buckets );
			}
			$bucket = $taken ?? (string) array_key_first( $buckets );
			if ( null !== $taken ) {
				$this->alerts->refused( $bucket, $buckets[ $bucket ]['limit'], $in_tokens );
			}
			return $this->refusal( $scope, $bucket, $buckets[ $bucket ]['expires'] - $now, null === $taken );
		}
		$held = array();
		foreach ( $buckets as $bucket => $cap ) {
			// Nothing to hold (a free call) passes even a full cap; a cap of 0 still refuses.
			$taken = 0 === $amount ? 0 < $cap['limit'] : $this->ledger->take( $bucket, $amount, $cap['limit'], $cap['expires'] );
			if ( true !== $taken ) {
				foreach ( $held as $done => $done_cap ) {
					$this->ledger->add( $done, -$amount, $done_cap['expires'] );
				}
				if ( null !== $taken ) {
					$this->alerts->refused( $bucket, $cap['limit'], $in_tokens );
				}
				return $this->refusal( $scope, $bucket, $cap['expires'] - $now, null === $taken );
			}
			if ( $amount > 0 ) {
				$held[ $bucket ] = $cap;
			}
		}
		return new Reservation( $in_tokens, $amount, $held );
	}

	/**
	 * Tells, without holding anything, whether a call's worst case would be refused now: for
	 * routes that must answer with a status before the call starts (a stream). reserve() still
	 * decides; this only refuses early what it would refuse.
	 *
	 * @param Scope    $scope             Whose call, to which provider.
	 * @param int|null $worst_case_micros Most the call can cost; null when unknown.
	 * @param int      $worst_case_tokens Most tokens it can use.
	 * @param int|null $now               Unix time (tests).
	 * @return WP_Error|null The refusal reserve() would give, or null.
	 */
	public function precheck( Scope $scope, ?int $worst_case_micros, int $worst_case_tokens, ?int $now = null ): ?WP_Error {
		$now       = $now ?? time();
		$in_tokens = null === $worst_case_micros;
		$amount    = max( 0, $in_tokens ? $worst_case_tokens : (int) $worst_case_micros );
		$buckets   = $this->buckets( $scope, $in_tokens, $now );
		$read      = $this->ledger->read( array_keys( $buckets ) );
		foreach ( $buckets as $bucket => $cap ) {
			$spent = $read[ $bucket ]['amount'] ?? 0;
			if ( 0 === $amount ? $cap['limit'] <= 0 : $spent + $amount > $cap['limit'] ) {
				return $this->refusal( $scope, $bucket, $cap['expires'] - $now, false );
			}
		}
		return null;
	}

	/**
	 * The counters of a scope that have a cap, for the day and the month.
	 *
	 * @param Scope $scope     Whose call.
	 * @param bool  $in_tokens Whether the call's cost is unknown (token caps).
	 * @param int   $now       Unix time.
	 * @return array<string, array{limit: int, expires: int}> Bucket → cap and period end.
	 */
	private function buckets( Scope $scope, bool $in_tokens, int $now ): array {
		$buckets = array();
		foreach ( $in_tokens ? self::TOKEN_COUNTERS : $scope->counters() as $counter ) {
			foreach ( Period::ALL as $period ) {
				$cap = $this->rules->cap( $counter, $period, $scope->roles );
				if ( null !== $cap ) {
					$buckets[ $counter . '@' . Period::id( $period, $now ) ] = array(
						'limit'   => $cap,
						'expires' => Period::end( $period, $now ),
					);
				}
			}
		}
		return $buckets;
	}

	/**
	 * Replaces a hold with what the call cost. Runs once per reservation.
	 *
	 * @param Reservation $reservation  The hold.
	 * @param int|null    $actual_micros What the call cost; null when unknown (the hold is kept
	 *                                   as the cost, for a hold in micros).
	 * @param int         $actual_tokens Tokens it used (for a hold in tokens).
	 */
	public function settle( Reservation $reservation, ?int $actual_micros, int $actual_tokens = 0 ): void {
		if ( $reservation->settled ) {
			return;
		}
		$reservation->settled = true;
		$actual               = $reservation->in_tokens ? $actual_tokens : ( $actual_micros ?? $reservation->amount );
		$actual               = max( 0, $actual );
		// One statement for every counter the reservation holds, one query for their alerts.
		$this->ledger->add_all( array_map( static fn( array $cap ): int => $cap['expires'], $reservation->buckets ), $actual - $reservation->amount );
		if ( $actual > 0 ) {
			$this->alerts->check_all( array_map( static fn( array $cap ): int => $cap['limit'], $reservation->buckets ), $reservation->in_tokens );
		}
	}

	/**
	 * Gives a hold back: the upstream call failed before anything was billed.
	 *
	 * @param Reservation $reservation The hold.
	 */
	public function release( Reservation $reservation ): void {
		$this->settle( $reservation, 0, 0 );
	}

	/**
	 * Returns the current day's and month's figures of every counter with a cap, for the
	 * settings page: [counter, period, spent, cap, in_tokens].
	 *
	 * @param string[] $providers Provider ids.
	 * @param int|null $now       Unix time (tests).
	 * @return list<array{counter: string, period: string, spent: int, cap: int, unit: string}>
	 */
	public function current( array $providers, ?int $now = null ): array {
		$now      = $now ?? time();
		$counters = array( 'overall', 'visitors', 'users', 'tokens' );
		foreach ( $providers as $provider ) {
			$counters[] = 'provider:' . $provider;
		}
		$rows = array();
		foreach ( $counters as $counter ) {
			foreach ( Period::ALL as $period ) {
				$cap = $this->rules->cap( $counter, $period );
				if ( null !== $cap ) {
					$rows[ $counter . '@' . Period::id( $period, $now ) ] = array(
						'counter' => $counter,
						'period'  => $period,
						'spent'   => 0,
						'cap'     => $cap,
						'unit'    => 'tokens' === $counter ? 'tokens' : 'micros',
					);
				}
			}
		}
		$read = $this->ledger->read( array_keys( $rows ) );
		foreach ( $rows as $bucket => $row ) {
			$row['spent']    = $read[ $bucket ]['amount'] ?? 0;
			$rows[ $bucket ] = $row;
		}
		return array_values( $rows );
	}

	/**
	 * The error for a refused call.
	 *
	 * @param Scope  $scope       Whose call.
	 * @param string $bucket      The counter that refused.
	 * @param int    $retry_after Seconds until its period ends.
	 * @param bool   $unreachable The counters could not be reached (fail closed).
	 */
	private function refusal( Scope $scope, string $bucket, int $retry_after, bool $unreachable ): WP_Error {
		$data = array(
			'status'      => 429,
			'retry_after' => max( 1, $retry_after ),
		);
		if ( Scope::VISITOR === $scope->cause ) {
			return new WP_Error( self::ERROR, __( 'The assistant can’t answer right now. Please try again later.', 'byok-ai' ), $data );
		}
		if ( $unreachable ) {
			$data['status'] = 503;
			unset( $data['retry_after'] );
			return new WP_Error( self::ERROR, __( 'The AI budget could not be checked, so the request was not sent. Please try again.', 'byok-ai' ), $data );
		}
		return new WP_Error(
			self::ERROR,
			sprintf(
				/* translators: 1: which budget (e.g. "The monthly budget for OpenAI"), 2: when it resets, e.g. "in 3 hours". */
				__( '%1$s has been reached, so this request was not sent. It resets %2$s.', 'byok-ai' ),
				$this->alerts->label( $bucket ),
				/* translators: %s: a time span such as "3 hours". */
				sprintf( __( 'in %s', 'byok-ai' ), human_time_diff( time(), time() + $data['retry_after'] ) )
			),
			$data
		);
	}
}
