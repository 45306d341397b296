<?php
/**
 * Runs chat requests against the configured providers.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

use ByokAi\Http\HttpClient;
use ByokAi\Http\Response;
use ByokAi\Keys\KeyStore;
use ByokAi\Providers\Provider;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use ByokAi\Usage\UsageLog;
use WP_Error;

/**
 * The one path every chat takes, whether it comes from the REST route, the block or another
 * plugin: policy applied, key decrypted for this call only, the provider called through
 * HttpClient, its answer or failure normalized, the fallback chain followed on transient
 * failures, and each upstream call recorded.
 *
 * @phpstan-import-type UsageRecord from UsageLog
 */
class ChatService {

	/** Largest streamed answer read, in bytes: a stream is bounded like any other answer. */
	public const MAX_STREAM_BYTES = 8388608;

	/** How many times a refused request is corrected and sent again (Provider::revise_request). */
	private const MAX_REVISIONS = 2;

	/** Key states that mean a provider can be called. */
	private const USABLE_KEY_STATES = array( 'valid', 'not_validated', 'environment', 'constant' );

	/**
	 * Provider adapters.
	 *
	 * @var Registry
	 */
	private $registry;

	/**
	 * Keys.
	 *
	 * @var KeyStore
	 */
	private $keys;

	/**
	 * Connection settings.
	 *
	 * @var ProviderSettings
	 */
	private $settings;

	/**
	 * Administrator's rules.
	 *
	 * @var Policy
	 */
	private $policy;

	/**
	 * Transport.
	 *
	 * @var HttpClient
	 */
	private $http;

	/**
	 * Usage records.
	 *
	 * @var UsageLog
	 */
	private $usage;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry         $registry Providers.
	 * @param KeyStore         $keys     Keys.
	 * @param ProviderSettings $settings Connection settings.
	 * @param Policy           $policy   Rules.
	 * @param HttpClient       $http     Transport.
	 * @param UsageLog         $usage    Usage records.
	 */
	public function __construct( Registry $registry, KeyStore $keys, ProviderSettings $settings, Policy $policy, HttpClient $http, UsageLog $usage ) {
		$this->registry = $registry;
		$this->keys     = $keys;
		$this->settings = $settings;
		$this->policy   = $policy;
		$this->http     = $http;
		$this->usage    = $usage;
	}

	/**
	 * Tells whether a provider has what a call needs: its required settings, and a usable key or
	 * none needed.
	 *
	 * @param string $id Provider id.
	 */
	public function is_usable( string $id ): bool {
		$provider = $this->registry->get( $id );
		if ( null === $provider ) {
			return false;
		}
		foreach ( $this->settings->get( $provider ) as $name => $value ) {
			if ( '' === $value && $provider->settings_fields()[ $name ]['required'] ) {
				return false;
			}
		}
		$status = $this->keys->describe( $id )['status'];
		return in_array( $status, self::USABLE_KEY_STATES, true ) || ( 'missing' === $status && ! $provider->requires_key() );
	}

	/**
	 * Tells whether any provider can be called.
	 */
	public function any_usable(): bool {
		foreach ( $this->registry->ids() as $id ) {
			if ( $this->is_usable( $id ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Checks what can be known before calling anyone: a provider to ask, and a model the caller
	 * may use. The streaming route calls it so these problems get a proper HTTP status.
	 *
	 * @param ChatRequest $request Request.
	 * @return true|WP_Error
	 */
	public function preflight( ChatRequest $request ) {
		$chain    = $this->policy->chain( $request->provider, array( $this, 'is_usable' ) );
		$provider = $chain ? $this->registry->get( $chain[0] ) : null;
		if ( null === $provider ) {
			return $this->not_configured();
		}
		$model = $this->policy->model( $provider, $this->settings->get( $provider ), $request->model );
		return is_wp_error( $model ) && 'byok_ai_model_not_allowed' === $model->get_error_code() ? $model : true;
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
		return $this->read_answer( $provider, $this->http->send( $upstream, $this->policy->timeout() ), (string) $key, array( $provider, 'parse_models' ) );
	}

	/**
	 * Answers a chat request in one piece.
	 *
	 * @param ChatRequest $request Request.
	 * @return ChatResponse|WP_Error
	 */
	public function chat( ChatRequest $request ) {
		return $this->run( $request, null );
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
	 * @return ChatResponse|WP_Error What happened, as chat() would have returned it.
	 */
	public function stream( ChatRequest $request, ChatStream $out ) {
		$result = $this->run( $request, $out );
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
	 * @return ChatResponse|WP_Error
	 */
	private function run( ChatRequest $request, ?ChatStream $out ) {
		$request = $this->filtered( $request, null !== $out );
		if ( is_wp_error( $request ) ) {
			return $request;
		}
		$chain = $this->policy->chain( $request->provider, array( $this, 'is_usable' ) );
		if ( ! $chain ) {
			return $this->not_configured();
		}

		$attempts = array();
		$error    = null;
		foreach ( $chain as $position => $id ) {
			$provider = $this->registry->get( $id );
			if ( null === $provider ) {
				continue;
			}
			$call = $this->plan( $provider, $request, 0 === $position );
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
			$result  = $this->call( $provider, $request, $call, $out, $started );
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
			$error = $this->not_configured();
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
	 * Gathers what one provider needs for this request: key, settings, model, output cap.
	 *
	 * @param Provider    $provider Adapter.
	 * @param ChatRequest $request  Request.
	 * @param bool        $first    Whether this is the provider the caller asked for.
	 * @return array{key: string, settings: array<string, string>, model: string, max_tokens: int}|WP_Error
	 */
	private function plan( Provider $provider, ChatRequest $request, bool $first ) {
		$settings = $this->settings->get( $provider );
		$model    = $this->policy->model( $provider, $settings, $first ? $request->model : null );
		if ( is_wp_error( $model ) ) {
			return $model;
		}
		$key = $this->keys->get( $provider->id() );
		if ( is_wp_error( $key ) ) {
			return new WP_Error(
				'byok_ai_key_unavailable',
				sprintf(
					/* translators: 1: provider name, 2: why (KeyStore's message). */
					__( 'The key for %1$s can’t be used. %2$s', 'byok-ai' ),
					$provider->label(),
					$key->get_error_message()
				),
				array(
					'status'   => 503,
					'provider' => $provider->id(),
				)
			);
		}
		if ( null === $key && $provider->requires_key() ) {
			return new WP_Error(
				'byok_ai_not_configured',
				/* translators: %s: provider name. */
				sprintf( __( '%s has no key on this site. An administrator can add one on Settings → BYOK AI.', 'byok-ai' ), $provider->label() ),
				array(
					'status'   => 503,
					'provider' => $provider->id(),
				)
			);
		}
		return array(
			'key'        => (string) $key,
			'settings'   => $settings,
			'model'      => $model,
			'max_tokens' => $this->policy->max_tokens( $request->max_tokens ),
		);
	}

	/**
	 * Makes one upstream call and records it.
	 *
	 * @param Provider                                                                            $provider Adapter.
	 * @param ChatRequest                                                                         $request  Request.
	 * @param array{key: string, settings: array<string, string>, model: string, max_tokens: int} $call     Plan.
	 * @param ChatStream|null                                                                     $out      Event writer when streaming.
	 * @param bool                                                                                $started  Set to true once text reached the client.
	 * @return ChatResponse|WP_Error
	 */
	private function call( Provider $provider, ChatRequest $request, array $call, ?ChatStream $out, bool &$started ) {
		$upstream = $provider->chat_request( $request, $call['model'], $call['max_tokens'], $call['key'], $call['settings'], null !== $out );
		if ( is_wp_error( $upstream ) ) {
			$upstream->add_data( array( 'status' => 503 ) );
			return $upstream;
		}

		$begin = microtime( true );
		if ( null === $out ) {
			$response = $this->http->send( $upstream, $this->policy->timeout() );
			for ( $i = 0; $i < self::MAX_REVISIONS && $response instanceof Response && $response->status >= 400 && $response->status < 500; $i++ ) {
				$revised = $provider->revise_request( $upstream, $response );
				if ( null === $revised ) {
					break;
				}
				$upstream = $revised;
				$response = $this->http->send( $upstream, $this->policy->timeout() );
			}
			$result = $this->read_answer( $provider, $response, $call['key'], array( $provider, 'parse_chat' ) );
		} else {
			$result = $this->read_stream( $provider, $upstream, $call, $out, $started );
		}
		$latency = (int) round( ( microtime( true ) - $begin ) * 1000 );

		$answer = $result instanceof ChatResponse ? $result : null;
		if ( null !== $answer ) {
			$answer->provider = $provider->id();
			$answer->model    = '' !== $answer->model ? $answer->model : $call['model'];
			$result           = $this->unusable( $provider, $answer ) ?? $answer;
		}
		$this->record( $provider, $request, $call, $result, $latency, null !== $out, $answer );
		return $result;
	}

	/**
	 * Turns an answer that isn't one into an error: a content filter's refusal, or an empty
	 * answer cut by the output cap (a reasoning model that spent the cap thinking).
	 *
	 * @param Provider     $provider Adapter.
	 * @param ChatResponse $answer   Answer.
	 */
	private function unusable( Provider $provider, ChatResponse $answer ): ?WP_Error {
		if ( 'content_filter' === $answer->finish_reason ) {
			return ErrorMap::error( $provider, 'content_filter' );
		}
		if ( 'length' === $answer->finish_reason && '' === trim( $answer->text ) ) {
			return ErrorMap::error( $provider, 'output_limit' );
		}
		return null;
	}

	/**
	 * Reads a complete answer: transport failures and non-2xx statuses become the plugin's
	 * errors; a 2xx body the parser can't read is a malformed answer.
	 *
	 * @template T
	 * @param Provider                     $provider Adapter.
	 * @param Response|WP_Error            $response Upstream answer or transport failure.
	 * @param string                       $key      Key used, for scrubbing.
	 * @param callable(Response): (T|null) $parse Reads a 2xx answer; null when it can't.
	 * @return T|WP_Error
	 */
	private function read_answer( Provider $provider, $response, string $key, callable $parse ) {
		if ( is_wp_error( $response ) ) {
			return ErrorMap::from_transport( $provider, $response );
		}
		if ( $response->status < 200 || $response->status >= 300 ) {
			return ErrorMap::from_response( $provider, $response, $key );
		}
		return $parse( $response ) ?? ErrorMap::error( $provider, 'malformed' );
	}

	/**
	 * Streams an answer to the client as it arrives.
	 *
	 * @param Provider                                                                            $provider Adapter.
	 * @param \ByokAi\Http\Request                                                                $upstream Upstream request.
	 * @param array{key: string, settings: array<string, string>, model: string, max_tokens: int} $call     Plan.
	 * @param ChatStream                                                                          $out      Event writer.
	 * @param bool                                                                                $started  Set to true once text reached the client.
	 * @return ChatResponse|WP_Error
	 */
	private function read_stream( Provider $provider, \ByokAi\Http\Request $upstream, array $call, ChatStream $out, bool &$started ) {
		$state  = new StreamState();
		$parser = new SseParser();
		$bytes  = 0;
		$fed    = false;

		$on_data = function ( string $chunk ) use ( $provider, $call, $out, $state, $parser, &$bytes, &$fed, &$started ): bool {
			$fed    = true;
			$bytes += strlen( $chunk );
			if ( $bytes > self::MAX_STREAM_BYTES ) {
				$state->error = 'truncated';
				return false;
			}
			foreach ( $parser->feed( $chunk ) as $event ) {
				$text = $provider->read_event( $event['event'], $event['data'], $state );
				if ( null !== $state->error ) {
					return false;
				}
				if ( '' === $text ) {
					continue;
				}
				if ( ! $started ) {
					$started = true;
					$out->emit(
						'start',
						array(
							'provider' => $provider->id(),
							'model'    => '' !== $state->response->model ? $state->response->model : $call['model'],
						)
					);
				}
				$state->response->text .= $text;
				if ( ! $out->emit( 'delta', array( 'text' => $text ) ) ) {
					return false;
				}
			}
			return true;
		};

		$response = $this->http->stream( $upstream, $this->policy->timeout(), $on_data );
		for ( $i = 0; $i < self::MAX_REVISIONS && ! $fed && $response instanceof Response && $response->status >= 400 && $response->status < 500; $i++ ) {
			$revised = $provider->revise_request( $upstream, $response );
			if ( null === $revised ) {
				break;
			}
			$upstream = $revised;
			$response = $this->http->stream( $upstream, $this->policy->timeout(), $on_data );
		}

		if ( ! $out->is_open() ) {
			return new WP_Error( 'byok_ai_client_aborted', __( 'The client closed the connection.', 'byok-ai' ), array( 'status' => 499 ) );
		}
		if ( is_wp_error( $response ) && 'byok_ai_http_stopped' !== $response->get_error_code() ) {
			return ErrorMap::from_transport( $provider, $response );
		}
		if ( $response instanceof Response ) {
			if ( $response->status < 200 || $response->status >= 300 ) {
				return ErrorMap::from_response( $provider, $response, $call['key'] );
			}
			if ( ! $fed ) {
				// The transport could not stream (no cURL): read the whole answer as one chunk.
				$on_data( $response->body . "\n\n" );
			} elseif ( null === $state->error ) {
				// The stream ended cleanly: an event whose final blank line never came is still
				// the provider's last word (recorded Gemini and Anthropic streams end that way).
				$on_data( "\n\n" );
			}
		}
		if ( null === $state->error ) {
			$this->read_stray( $provider, $parser->stray(), $state );
		}
		if ( null !== $state->error ) {
			return ErrorMap::error( $provider, $state->error, $state->error_status, null, $state->error_message, $call['key'] );
		}
		if ( ! $state->complete ) {
			return ErrorMap::error( $provider, 'truncated' );
		}
		return $state->response;
	}

	/**
	 * Reads an error written into a stream outside the event-stream format: Gemini writes a
	 * failure that happens mid-stream as a bare JSON document ({"error": {…}}), after events
	 * that may already carry a finish reason.
	 *
	 * @param Provider    $provider Adapter.
	 * @param string      $stray    What arrived outside events.
	 * @param StreamState $state    Stream so far.
	 */
	private function read_stray( Provider $provider, string $stray, StreamState $state ): void {
		$stray = trim( $stray );
		if ( '' === $stray || '{' !== $stray[0] ) {
			return;
		}
		$probe = new StreamState();
		$provider->read_event( 'message', $stray, $probe );
		if ( null !== $probe->error && 'malformed' !== $probe->error ) {
			$state->error         = $probe->error;
			$state->error_status  = $probe->error_status;
			$state->error_message = $probe->error_message;
		}
	}

	/**
	 * Records one upstream call and announces it.
	 *
	 * @param Provider                                                                            $provider Adapter.
	 * @param ChatRequest                                                                         $request  Request.
	 * @param array{key: string, settings: array<string, string>, model: string, max_tokens: int} $call     Plan.
	 * @param ChatResponse|WP_Error                                                               $result   Outcome.
	 * @param int                                                                                 $latency  Milliseconds.
	 * @param bool                                                                                $streamed Whether it was streamed.
	 * @param ChatResponse|null                                                                   $answer   The answer read, even when it was unusable (its tokens were billed).
	 */
	private function record( Provider $provider, ChatRequest $request, array $call, $result, int $latency, bool $streamed, ?ChatResponse $answer = null ): void {
		$record = array(
			'provider'      => $provider->id(),
			'model'         => null !== $answer ? $answer->model : $call['model'],
			'input_tokens'  => null !== $answer ? $answer->input_tokens : 0,
			'output_tokens' => null !== $answer ? $answer->output_tokens : 0,
			'latency_ms'    => $latency,
			'outcome'       => $result instanceof ChatResponse ? 'ok' : (string) $result->get_error_code(),
			'streamed'      => $streamed,
			'cause'         => $request->cause,
		);
		$this->usage->record( $record );

		/**
		 * Fires after each upstream call, successful or not.
		 *
		 * @since 0.1.0
		 *
		 * @param array       $record  { provider, model, input_tokens, output_tokens, latency_ms, outcome, streamed, cause }.
		 * @param ChatRequest $request The request as sent (after filters).
		 */
		do_action( 'byok_ai_after_call', $record, $request );
	}

	/**
	 * The error for a site without any usable provider.
	 */
	private function not_configured(): WP_Error {
		return new WP_Error(
			'byok_ai_not_configured',
			__( 'No AI provider is set up on this site yet. An administrator can add a key on Settings → BYOK AI.', 'byok-ai' ),
			array( 'status' => 503 )
		);
	}
}
