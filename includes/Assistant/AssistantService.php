<?php
/**
 * Answers for the AI Assistant block.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Ai\ChatRequest;
use ByokAi\Ai\ChatResponse;
use ByokAi\Ai\ChatService;
use ByokAi\Ai\ChatStream;
use ByokAi\Ai\ErrorMap;
use ByokAi\Ai\Policy;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use WP_Error;
use WP_Post;

/**
 * The one path of a block's answers, whether a visitor asks through the REST route or the plain
 * form, or an author previews in the editor. A visitor controls only the text of the question:
 * the post must be published and public, the block is looked up in the saved post, its settings
 * are read from there and bounded by the administrator's policy, earlier turns come from a token
 * the server signed, and the visitor limits are counted before anything is sent upstream.
 *
 * @phpstan-import-type Turn from Conversation
 */
class AssistantService {

	/** Seconds a visitor waits for the summary another visitor's request is writing. */
	private const SUMMARY_WAIT = 30;

	/** Microseconds between two looks for that summary. */
	private const SUMMARY_POLL = 250000;

	/**
	 * Chat runner.
	 *
	 * @var ChatService
	 */
	private $chat;

	/**
	 * Administrator's rules.
	 *
	 * @var Policy
	 */
	private $policy;

	/**
	 * Providers.
	 *
	 * @var Registry
	 */
	private $registry;

	/**
	 * Connection settings.
	 *
	 * @var ProviderSettings
	 */
	private $settings;

	/**
	 * Conversation tokens.
	 *
	 * @var Conversation
	 */
	private $conversation;

	/**
	 * Visitor counters.
	 *
	 * @var RateLimiter
	 */
	private $limiter;

	/**
	 * Stored summaries.
	 *
	 * @var SummaryCache
	 */
	private $summaries;

	/**
	 * Stores the dependencies.
	 *
	 * @param ChatService      $chat         Chat runner.
	 * @param Policy           $policy       Rules.
	 * @param Registry         $registry     Providers.
	 * @param ProviderSettings $settings     Connection settings.
	 * @param Conversation     $conversation Conversation tokens.
	 * @param RateLimiter      $limiter      Visitor counters.
	 * @param SummaryCache     $summaries    Stored summaries.
	 */
	public function __construct( ChatService $chat, Policy $policy, Registry $registry, ProviderSettings $settings, Conversation $conversation, RateLimiter $limiter, SummaryCache $summaries ) {
		$this->chat         = $chat;
		$this->policy       = $policy;
		$this->registry     = $registry;
		$this->settings     = $settings;
		$this->conversation = $conversation;
		$this->limiter      = $limiter;
		$this->summaries    = $summaries;
	}

	/**
	 * Finds a block that visitors may use: in a published, publicly viewable post without a
	 * password. Every refusal is the same 404, so nothing is learnt about unpublished posts.
	 *
	 * @param int    $post_id  Post id.
	 * @param string $block_id Block instance id.
	 * @return array{0: WP_Post, 1: BlockConfig}|WP_Error
	 */
	public function locate( int $post_id, string $block_id ) {
		$post = get_post( $post_id );
		if ( $post instanceof WP_Post && 'publish' === $post->post_status && '' === $post->post_password && is_post_publicly_viewable( $post ) ) {
			$config = BlockConfig::find( $post->post_content, $block_id );
			if ( null !== $config ) {
				return array( $post, $config );
			}
		}
		return new WP_Error( 'byok_ai_not_found', __( 'This assistant isn’t available.', 'byok-ai' ), array( 'status' => 404 ) );
	}

	/**
	 * Tells whether visitors can be answered at all: a provider to call, and no limit set to 0.
	 */
	public function open_to_visitors(): bool {
		$policy = $this->policy->get();
		return $policy['visitor_ip_limit'] > 0 && $policy['visitor_block_limit'] > 0 && $policy['visitor_daily_cap'] > 0 && $this->chat->any_usable();
	}

	/**
	 * Tells whether a block can answer visitors now: open to visitors, and a provider with a
	 * usable key among those its answers would be asked of (the block's provider while usable,
	 * else the site's primary, then the fallback chain). When it can't, the block shows visitors
	 * that it is unavailable instead of a form that could only fail.
	 *
	 * @param BlockConfig $config Block settings.
	 */
	public function answerable( BlockConfig $config ): bool {
		if ( ! $this->open_to_visitors() ) {
			return false;
		}
		list( $provider ) = $this->provider_and_model( $config );
		foreach ( $this->policy->chain( $provider, array( $this->chat, 'is_usable' ) ) as $id ) {
			if ( $this->chat->is_usable( $id ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Checks a visitor's request and counts it against the limits.
	 *
	 * @param int         $post_id  Post id.
	 * @param string      $block_id Block instance id.
	 * @param string|null $question The question (ask mode), null when none was sent.
	 * @param string|null $history  Conversation token, null when none was sent.
	 * @param string      $client   Client address (ClientAddress::resolve()).
	 * @param int         $now      Current time.
	 * @return Plan|WP_Error
	 */
	public function plan_visit( int $post_id, string $block_id, ?string $question, ?string $history, string $client, int $now ) {
		$found = $this->locate( $post_id, $block_id );
		if ( is_wp_error( $found ) ) {
			return $found;
		}
		list( $post, $config ) = $found;
		if ( ! $this->open_to_visitors() ) {
			return $this->unavailable();
		}

		$turns = array();
		if ( 'summarize' === $config->mode ) {
			if ( null !== $question || null !== $history ) {
				return new WP_Error( 'byok_ai_invalid_question', __( 'This assistant summarizes the post; it doesn’t take questions.', 'byok-ai' ), array( 'status' => 400 ) );
			}
			$question = '';
		} else {
			$question = null === $question ? '' : trim( $question );
			if ( '' === $question || mb_strlen( $question ) > Conversation::MAX_QUESTION_LENGTH ) {
				/* translators: %d: maximum number of characters. */
				return new WP_Error( 'byok_ai_invalid_question', sprintf( __( 'Type a question of at most %d characters.', 'byok-ai' ), Conversation::MAX_QUESTION_LENGTH ), array( 'status' => 400 ) );
			}
			if ( null !== $history && '' !== $history ) {
				$turns = $this->conversation->verify( $history, $post->ID, $config->id, $now );
				if ( is_wp_error( $turns ) ) {
					return $turns;
				}
			}
		}

		$plan = $this->plan( $post, $config, $post->post_content, $question, $turns, true );
		if ( is_wp_error( $plan ) ) {
			return $plan;
		}
		if ( 'summarize' === $config->mode ) {
			$plan->fingerprint = $this->summaries->fingerprint( get_object_vars( $plan->chat ), $this->rules() );
			$summary           = $this->summary_or_lease( $plan );
			if ( is_wp_error( $summary ) ) {
				return $summary;
			}
			if ( null !== $plan->cached ) {
				// A stored summary costs nothing: no limit is counted for it.
				return $plan;
			}
		}
		$limited = $this->count( $post->ID, $config->id, $client, $now );
		if ( is_wp_error( $limited ) ) {
			$this->release( $plan );
			return $limited;
		}
		return $plan;
	}

	/**
	 * Builds an author's preview from the editor's unsaved block settings and content. The caller
	 * has checked that the author may edit the post; no visitor limit applies.
	 *
	 * @param WP_Post      $post       The post being edited.
	 * @param array<mixed> $attributes The block's attributes in the editor.
	 * @param string       $content    The editor's post content.
	 * @param string       $question   The question ('' in summarize mode).
	 * @return Plan|WP_Error
	 */
	public function plan_preview( WP_Post $post, array $attributes, string $content, string $question ) {
		$config   = BlockConfig::from_attributes( $attributes );
		$question = trim( $question );
		if ( 'ask' === $config->mode && '' === $question ) {
			return new WP_Error( 'byok_ai_invalid_question', __( 'Type a question to try the assistant.', 'byok-ai' ), array( 'status' => 400 ) );
		}
		return $this->plan( $post, $config, $content, 'ask' === $config->mode ? $question : '', array(), false );
	}

	/**
	 * Checks a plan's provider and model before a stream starts, so problems get an HTTP status.
	 *
	 * @param Plan $plan Plan.
	 * @return true|WP_Error
	 */
	public function preflight( Plan $plan ) {
		if ( null !== $plan->cached ) {
			return true;
		}
		$ready = $this->chat->preflight( $plan->chat );
		if ( is_wp_error( $ready ) ) {
			$this->release( $plan );
			return $this->shaped( $plan, $ready );
		}
		return true;
	}

	/**
	 * Answers a plan, in one piece or as a stream of events written to $out: `start`, `delta`
	 * {text}…, then `done` {finish_reason, history?, cached} or `error` {code, message,
	 * retry_after?}. Visitors get `start` without provider details and errors in general terms.
	 *
	 * @param Plan            $plan Plan.
	 * @param ChatStream|null $out  Event writer when streaming.
	 * @return array{text: string, finish_reason: string, cached: bool, history?: string}|WP_Error
	 */
	public function answer( Plan $plan, ?ChatStream $out = null ) {
		if ( null !== $plan->cached ) {
			$result = $plan->cached + array( 'cached' => true );
			if ( null !== $out && $out->emit( 'start', array() ) && $out->emit( 'delta', array( 'text' => $result['text'] ) ) ) {
				$out->emit( 'done', array_diff_key( $result, array( 'text' => true ) ) );
			}
			return $result;
		}
		try {
			if ( null === $out ) {
				return $this->finish( $plan, $this->chat->chat( $plan->chat ) );
			}
			$result = $this->finish( $plan, $this->chat->stream( $plan->chat, $this->relay( $plan, $out ) ) );
		} finally {
			$this->release( $plan );
		}
		if ( ! $out->is_open() ) {
			return $result;
		}
		if ( is_wp_error( $result ) ) {
			$out->emit( 'error', ChatStream::error_event( $result ) );
		} else {
			$out->emit( 'done', array_diff_key( $result, array( 'text' => true ) ) );
		}
		return $result;
	}

	/**
	 * Passes the provider's stream on to the client. When the client leaves, an answer stops (the
	 * provider is told, nothing more is paid for), but a summary is finished and stored: it is
	 * for every later visitor, and the ones waiting for it now.
	 *
	 * @param Plan       $plan Plan.
	 * @param ChatStream $out  Client's event writer.
	 */
	private function relay( Plan $plan, ChatStream $out ): ChatStream {
		$visitor = $plan->visitor;
		$finish  = null !== $plan->fingerprint;
		return new ChatStream(
			static function ( string $event, array $data ) use ( $out, $visitor, $finish ): bool {
				if ( 'start' === $event ) {
					$open = $out->emit( 'start', $visitor ? array() : $data );
				} elseif ( 'delta' === $event ) {
					$open = $out->emit( 'delta', $data );
				} else {
					// The final event is written by answer(), once the answer is signed or stored.
					$open = $out->is_open();
				}
				return $open || $finish;
			}
		);
	}

	/**
	 * Finds the stored summary, or the lease to write it. One request at a time calls the provider
	 * for a block's summary; visitors who ask meanwhile wait for it (SUMMARY_WAIT seconds at
	 * most, then "busy") instead of paying for the same summary again. If the writer fails, its
	 * lease is released and the next waiter takes over; if it dies, the lease expires.
	 *
	 * @param Plan $plan A summary's plan: sets $plan->cached, or $plan->lease.
	 * @return true|WP_Error
	 */
	private function summary_or_lease( Plan $plan ) {
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
			$plan->cached = $this->summaries->get( $post, $block, (string) $plan->fingerprint, $fresh );
			if ( null !== $plan->cached ) {
				return true;
			}
			if ( $this->limiter->claim( $lease, $ttl, time() ) ) {
				// The writer before may have stored it between the look above and the claim.
				$plan->cached = $this->summaries->get( $post, $block, (string) $plan->fingerprint, true );
				if ( null === $plan->cached ) {
					$plan->lease = $lease;
				} else {
					$this->limiter->release( $lease );
				}
				return true;
			}
			if ( microtime( true ) >= $deadline ) {
				return $this->busy( 5 );
			}
			usleep( self::SUMMARY_POLL );
			$fresh = true;
		}
	}

	/**
	 * Releases the plan's summary lease, if it holds one.
	 *
	 * @param Plan $plan Plan.
	 */
	private function release( Plan $plan ): void {
		if ( null !== $plan->lease ) {
			$this->limiter->release( $plan->lease );
			$plan->lease = null;
		}
	}

	/**
	 * The visitor's "busy, try again" error.
	 *
	 * @param int|null $retry_after Seconds to wait, when known.
	 */
	private function busy( ?int $retry_after ): WP_Error {
		$data = array( 'status' => 503 );
		if ( null !== $retry_after ) {
			$data['retry_after'] = $retry_after;
		}
		return new WP_Error( 'byok_ai_busy', __( 'The assistant is busy right now. Please try again in a moment.', 'byok-ai' ), $data );
	}

	/**
	 * The visitor's "can't answer" error, which says nothing of the reason.
	 */
	private function unavailable(): WP_Error {
		return new WP_Error( 'byok_ai_unavailable', __( 'The assistant can’t answer right now. Please try again later.', 'byok-ai' ), array( 'status' => 503 ) );
	}

	/**
	 * Lists what an author may choose in the block: the providers that can be called now, with
	 * the models the administrator allows (the first is the default).
	 *
	 * @return list<array{id: string, label: string, models: list<string>}>
	 */
	public function choices(): array {
		$choices = array();
		foreach ( $this->registry->all() as $provider ) {
			if ( $this->chat->is_usable( $provider->id() ) ) {
				$choices[] = array(
					'id'     => $provider->id(),
					'label'  => $provider->label(),
					'models' => $this->policy->allowed_models( $provider, $this->settings->get( $provider ) ),
				);
			}
		}
		return $choices;
	}

	/**
	 * Builds the chat request of a block.
	 *
	 * @param WP_Post     $post     Post.
	 * @param BlockConfig $config   Block settings.
	 * @param string      $content  Post content to draw on.
	 * @param string      $question Question ('' for a summary).
	 * @param array       $turns    Earlier turns.
	 * @phpstan-param list<Turn> $turns
	 * @param bool        $visitor  Whether a visitor asks.
	 * @return Plan|WP_Error
	 */
	private function plan( WP_Post $post, BlockConfig $config, string $content, string $question, array $turns, bool $visitor ) {
		$args                     = Prompt::build( $config, $post->post_title, $content, $question, $turns );
		list( $provider, $model ) = $this->provider_and_model( $config );
		if ( null !== $provider ) {
			$args['provider'] = $provider;
		}
		if ( null !== $model ) {
			$args['model'] = $model;
		}
		if ( $config->max_tokens > 0 ) {
			$args['max_tokens'] = $this->policy->max_tokens( $config->max_tokens );
		}
		$args['cause'] = ( $visitor ? ( 'summarize' === $config->mode ? 'summary:' : 'visitor:' ) . $post->ID : 'preview:' . get_current_user_id() );
		$chat          = ChatRequest::from_array( $args );
		if ( is_wp_error( $chat ) ) {
			return $chat;
		}
		$plan           = new Plan( $post, $config, $visitor, $chat );
		$plan->question = $question;
		$plan->turns    = $turns;
		return $plan;
	}

	/**
	 * Honours the block's provider and model while the administrator still allows them; otherwise
	 * the site's defaults answer, so a block keeps working when the rules change.
	 *
	 * @param BlockConfig $config Block settings.
	 * @return array{0: string|null, 1: string|null}
	 */
	private function provider_and_model( BlockConfig $config ): array {
		$provider = '' !== $config->provider ? $this->registry->get( $config->provider ) : null;
		if ( null === $provider || ! $this->chat->is_usable( $provider->id() ) ) {
			return array( null, null );
		}
		$allowed = $this->policy->allowed_models( $provider, $this->settings->get( $provider ) );
		return array( $provider->id(), in_array( $config->model, $allowed, true ) ? $config->model : null );
	}

	/**
	 * Counts a visitor's request: per address, per block, per day, in that order, so one busy
	 * address is stopped before it uses up the block's or the site's allowance.
	 *
	 * @param int    $post_id  Post id.
	 * @param string $block_id Block instance id.
	 * @param string $client   Client address.
	 * @param int    $now      Current time.
	 * @return true|WP_Error byok_ai_visitor_limited (429, retry_after, limit).
	 */
	private function count( int $post_id, string $block_id, string $client, int $now ) {
		$policy = $this->policy->get();
		$limits = array(
			'address' => array( 'ip:' . wp_hash( $client, 'nonce' ), $policy['visitor_ip_limit'], $policy['visitor_ip_window'] * MINUTE_IN_SECONDS ),
			'block'   => array( 'block:' . $post_id . ':' . $block_id, $policy['visitor_block_limit'], HOUR_IN_SECONDS ),
			'site'    => array( 'site', $policy['visitor_daily_cap'], DAY_IN_SECONDS ),
		);
		foreach ( $limits as $limit => $counter ) {
			$wait = $this->limiter->hit( $counter[0], $counter[1], $counter[2], $now );
			if ( null === $wait ) {
				continue;
			}
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
		return true;
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

	/**
	 * Turns the provider's answer into the block's: signs the conversation so far, stores a
	 * summary, and shapes errors for visitors.
	 *
	 * @param Plan                  $plan   Plan.
	 * @param ChatResponse|WP_Error $result Provider's answer.
	 * @return array{text: string, finish_reason: string, cached: bool, history?: string}|WP_Error
	 */
	private function finish( Plan $plan, $result ) {
		if ( is_wp_error( $result ) ) {
			return $this->shaped( $plan, $result );
		}
		$answer = array(
			'text'          => $result->text,
			'finish_reason' => $result->finish_reason,
			'cached'        => false,
		);
		if ( ! $plan->visitor ) {
			return $answer;
		}
		if ( null !== $plan->fingerprint ) {
			$this->summaries->put( $plan->post->ID, $plan->config->id, $plan->fingerprint, $result->text, $result->finish_reason );
		} elseif ( 'ask' === $plan->config->mode && '' !== trim( $result->text ) ) {
			$turns   = $plan->turns;
			$turns[] = array( $plan->question, $result->text );
			$token   = $this->conversation->sign( $plan->post->ID, $plan->config->id, $turns, time() );
			if ( is_string( $token ) ) {
				$answer['history'] = $token;
			}
		}
		return $answer;
	}

	/**
	 * Tells visitors what went wrong in general terms: which provider failed, or that a key is
	 * wrong, is the administrator's business. Authors see the provider's error as it is.
	 *
	 * @param Plan     $plan  Plan.
	 * @param WP_Error $error Error.
	 */
	private function shaped( Plan $plan, WP_Error $error ): WP_Error {
		if ( ! $plan->visitor || 'byok_ai_client_aborted' === $error->get_error_code() ) {
			return $error;
		}
		if ( in_array( $error->get_error_code(), array( ErrorMap::KINDS['rate_limited'], ErrorMap::KINDS['overloaded'], ErrorMap::KINDS['timeout'] ), true ) ) {
			$data = $error->get_error_data();
			return $this->busy( is_array( $data ) && isset( $data['retry_after'] ) ? (int) $data['retry_after'] : null );
		}
		return $this->unavailable();
	}
}
