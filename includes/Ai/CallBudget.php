<?php
/**
 * Holds each upstream call's worst case on the budgets and settles what it cost.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

use ByokAi\Http\Request;
use ByokAi\Spend\Prices;
use ByokAi\Spend\Reservation;
use ByokAi\Spend\Scope;
use ByokAi\Spend\Services;
use WP_Error;
use WP_User;

/**
 * The chat engine's side of spend control (Spend\Budget): which caps a call counts against
 * (its cause), what it can cost at most (the request as built for the provider: its size for
 * the input, its output cap thinking headroom included), and afterwards what it cost.
 *
 * What a call is taken to have cost: an answer read (usable or not) costs its usage at the
 * model's price; a stream that delivered something before it failed or the client left costs
 * what it delivered (tokens the provider reported, else estimated from the text and the
 * request); a timeout keeps its hold (the provider may have billed it); any other failure
 * (an error status, no connection) is released: nothing was billed.
 *
 * @phpstan-import-type UsageContext from \ByokAi\Usage\UsageEntry
 */
class CallBudget {

	/** Keys that carry the output cap in the providers' request bodies. */
	private const OUTPUT_CAPS = array( 'max_tokens', 'max_completion_tokens', 'max_output_tokens', 'maxOutputTokens' );

	private Services $spend;

	/**
	 * Stores the spend services.
	 *
	 * @param Services $spend Prices and budgets.
	 */
	public function __construct( Services $spend ) {
		$this->spend = $spend;
	}

	/**
	 * Whose spending a call is: a visitor's question or summary through a block (no one logged
	 * in for it), a logged-in person's chat or block preview, or a plugin's call (PHP API,
	 * WordPress's AI Client).
	 *
	 * @param string      $provider Provider id.
	 * @param ChatRequest $request  Request (its cause).
	 * @param array       $context  Who asks (user_id: 0 for a visitor).
	 * @phpstan-param UsageContext $context
	 */
	public static function scope( string $provider, ChatRequest $request, array $context ): Scope {
		$user_id = (int) ( $context['user_id'] ?? get_current_user_id() );
		if ( 0 === $user_id && 1 === preg_match( '/^(visitor|summary):/', $request->cause ) ) {
			return Scope::visitor( $provider );
		}
		$user = $user_id > 0 ? get_userdata( $user_id ) : false;
		if ( 1 === preg_match( '/^(user|preview):/', $request->cause ) ) {
			return Scope::user( $provider, false !== $user ? $user : new WP_User() );
		}
		return Scope::caller( $provider, false !== $user ? $user : null );
	}

	/**
	 * Holds the worst case of a request about to be sent.
	 *
	 * @param Scope   $scope      Whose call, to which provider.
	 * @param string  $model      Model asked for.
	 * @param Request $upstream   The request as built for the provider.
	 * @param int     $max_tokens The output cap asked for (used when the body names none).
	 * @return Reservation|WP_Error The hold, or byok_ai_budget_exceeded.
	 */
	public function hold( Scope $scope, string $model, Request $upstream, int $max_tokens ) {
		$input  = Prices::estimate_tokens( (string) $upstream->body );
		$output = max( $max_tokens, self::output_cap( (string) $upstream->body ) );
		$worst  = $this->spend->prices->worst_case_micros( $scope->provider, $model, $input, $output );
		$hold   = $this->spend->budget->reserve( $scope, $worst, $input + $output );
		if ( $hold instanceof Reservation ) {
			$hold->input_tokens = $input;
		}
		return $hold;
	}

	/**
	 * Refuses early, without holding, a request whose worst case a cap can't cover now (the
	 * streaming routes call it so the refusal gets its 429). Its estimate is the request's text
	 * and output cap, at most what hold() will ask for: it never refuses what hold() would allow.
	 *
	 * @param Scope       $scope      Whose call, to which provider.
	 * @param string      $model      Model.
	 * @param ChatRequest $request    Request.
	 * @param int         $max_tokens The output cap.
	 */
	public function precheck( Scope $scope, string $model, ChatRequest $request, int $max_tokens ): ?WP_Error {
		$input = Prices::estimate_tokens( $request->system . (string) wp_json_encode( $request->messages, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES ) );
		$worst = $this->spend->prices->worst_case_micros( $scope->provider, $model, $input, $max_tokens );
		return $this->spend->budget->precheck( $scope, $worst, $input + $max_tokens );
	}

	/**
	 * Settles a hold with what the call cost, and returns that cost for the usage row (null
	 * when unknown).
	 *
	 * @param Reservation           $hold     The hold.
	 * @param string                $provider Provider id.
	 * @param string                $model    Model asked for.
	 * @param ChatResponse|WP_Error $result   Outcome.
	 * @param ChatResponse|null     $answer   The answer read, even when unusable.
	 * @param StreamState|null      $partial  A stream's state, when it was streamed.
	 */
	public function settle( Reservation $hold, string $provider, string $model, $result, ?ChatResponse $answer, ?StreamState $partial ): ?int {
		$usage = null;
		if ( null !== $answer ) {
			$model = '' !== $answer->model ? $answer->model : $model;
			$usage = $answer->usage();
		} elseif ( null !== $partial && self::delivered( $partial ) ) {
			$read  = $partial->response;
			$model = '' !== $read->model ? $read->model : $model;
			$usage = array(
				'input_tokens'        => $read->input_tokens > 0 ? $read->input_tokens : $hold->input_tokens,
				'output_tokens'       => max( $read->output_tokens, (int) ceil( strlen( $read->text ) / 2 ) ),
				'cached_input_tokens' => $read->cached_input_tokens,
				'reasoning_tokens'    => $read->reasoning_tokens,
			);
		} elseif ( is_wp_error( $result ) && 'byok_ai_timeout' === $result->get_error_code() ) {
			$this->spend->budget->settle( $hold, null, $hold->in_tokens ? $hold->amount : 0 );
			return null;
		}
		if ( null === $usage ) {
			$this->spend->budget->release( $hold );
			return 0;
		}
		$cost = $this->spend->prices->cost_micros( $provider, $model, $usage );
		$this->spend->budget->settle( $hold, $cost, $usage['input_tokens'] + $usage['output_tokens'] );
		return $cost;
	}

	/**
	 * Whether a failed stream delivered anything the provider bills.
	 *
	 * @param StreamState $state Stream so far.
	 */
	private static function delivered( StreamState $state ): bool {
		$read = $state->response;
		return '' !== $read->text || $read->input_tokens > 0 || $read->output_tokens > 0;
	}

	/**
	 * The largest output cap in a request body (Gemini adds thinking headroom to it).
	 *
	 * @param string $body JSON body.
	 */
	private static function output_cap( string $body ): int {
		$data = json_decode( $body, true );
		if ( ! is_array( $data ) ) {
			return 0;
		}
		$cap = 0;
		foreach ( array( $data, is_array( $data['generationConfig'] ?? null ) ? $data['generationConfig'] : array() ) as $level ) {
			foreach ( self::OUTPUT_CAPS as $key ) {
				if ( isset( $level[ $key ] ) && is_numeric( $level[ $key ] ) ) {
					$cap = max( $cap, (int) $level[ $key ] );
				}
			}
		}
		return $cap;
	}
}
