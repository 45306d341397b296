<?php
/**
 * Runs chat requests against the configured providers.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

use ByokAi\Http\HttpClient;
use ByokAi\Keys\KeyStore;
use ByokAi\Providers\Provider;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use ByokAi\Spend\Services;
use ByokAi\Usage\UsageEntry;
use ByokAi\Usage\UsageLog;
use WP_Error;

/**
 * The one path every chat takes, whether it comes from the REST route, the block or another
 * plugin: policy applied, key decrypted for this call only, the provider called through
 * HttpClient, its answer or failure normalized, the fallback chain followed on transient
 * failures, and each upstream call recorded with its cost. Each attempt first holds its worst
 * case on the budgets (CallBudget); a budget refusal ends the chain, since the next provider
 * counts against the same overall and per-person caps.
 * (Over 300 lines: the one chat path — preflight, chain, attempt, record — most of it
 * docblocks; its parts live in CallPlanner, AnswerReader, StreamReader and CallBudget.)
 *
 * @phpstan-import-type UsageContext from UsageEntry
 * @phpstan-import-type UsageRecord from UsageLog
 * @phpstan-type CallPlan array{key: string, settings: array<string, string>, model: string, max_tokens: int}
 */
class ChatService {

	/** Largest streamed answer read, in bytes: a stream is bounded like any other answer. */
	public const MAX_STREAM_BYTES = StreamReader::MAX_BYTES;

	/** How many times a refused request is corrected and sent again (Provider::revise_request). */
	public const MAX_REVISIONS = 2;

	private Registry $registry;

	private KeyStore $keys;

	private ProviderSettings $settings;

	private Policy $policy;

	private UsageLog $usage;

	private AnswerReader $answers;

	private StreamReader $streams;

	private CallPlanner $planner;

	/** Prices and budgets: each attempt holds its worst case first. */
	private Services $spend;

	private CallBudget $budget;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry         $registry Providers.
	 * @param KeyStore         $keys     Keys.
	 * @param ProviderSettings $settings Connection settings.
	 * @param Policy           $policy   Rules.
	 * @param HttpClient       $http     Transport.
	 * @param UsageLog         $usage    Usage records.
	 * @param Services|null    $spend    Prices and budgets (built here when not given).
	 */
	public function __construct( Registry $registry, KeyStore $keys, ProviderSettings $settings, Policy $policy, HttpClient $http, UsageLog $usage, ?Services $spend = null ) {
		$this->registry = $registry;
		$this->keys     = $keys;
		$this->settings = $settings;
		$this->policy   = $policy;
		$this->usage    = $usage;
		$this->answers  = new AnswerReader( $http, $policy );
		$this->streams  = new StreamReader( $http, $policy );
		$this->planner  = new CallPlanner( $registry, $keys, $settings, $policy );
		$this->spend    = $spend ?? new Services( $registry );
		$this->budget   = new CallBudget( $this->spend );
	}

	/**
	 * Returns the spend services the engine holds its calls on.
	 *
	 * @since 0.2.0
	 */
	public function spend(): Services {
		return $this->spend;
	}

	/**
	 * Tells whether a provider has what a call needs: its required settings, and a usable key or
	 * none needed.
	 *
	 * @param string $id Provider id.
	 */
	public function is_usable( string $id ): bool {
		return $this->planner->is_usable( $id );
	}

	/**
	 * Tells whether any provider can be called.
	 */
	public function any_usable(): bool {
		return $this->planner->any_usable();
	}

	/**
	 * Checks what can be known before calling anyone: a provider to ask, a model the caller may
	 * use, budgets that can cover a logged-in request. The streaming routes call it so these
	 * problems get a proper HTTP status.
	 *
	 * @param ChatRequest $request Request.
	 * @return true|WP_Error
	 */
	public function preflight( ChatRequest $request ) {
		$chain    = $this->policy->chain( $request->provider, array( $this, 'is_usable' ) );
		$provider = $chain ? $this->registry->get( $chain[0] ) : null;
		if ( null === $provider ) {
			return ErrorMap::not_configured();
		}
		$model = $this->policy->model( $provider, $this->settings->get( $provider ), $request->model );
		if ( is_wp_error( $model ) ) {
			return 'byok_ai_model_not_allowed' === $model->get_error_code() ? $model : true;
		}
		// A budget that can't cover the worst case refuses now, with its status. Visitors' streams
		// keep their refusal as the stream's error event (the block's view script reads it there).
		if ( 1 === preg_match( '/^(visitor|summary):/', $request->cause ) ) {
			return true;
		}
		$scope = CallBudget::scope( $provider->id(), $request, array( 'user_id' => get_current_user_id() ) );
		return $this->budget->precheck( $scope, $model, $request, $this->policy->max_tokens( $request->max_tokens ) ) ?? true;
	}

	/**
	 * Asks a provider which models it offers.
	 *
	 * @param Provider $provider Adapter.
	 * @return list<string>|WP_Error
	 */
	public function models( Provider $provider ) {
		$settings = $this->settings->get( $provider );
		$key      = $this->keys->get( $provider->id() );
		if ( is_wp_error( $key ) ) {
			return $key;
		}
		$upstream = $provider->models_request( (string) $key, $settings );
		if ( null === $upstream ) {
			$default = $provider->default_model( $settings );
			return '' === $default ? array() : array( $default );
		}
		if ( is_wp_error( $upstream ) ) {
			return $upstream;
		}
		return $this->answers->read( $provider, $upstream, (string) $key, array( $provider, 'parse_models' ), 0 );
	}

	/**
	 * Answers a chat request in one piece.
	 *
	 * @param ChatRequest $request Request.
	 * @param array       $context Who asks, from where, for the usage row: user_id (the current
	 *                             user by default), post_id, block_id.
	 * @phpstan-param UsageContext $context
	 * @return ChatResponse|WP_Error
	 */
	public function chat( ChatRequest $request, array $context = array() ) {
		return $this->run( $request, null, $context );
	}

	/**
	 * Answers a chat request as a stream of events written to $out: `start` {provider, model}
	 * before the first text, `delta` {text} for each piece, then `done` {…answer without text}
	 * or `error` {code, message, retry_after?}. Until the first text has been sent, transient
	 * failures move on to the next provider of the chain; afterwards they end the stream with an
	 * error event. When the client goes away the upstream request is cut.
	 *
	 * @param ChatRequest $request Request.
	 * @param ChatStream  $out     Event writer.
	 * @param array       $context As for chat().
	 * @phpstan-param UsageContext $context
	 * @return ChatResponse|WP_Error What happened, as chat() would have returned it.
	 */
	public function stream( ChatRequest $request, ChatStream $out, array $context = array() ) {
		$result = $this->run( $request, $out, $context );
		if ( ! $out->is_open() ) {
			return $result;
		}
		if ( is_wp_error( $result ) ) {
			$out->emit( 'error', ChatStream::error_event( $result ) );
		} else {
			$done = $result->to_array();
			unset( $done['text'] );
			$out->emit( 'done', $done );
		}
		return $result;
	}

	/**
	 * Follows the chain until a provider answers or a failure ends it.
	 *
	 * @param ChatRequest     $request Request.
	 * @param ChatStream|null $out     Event writer when streaming.
	 * @param array           $context As for chat().
	 * @phpstan-param UsageContext $context
	 * @return ChatResponse|WP_Error
	 */
	private function run( ChatRequest $request, ?ChatStream $out, array $context ) {
		$context += array( 'user_id' => get_current_user_id() );
		$request  = $this->filtered( $request, null !== $out );
		if ( is_wp_error( $request ) ) {
			return $request;
		}
		$chain = $this->policy->chain( $request->provider, array( $this, 'is_usable' ) );
		if ( ! $chain ) {
			return ErrorMap::not_configured();
		}

		$attempts = array();
		$error    = null;
		foreach ( $chain as $position => $id ) {
			$provider = $this->registry->get( $id );
			if ( null === $provider ) {
				continue;
			}
			$call = $this->planner->plan( $provider, $request, 0 === $position );
			if ( is_wp_error( $call ) ) {
				// A model the caller may not use is their mistake: no other provider will fix it.
				if ( 'byok_ai_model_not_allowed' === $call->get_error_code() ) {
					return $call;
				}
				$error      = $call;
				$attempts[] = array(
					'provider' => $id,
					'code'     => (string) $call->get_error_code(),
				);
				continue;
			}

			$started = false;
			$result  = $this->call( $provider, $request, $call, $out, $started, $context );
			if ( $result instanceof ChatResponse ) {
				$result->attempts = $attempts;
				return $result;
			}
			$error      = $result;
			$attempts[] = array(
				'provider' => $id,
				'code'     => (string) $result->get_error_code(),
			);
			if ( $started || ! ErrorMap::allows_fallback( $result ) || ( null !== $out && ! $out->is_open() ) ) {
				break;
			}
		}
		if ( null === $error ) {
			$error = ErrorMap::not_configured();
		}
		$error->add_data( array_merge( (array) $error->get_error_data(), array( 'attempts' => $attempts ) ) );
		return $error;
	}

	/**
	 * Lets other code adjust the normalized request; the policy still applies afterwards.
	 *
	 * @param ChatRequest $request Request.
	 * @param bool        $stream  Whether it will be streamed.
	 * @return ChatRequest|WP_Error
	 */
	private function filtered( ChatRequest $request, bool $stream ) {
		/**
		 * Filters a chat request before any provider is called. The administrator's policy
		 * (allowed models, output cap, timeout) is applied after this filter.
		 *
		 * @since 0.1.0
		 *
		 * @param ChatRequest $request A copy of the normalized request.
		 * @param array       $context { @type bool $stream Whether the answer is streamed. }
		 */
		$filtered = apply_filters( 'byok_ai_chat_request', clone $request, array( 'stream' => $stream ) );
		if ( ! $filtered instanceof ChatRequest ) {
			return new WP_Error( 'byok_ai_invalid_chat', __( 'A filter on byok_ai_chat_request returned something other than a chat request.', 'byok-ai' ), array( 'status' => 500 ) );
		}
		return $filtered;
	}

	/**
	 * Makes one upstream call and records it.
	 *
	 * @param Provider        $provider Adapter.
	 * @param ChatRequest     $request  Request.
	 * @param array           $call     Plan.
	 * @phpstan-param CallPlan $call
	 * @param ChatStream|null $out      Event writer when streaming.
	 * @param bool            $started  Set to true once text reached the client.
	 * @param array           $context  As for chat().
	 * @phpstan-param UsageContext $context
	 * @return ChatResponse|WP_Error
	 */
	private function call( Provider $provider, ChatRequest $request, array $call, ?ChatStream $out, bool &$started, array $context ) {
		$upstream = $provider->chat_request( $request, $call['model'], $call['max_tokens'], $call['key'], $call['settings'], null !== $out );
		if ( is_wp_error( $upstream ) ) {
			$upstream->add_data( array( 'status' => 503 ) );
			return $upstream;
		}
		// The worst case is held before anything is sent; a refusal ends the chain (see run()).
		$hold = $this->budget->hold( CallBudget::scope( $provider->id(), $request, $context ), $call['model'], $upstream, $call['max_tokens'] );
		if ( is_wp_error( $hold ) ) {
			$this->usage->record( UsageEntry::of( $provider->id(), $call['model'], $request->cause, $hold, null, 0, null !== $out, $context, 0 ) );
			return $hold;
		}

		$begin = microtime( true );
		$state = null;
		if ( null === $out ) {
			$result = $this->answers->read( $provider, $upstream, $call['key'], array( $provider, 'parse_chat' ), self::MAX_REVISIONS );
		} else {
			$state  = new StreamState();
			$result = $this->streams->read( $provider, $upstream, $call, $out, $started, $state );
		}
		$latency = (int) round( ( microtime( true ) - $begin ) * 1000 );

		$answer = $result instanceof ChatResponse ? $result : null;
		if ( null !== $answer ) {
			$answer->provider = $provider->id();
			$answer->model    = '' !== $answer->model ? $answer->model : $call['model'];
			$result           = ErrorMap::unusable( $provider, $answer ) ?? $answer;
		}
		$cost = $this->budget->settle( $hold, $provider->id(), $call['model'], $result, $answer, $state );
		$this->record( UsageEntry::of( $provider->id(), $call['model'], $request->cause, $result, $answer, $latency, null !== $out, $context, $cost ), $request );
		return $result;
	}

	/**
	 * Records one upstream call and announces it.
	 *
	 * @param array       $record  The usage row (UsageEntry).
	 * @phpstan-param UsageRecord $record
	 * @param ChatRequest $request The request as sent.
	 */
	private function record( array $record, ChatRequest $request ): void {
		$this->usage->record( $record );

		/**
		 * Fires after each upstream call, successful or not.
		 *
		 * @since 0.1.0
		 *
		 * @param array       $record  { provider, model, input_tokens, output_tokens, latency_ms, outcome, streamed, cause;
		 *                             when known: cached_input_tokens, reasoning_tokens, user_id, post_id, block_id }.
		 * @param ChatRequest $request The request as sent (after filters).
		 */
		do_action( 'byok_ai_after_call', $record, $request );
	}
}
