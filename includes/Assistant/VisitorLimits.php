<?php
/**
 * The administrator's limits on visitors' questions.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Ai\Policy;
use WP_Error;

/**
 * Counts a visitor's question per address, per block and per day, in that order, so one busy
 * address is stopped before it uses up the block's or the site's allowance. A limit set to 0
 * closes the blocks to visitors.
 */
class VisitorLimits {

	private Policy $policy;

	private RateLimiter $limiter;

	/**
	 * Stores the dependencies.
	 *
	 * @param Policy      $policy  Rules.
	 * @param RateLimiter $limiter Counters.
	 */
	public function __construct( Policy $policy, RateLimiter $limiter ) {
		$this->policy  = $policy;
		$this->limiter = $limiter;
	}

	/**
	 * Tells whether the limits let any visitor in: none of them is 0.
	 */
	public function open(): bool {
		$policy = $this->policy->get();
		return $policy['visitor_ip_limit'] > 0 && $policy['visitor_block_limit'] > 0 && $policy['visitor_daily_cap'] > 0;
	}

	/**
	 * Counts a visitor's request against the three limits; a refused request takes no place in
	 * the limits after the one that refused it.
	 *
	 * @param int    $post_id  Post id.
	 * @param string $block_id Block instance id.
	 * @param string $client   Client address.
	 * @param int    $now      Current time.
	 * @return true|WP_Error byok_ai_visitor_limited (429, retry_after, limit).
	 */
	public function count( int $post_id, string $block_id, string $client, int $now ) {
		$policy  = $this->policy->get();
		$limits  = array(
			'address' => array( 'ip:' . wp_hash( $client, 'nonce' ), $policy['visitor_ip_limit'], $policy['visitor_ip_window'] * MINUTE_IN_SECONDS ),
			'block'   => array( 'block:' . $post_id . ':' . $block_id, $policy['visitor_block_limit'], HOUR_IN_SECONDS ),
			'site'    => array( 'site', $policy['visitor_daily_cap'], DAY_IN_SECONDS ),
		);
		$refused = $this->limiter->hit_all( $limits, $now );
		if ( null === $refused ) {
			return true;
		}
		list( $limit, $wait ) = $refused;
		if ( 'site' === $limit ) {
			$message = __( 'The assistant has answered all the questions it can for today. Please come back tomorrow.', 'byok-ai' );
		} else {
			$message = sprintf(
				/* translators: %s: time to wait, e.g. "5 mins". */
				'address' === $limit ? __( 'You’ve asked a lot of questions. Please try again in %s.', 'byok-ai' ) : __( 'This assistant is very busy. Please try again in %s.', 'byok-ai' ),
				human_time_diff( $now, $now + $wait )
			);
		}
		return new WP_Error(
			'byok_ai_visitor_limited',
			$message,
			array(
				'status'      => 429,
				'retry_after' => $wait,
				'limit'       => $limit,
			)
		);
	}
}
