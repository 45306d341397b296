<?php
/**
 * What visitors see of an answer's workings.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Ai\ChatStream;
use ByokAi\Ai\ErrorMap;
use WP_Error;

/**
 * Tells visitors what went wrong in general terms, and starts their stream without provider
 * details: which provider answers or failed, or that a key is wrong, is the administrator's
 * business. Authors previewing a block see both as they are.
 */
final class VisitorView {

	/** Spend\Budget::ERROR: a budget cap refused the call before anything was sent. */
	public const BUDGET = 'byok_ai_budget_exceeded';

	/** The summary is being written by another request: ask again in retry_after seconds. */
	public const PENDING = 'byok_ai_summary_pending';

	/**
	 * Shapes an error for the plan's reader.
	 *
	 * @param Plan     $plan  Plan.
	 * @param WP_Error $error Error.
	 */
	public static function shaped( Plan $plan, WP_Error $error ): WP_Error {
		if ( ! $plan->visitor || 'byok_ai_client_aborted' === $error->get_error_code() ) {
			return $error;
		}
		if ( self::BUDGET === $error->get_error_code() ) {
			$data = $error->get_error_data();
			return self::over_budget( is_array( $data ) && isset( $data['retry_after'] ) ? (int) $data['retry_after'] : null );
		}
		if ( in_array( $error->get_error_code(), array( ErrorMap::KINDS['rate_limited'], ErrorMap::KINDS['overloaded'], ErrorMap::KINDS['timeout'] ), true ) ) {
			$data = $error->get_error_data();
			return self::busy( is_array( $data ) && isset( $data['retry_after'] ) ? (int) $data['retry_after'] : null );
		}
		return self::unavailable();
	}

	/**
	 * The visitor's "busy, try again" error.
	 *
	 * @param int|null $retry_after Seconds to wait, when known.
	 */
	public static function busy( ?int $retry_after ): WP_Error {
		$data = array( 'status' => 503 );
		if ( null !== $retry_after ) {
			$data['retry_after'] = $retry_after;
		}
		return new WP_Error( 'byok_ai_busy', __( 'The assistant is busy right now. Please try again in a moment.', 'byok-ai' ), $data );
	}

	/**
	 * The visitor's "over budget" error: neutral, it names neither the cap nor the amount.
	 *
	 * @param int|null $retry_after Seconds until the cap's period ends, when known.
	 */
	public static function over_budget( ?int $retry_after ): WP_Error {
		$data = array( 'status' => 429 );
		if ( null !== $retry_after ) {
			$data['retry_after'] = max( 1, $retry_after );
		}
		return new WP_Error( self::BUDGET, __( 'The assistant has reached its limit for now. Please try again later.', 'byok-ai' ), $data );
	}

	/**
	 * The answer to a visitor who asks for a summary another request is writing: 202 Accepted
	 * with a hint to ask again. The message is for the script-less form (the script follows the
	 * hint and shows its own status).
	 *
	 * @param int $retry_after Seconds.
	 */
	public static function pending( int $retry_after ): WP_Error {
		return new WP_Error(
			self::PENDING,
			__( 'The summary is being written. Please send the form again in a moment to read it.', 'byok-ai' ),
			array(
				'status'      => 202,
				'retry_after' => $retry_after,
			)
		);
	}

	/**
	 * The visitor's "can't answer" error, which says nothing of the reason.
	 */
	public static function unavailable(): WP_Error {
		return new WP_Error( 'byok_ai_unavailable', __( 'The assistant can’t answer right now. Please try again later.', 'byok-ai' ), array( 'status' => 503 ) );
	}

	/**
	 * Passes the provider's stream on to the client. When the client leaves, an answer stops (the
	 * provider is told, nothing more is paid for), but a summary is finished and stored: it is
	 * for every later visitor, and the ones waiting for it now.
	 *
	 * @param Plan       $plan Plan.
	 * @param ChatStream $out  Client's event writer.
	 */
	public static function relay( Plan $plan, ChatStream $out ): ChatStream {
		$visitor = $plan->visitor;
		$finish  = null !== $plan->fingerprint;
		return new ChatStream(
			static function ( string $event, array $data ) use ( $out, $visitor, $finish ): bool {
				if ( 'start' === $event ) {
					$open = $out->emit( 'start', $visitor ? array() : $data );
				} elseif ( 'delta' === $event ) {
					$open = $out->emit( 'delta', $data );
				} else {
					// The final event is written by answer(), once the answer is signed or stored
					// (AssistantService::answer()).
					$open = $out->is_open();
				}
				return $open || $finish;
			}
		);
	}
}
