<?php
/**
 * One upstream call per summary, however many visitors ask at once.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Ai\Policy;
use WP_Error;

/**
 * Finds the stored summary, or the lease to write it. One request at a time calls the provider
 * for a block's summary; visitors who ask meanwhile wait for it (SUMMARY_WAIT seconds at most,
 * then "busy") instead of paying for the same summary again. If the writer fails, its lease is
 * released and the next waiter takes over; if it dies, the lease expires.
 */
class SummaryLease {

	/** Seconds a visitor waits for the summary another visitor's request is writing. */
	private const SUMMARY_WAIT = 30;

	/** Microseconds between two looks for that summary. */
	private const SUMMARY_POLL = 250000;

	private Policy $policy;

	private Leases $leases;

	private SummaryCache $summaries;

	/**
	 * Stores the dependencies.
	 *
	 * @param Policy       $policy    Rules (the timeout, and the parts that shape a summary).
	 * @param Leases       $leases    Leases.
	 * @param SummaryCache $summaries Stored summaries.
	 */
	public function __construct( Policy $policy, Leases $leases, SummaryCache $summaries ) {
		$this->policy    = $policy;
		$this->leases    = $leases;
		$this->summaries = $summaries;
	}

	/**
	 * Sets a summary plan's fingerprint, then its stored summary ($plan->cached) or the lease to
	 * write one ($plan->lease).
	 *
	 * @param Plan $plan A summary's plan.
	 * @return true|WP_Error byok_ai_busy when another request kept writing it too long.
	 */
	public function acquire( Plan $plan ) {
		$plan->fingerprint = $this->summaries->fingerprint( get_object_vars( $plan->chat ), $this->rules() );

		$post  = $plan->post->ID;
		$block = $plan->config->id;
		$lease = 'summary:' . $post . ':' . $block;
		/**
		 * Filters how long a visitor waits for the summary another visitor's request is writing,
		 * before being told the assistant is busy. Each waiting visitor holds a PHP worker.
		 *
		 * @since 0.1.0
		 *
		 * @param int $seconds Seconds; 30 by default.
		 */
		$deadline = microtime( true ) + max( 0, (int) apply_filters( 'byok_ai_summary_wait', self::SUMMARY_WAIT ) );
		// Long enough for the primary provider and the fallback to time out in turn.
		$ttl   = 2 * $this->policy->timeout() + 30;
		$fresh = false;
		while ( true ) {
			$plan->cached = $this->summaries->get( $post, $block, $plan->fingerprint, $fresh );
			if ( null !== $plan->cached ) {
				return true;
			}
			if ( $this->leases->claim( $lease, $ttl, time() ) ) {
				// The writer before may have stored it between the look above and the claim.
				$plan->cached = $this->summaries->get( $post, $block, $plan->fingerprint, true );
				if ( null === $plan->cached ) {
					$plan->lease = $lease;
				} else {
					$this->leases->release( $lease );
				}
				return true;
			}
			if ( microtime( true ) >= $deadline ) {
				return VisitorView::busy( 5 );
			}
			usleep( self::SUMMARY_POLL );
			$fresh = true;
		}
	}

	/**
	 * Stores the summary the plan's lease was for.
	 *
	 * @param Plan   $plan          Plan holding a fingerprint.
	 * @param string $text          Summary.
	 * @param string $finish_reason Why the model stopped.
	 */
	public function store( Plan $plan, string $text, string $finish_reason ): void {
		$this->summaries->put( $plan->post->ID, $plan->config->id, (string) $plan->fingerprint, $text, $finish_reason );
	}

	/**
	 * Releases the plan's summary lease, if it holds one.
	 *
	 * @param Plan $plan Plan.
	 */
	public function release( Plan $plan ): void {
		if ( null !== $plan->lease ) {
			$this->leases->release( $plan->lease );
			$plan->lease = null;
		}
	}

	/**
	 * The policy parts that decide which provider, model and length answer a summary.
	 *
	 * @return array<string, mixed>
	 */
	private function rules(): array {
		$policy = $this->policy->get();
		return array(
			'primary'           => $policy['primary'],
			'fallback'          => $policy['fallback'],
			'models'            => $policy['models'],
			'max_output_tokens' => $policy['max_output_tokens'],
		);
	}
}
