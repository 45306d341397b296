<?php
/**
 * The administrator's policy on every AI Client call.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Ai\Policy;
use ByokAi\Assistant\RateLimiter;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use ByokAi\Spend\Prices;
use ByokAi\Spend\Reservation;
use ByokAi\Spend\Scope;
use ByokAi\Spend\Services;
use ByokAi\Storage\AnswerOptions;
use ByokAi\Usage\UsageLog;
use WordPress\AiClient\Events\AfterGenerateResultEvent;
use WordPress\AiClient\Events\BeforeGenerateResultEvent;
use WordPress\AiClient\Providers\ApiBasedImplementation\Contracts\ApiBasedModelInterface;
use WordPress\AiClient\Providers\Http\DTO\RequestOptions;
use WordPress\AiClient\Providers\Models\Contracts\ModelInterface;

/**
 * Admits or refuses a call before the model runs, and records each call in the usage log with
 * its caller.
 *
 * Seams: `wp_ai_client_before_generate_result` (every prompt-builder call: an exception thrown
 * here becomes the builder's WP_Error) and `wp_ai_client_after_generate_result` (usage of
 * providers the plugin doesn't back). Code that calls a model directly skips those events: the
 * plugin's own models admit themselves (BackedModel), and GatedTransporter does it for other
 * providers' HTTP requests.
 *
 * Rules: caller allow/deny and default (Rules), a capability for the current user (Rules),
 * calls per caller per hour (Rules), allowed models, output cap and timeout (Policy), and the
 * budgets (Spend): the plugin's own models hold theirs in the chat engine, other providers'
 * calls hold their worst case here on admission (Scope::caller) and settle on the after event;
 * a call that fails before that event keeps its hold, since whether it was billed is unknown.
 *
 * Over 300 lines for one job, the gate: admission and its record are one transaction (a call
 * admitted is recorded once, with the caller and start time noted on admission), so the two
 * stay together; who the caller is is CallerResolver's, the rules' storage Rules'.
 */
class Gate {

	/** Outcome recorded for refused calls. */
	public const REFUSED = 'byok_ai_refused';

	private Rules $rules;

	/** Models, output cap and timeout. */
	private Policy $policy;
	private Registry $registry;
	private ProviderSettings $settings;
	private ConnectorMap $map;
	private RateLimiter $limiter;
	private UsageLog $usage;
	private CallerResolver $callers;

	/** Prices and budgets. */
	private Services $spend;

	/** @var array<int, array{caller: string, start: float, hold?: Reservation}> Admitted calls not yet finished: spl_object_id(model) => [caller, start time, budget hold]. */
	private array $admitted = array();

	/**
	 * Stores the dependencies.
	 *
	 * @param Rules            $rules    Rules for WordPress's AI.
	 * @param Policy           $policy   Models, output cap, timeout.
	 * @param Registry         $registry Provider adapters.
	 * @param ProviderSettings $settings Connection settings.
	 * @param ConnectorMap     $map      Connector map.
	 * @param RateLimiter      $limiter  Counters.
	 * @param UsageLog         $usage    Usage records.
	 * @param CallerResolver   $callers  Caller names.
	 * @param Services|null    $spend    Prices and budgets (built here when not given).
	 */
	public function __construct( Rules $rules, Policy $policy, Registry $registry, ProviderSettings $settings, ConnectorMap $map, RateLimiter $limiter, UsageLog $usage, CallerResolver $callers, ?Services $spend = null ) {
		$this->rules    = $rules;
		$this->policy   = $policy;
		$this->registry = $registry;
		$this->settings = $settings;
		$this->map      = $map;
		$this->limiter  = $limiter;
		$this->usage    = $usage;
		$this->callers  = $callers;
		$this->spend    = $spend ?? new Services( $registry );
	}

	/**
	 * Admits the call or throws PolicyRefusal (before-generate event).
	 *
	 * @param mixed $event Event.
	 */
	public function before( $event ): void {
		if ( $event instanceof BeforeGenerateResultEvent ) {
			// The options an answer reads (keys, prices, budgets), in one query, as the REST routes do.
			AnswerOptions::prime( $this->registry->ids() );
			$model = $event->getModel();
			$this->admit( $model, $this->callers->current() );
			if ( $this->rules->gate() && ! $model instanceof Provider\BackedModel ) {
				$this->hold( $model, (string) wp_json_encode( $event->getMessages() ) );
			}
		}
	}

	/**
	 * Records the usage of a call the plugin's own models didn't record (after-generate event).
	 *
	 * @param mixed $event Event.
	 */
	public function after( $event ): void {
		if ( ! $event instanceof AfterGenerateResultEvent ) {
			return;
		}
		$model     = $event->getModel();
		$admission = $this->take( $model );
		if ( null === $admission ) {
			return; // The plugin's own model recorded it through the chat engine.
		}
		$tokens = $event->getResult()->getTokenUsage();
		$usage  = array(
			'input_tokens'     => $tokens->getPromptTokens(),
			'output_tokens'    => $tokens->getCompletionTokens(),
			'reasoning_tokens' => (int) $tokens->getThoughtTokens(),
		);
		$cost   = $this->spend->prices->cost_micros( $this->provider_name( $model ), $model->metadata()->getId(), $usage );
		if ( isset( $admission['hold'] ) ) {
			$this->spend->budget->settle( $admission['hold'], $cost, $usage['input_tokens'] + $usage['output_tokens'] );
		}
		$this->usage->record(
			array(
				'provider'      => $this->provider_name( $model ),
				'model'         => $model->metadata()->getId(),
				'input_tokens'  => $tokens->getPromptTokens(),
				'output_tokens' => $tokens->getCompletionTokens(),
				'latency_ms'    => (int) round( ( microtime( true ) - $admission['start'] ) * 1000 ),
				'outcome'       => 'ok',
				'streamed'      => false,
				'cause'         => self::cause( $admission['caller'] ),
				'cost_micros'   => $cost,
			)
		);
	}

	/**
	 * Holds the worst case of an admitted call to a provider the plugin doesn't back, or
	 * records and throws the budget's refusal.
	 *
	 * @param ModelInterface $model    Model about to run.
	 * @param string         $messages The prompt, as JSON (for the input estimate).
	 * @throws PolicyRefusal When a budget can't cover the call.
	 */
	private function hold( ModelInterface $model, string $messages ): void {
		$id       = spl_object_id( $model );
		$caller   = $this->admitted[ $id ]['caller'] ?? $this->callers->current();
		$provider = $this->provider_name( $model );
		$input    = Prices::estimate_tokens( $messages );
		$output   = $model->getConfig()->getMaxTokens() ?? $this->policy->max_tokens( null );
		$user     = wp_get_current_user();
		$hold     = $this->spend->budget->reserve(
			Scope::caller( $provider, $user->exists() ? $user : null ),
			$this->spend->prices->worst_case_micros( $provider, $model->metadata()->getId(), $input, $output ),
			$input + $output
		);
		if ( $hold instanceof Reservation ) {
			$this->admitted[ $id ]['hold'] = $hold;
			return;
		}
		unset( $this->admitted[ $id ] );
		$this->record_request( $provider, $model->metadata()->getId(), $caller, (string) $hold->get_error_code(), 0, 0, 0 );
		$data = $hold->get_error_data();
		throw new PolicyRefusal( $hold->get_error_message(), is_array( $data ) && isset( $data['status'] ) ? (int) $data['status'] : 429 ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- Becomes a WP_Error message, escaped wherever it is shown.
	}

	/**
	 * Checks a call against the rules; on success caps its output and timeout and remembers it
	 * as admitted, otherwise records and throws the refusal.
	 *
	 * @param ModelInterface $model  Model about to run.
	 * @param string         $caller Caller name.
	 * @throws PolicyRefusal When the call isn't allowed.
	 */
	public function admit( ModelInterface $model, string $caller ): void {
		$refusal = $this->rules->gate() ? $this->check( $model, $caller ) : null;
		if ( null !== $refusal ) {
			$this->usage->record(
				array(
					'provider'      => $this->provider_name( $model ),
					'model'         => $model->metadata()->getId(),
					'input_tokens'  => 0,
					'output_tokens' => 0,
					'latency_ms'    => 0,
					'outcome'       => self::REFUSED,
					'streamed'      => false,
					'cause'         => self::cause( $caller ),
				)
			);
			/**
			 * Fires when the policy refuses an AI Client call.
			 *
			 * @since 0.2.0
			 *
			 * @param string $caller  Caller, e.g. "plugin:my-plugin".
			 * @param string $message Why.
			 */
			do_action( 'byok_ai_ai_client_refused', $caller, $refusal->getMessage() );
			throw $refusal; // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- Becomes a WP_Error message, escaped wherever it is shown.
		}
		if ( $this->rules->gate() ) {
			$this->bound( $model );
		}
		$this->admitted[ spl_object_id( $model ) ] = array(
			'caller' => $caller,
			'start'  => microtime( true ),
		);
	}

	/**
	 * Tells whether an admitted call is running (its HTTP requests are already accounted for).
	 */
	public function in_call(): bool {
		// A call that failed never reaches the after event: its admission lapses once it can't be running any more.
		$oldest = microtime( true ) - $this->policy->timeout() - 10;
		foreach ( $this->admitted as $id => $admission ) {
			if ( $admission['start'] < $oldest ) {
				unset( $this->admitted[ $id ] );
			}
		}
		return array() !== $this->admitted;
	}

	/**
	 * Admits a provider HTTP request made outside any admitted call (code that drives a model
	 * directly, without the prompt builder): caller, capability and hourly limit apply; the
	 * model isn't known at this level.
	 *
	 * @param string $provider What to record as the provider (the request's host).
	 * @param string $caller   Caller name.
	 * @throws PolicyRefusal When the request isn't allowed.
	 */
	public function admit_request( string $provider, string $caller ): void {
		$refusal = $this->rules->gate() ? $this->check( null, $caller ) : null;
		if ( null !== $refusal ) {
			$this->record_request( $provider, '', $caller, self::REFUSED, 0, 0, 0 );
			throw $refusal; // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- Becomes a WP_Error message, escaped wherever it is shown.
		}
	}

	/**
	 * Records a provider HTTP request made outside any admitted call.
	 *
	 * @param string $provider      Provider (host).
	 * @param string $model         Model, when the request says.
	 * @param string $caller        Caller name.
	 * @param string $outcome       'ok' or an error code.
	 * @param int    $input_tokens  Input tokens.
	 * @param int    $output_tokens Output tokens.
	 * @param int    $latency       Milliseconds.
	 */
	public function record_request( string $provider, string $model, string $caller, string $outcome, int $input_tokens, int $output_tokens, int $latency ): void {
		$this->usage->record(
			array(
				'provider'      => $provider,
				'model'         => $model,
				'input_tokens'  => $input_tokens,
				'output_tokens' => $output_tokens,
				'latency_ms'    => $latency,
				'outcome'       => $outcome,
				'streamed'      => false,
				'cause'         => self::cause( $caller ),
			)
		);
	}

	/**
	 * Takes a model's admission, if it has one (the plugin's models and the after event).
	 *
	 * @param ModelInterface $model Model.
	 * @return array{caller: string, start: float, hold?: Reservation}|null
	 */
	public function take( ModelInterface $model ): ?array {
		$id        = spl_object_id( $model );
		$admission = $this->admitted[ $id ] ?? null;
		unset( $this->admitted[ $id ] );
		return $admission;
	}

	/**
	 * Names the caller of the current code (for the plugin's models called directly).
	 */
	public function current_caller(): string {
		return $this->callers->current();
	}

	/**
	 * The usage "cause" for an AI Client caller.
	 *
	 * @param string $caller Caller name.
	 */
	public static function cause( string $caller ): string {
		return 'wp-ai-client:' . substr( $caller, 0, 79 );
	}

	/**
	 * Returns why a call is refused, or null when it may run.
	 *
	 * @param ModelInterface|null $model  Model (null: a bare HTTP request, see GatedTransporter).
	 * @param string              $caller Caller name.
	 */
	private function check( ?ModelInterface $model, string $caller ): ?PolicyRefusal {
		$rules   = $this->rules->get();
		$verdict = $rules['callers'][ $caller ] ?? $rules['default_caller'];
		if ( 'deny' === $verdict ) {
			return new PolicyRefusal(
				/* translators: %s: caller, e.g. plugin:my-plugin. */
				sprintf( __( 'BYOK AI: %s may not use AI on this site. An administrator can allow it under Settings → BYOK AI.', 'byok-ai' ), $caller ),
				403
			);
		}
		if ( '' !== $rules['capability'] && ! current_user_can( $rules['capability'] ) ) {
			return new PolicyRefusal( __( 'BYOK AI: you aren’t allowed to trigger AI requests on this site.', 'byok-ai' ), 403 );
		}
		$adapter = null === $model ? null : $this->adapter( $model );
		if ( null !== $model && null !== $adapter ) {
			$allowed = $this->policy->allowed_models( $adapter, $this->settings->get( $adapter ) );
			$wanted  = $model->metadata()->getId();
			if ( ! in_array( $wanted, $allowed, true ) ) {
				return new PolicyRefusal(
					/* translators: 1: model name, 2: provider name. */
					sprintf( __( 'BYOK AI: the model “%1$s” isn’t allowed for %2$s on this site.', 'byok-ai' ), $wanted, $adapter->label() ),
					403
				);
			}
		}
		if ( $rules['hourly_limit'] > 0 ) {
			$wait = $this->limiter->hit( 'aic:' . substr( md5( $caller ), 0, 16 ), $rules['hourly_limit'], HOUR_IN_SECONDS, time() );
			if ( null !== $wait ) {
				return new PolicyRefusal(
					/* translators: 1: caller, 2: minutes. */
					sprintf( __( 'BYOK AI: %1$s reached its hourly limit of AI requests. Try again in %2$d minutes.', 'byok-ai' ), $caller, (int) ceil( $wait / 60 ) ),
					429
				);
			}
		}
		return null;
	}

	/**
	 * Caps the model's output tokens and request timeout at the administrator's.
	 *
	 * @param ModelInterface $model Model.
	 */
	private function bound( ModelInterface $model ): void {
		$config = $model->getConfig();
		$cap    = $this->policy->max_tokens( null );
		if ( null === $config->getMaxTokens() || $config->getMaxTokens() > $cap ) {
			$config->setMaxTokens( $cap );
			$model->setConfig( $config );
		}
		if ( $model instanceof ApiBasedModelInterface ) {
			$options = $model->getRequestOptions() ?? new RequestOptions();
			$timeout = (float) $this->policy->timeout();
			if ( null === $options->getTimeout() || $options->getTimeout() > $timeout ) {
				$options->setTimeout( $timeout );
				$model->setRequestOptions( $options );
			}
		}
	}

	/**
	 * Returns the plugin's adapter for the model's provider, or null for providers it doesn't map.
	 *
	 * @param ModelInterface $model Model.
	 * @return \ByokAi\Providers\Provider|null
	 */
	private function adapter( ModelInterface $model ) {
		$provider = $this->map->provider( $model->providerMetadata()->getId() );
		return null === $provider ? null : $this->registry->get( $provider );
	}

	/**
	 * Names the model's provider for the usage log: the plugin's id when mapped.
	 *
	 * @param ModelInterface $model Model.
	 */
	private function provider_name( ModelInterface $model ): string {
		$id = $model->providerMetadata()->getId();
		return $this->map->provider( $id ) ?? $id;
	}
}
