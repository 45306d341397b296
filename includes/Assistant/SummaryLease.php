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
 * for a block's summary; visitors who ask meanwhile are answered at once with
 * byok_ai_summary_pending and a retry hint (RETRY_AFTER seconds), which the view script follows,
 * instead of paying for the same summary again or holding a PHP worker while it is written. If
 * the writer fails, its lease is released and the next visitor to ask takes over; if it dies,
 * the lease expires.
 */
class SummaryLease {

	/** Seconds after which a visitor asks again for the summary another request is writing. */
	public const RETRY_AFTER = 2;

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
	 * @return true|WP_Error byok_ai_summary_pending (202, retry_after) while another request
	 *                       writes it: never waits.
	 */
	public function acquire( Plan $plan ) {
		$plan->fingerprint = $this->summaries->fingerprint( get_object_vars( $plan->chat ), $this->rules() );

		$post  = $plan->post->ID;
		$block = $plan->config->id;
		$lease = 'summary:' . $post . ':' . $block;
		// Long enough for the primary provider and the fallback to time out in turn.
		$ttl          = 2 * $this->policy->timeout() + 30;
		$plan->cached = $this->summaries->get( $post, $block, $plan->fingerprint );
		if ( null !== $plan->cached ) {
			return true;
		}
		$claimed = $this->leases->claim( $lease, $ttl, time() );
		// After a claim, the writer before may have stored it between the look above and the
		// claim; after a refused claim, it may have just stored it and let the lease go.
		$plan->cached = $this->summaries->get( $post, $block, $plan->fingerprint, true );
		if ( ! $claimed ) {
			return null === $plan->cached ? VisitorView::pending( self::RETRY_AFTER ) : true;
		}
		if ( null === $plan->cached ) {
			$plan->lease = $lease;
		} else {
			$this->leases->release( $lease );
		}
		return true;
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
