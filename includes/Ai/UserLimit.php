<?php
/**
 * The per-person ceiling on logged-in AI use.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

use ByokAi\Assistant\RateLimiter;
use WP_Error;

/**
 * Counts each logged-in person's AI requests (POST /chat, POST /assistant/preview) against the
 * administrator's hourly limit, with the visitor limits' atomic counters: one hit is one atomic
 * increment, so parallel requests can't all slip under the limit.
 */
class UserLimit {

	/** Window length: one hour. */
	public const WINDOW = HOUR_IN_SECONDS;

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
	 * Counts one request of a person.
	 *
	 * @param int $user_id User id.
	 * @param int $now     Current time.
	 * @return true|WP_Error byok_ai_user_limited (429, retry_after, limit) when over the limit.
	 */
	public function take( int $user_id, int $now ) {
		$limit = $this->policy->get()['user_hourly_limit'];
		$wait  = $this->limiter->hit( 'user:' . $user_id, $limit, self::WINDOW, $now );
		if ( null === $wait ) {
			return true;
		}
		return new WP_Error(
			'byok_ai_user_limited',
			0 === $limit
				? __( 'AI requests are switched off for signed-in users on this site.', 'byok-ai' )
				: sprintf(
					/* translators: %d: requests per hour. */
					_n( 'You have reached this site’s limit of %d AI request per hour. Try again later.', 'You have reached this site’s limit of %d AI requests per hour. Try again later.', $limit, 'byok-ai' ),
					$limit
				),
			array(
				'status'      => 429,
				'retry_after' => $wait,
				'limit'       => $limit,
			)
		);
	}
}
