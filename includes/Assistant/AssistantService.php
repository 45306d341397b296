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
 * (Over 300 lines: one path, most of it docblocks; its parts live in VisitorView, SummaryLease,
 * ModelChoice, VisitorLimits and Moderation.)
 *
 * @phpstan-import-type Turn from Conversation
 */
class AssistantService {

	private ChatService $chat;

	private Conversation $conversation;

	private VisitorLimits $limits;

	private SummaryLease $summaries;

	private ModelChoice $models;

	/** The opt-in check of visitors' questions; null when not wired (it is in the plugin). */
	private ?Moderation $moderation;

	/**
	 * Stores the dependencies.
	 *
	 * @param ChatService   $chat         Chat runner.
	 * @param Conversation  $conversation Conversation tokens.
	 * @param VisitorLimits $limits       Visitor limits.
	 * @param SummaryLease  $summaries    Stored summaries and the lease to write one.
	 * @param ModelChoice   $models       The block's provider and model.
	 * @param Moderation    $moderation   The check of visitors' questions.
	 */
	public function __construct( ChatService $chat, Conversation $conversation, VisitorLimits $limits, SummaryLease $summaries, ModelChoice $models, ?Moderation $moderation = null ) {
		$this->moderation   = $moderation;
		$this->chat         = $chat;
		$this->conversation = $conversation;
		$this->limits       = $limits;
		$this->summaries    = $summaries;
		$this->models       = $models;
	}

	/**
	 * Builds the service and its parts from the plugin's shared objects.
	 *
	 * @param ChatService      $chat         Chat runner.
	 * @param Policy           $policy       Rules.
	 * @param Registry         $registry     Providers.
	 * @param ProviderSettings $settings     Connection settings.
	 * @param Conversation     $conversation Conversation tokens.
	 * @param RateLimiter      $limiter      Visitor counters.
	 * @param SummaryCache     $summaries    Stored summaries.
	 * @param Moderation|null  $moderation   The check of visitors' questions.
	 */
	public static function assemble( ChatService $chat, Policy $policy, Registry $registry, ProviderSettings $settings, Conversation $conversation, RateLimiter $limiter, SummaryCache $summaries, ?Moderation $moderation = null ): self {
		return new self(
			$chat,
			$conversation,
			new VisitorLimits( $policy, $limiter ),
			new SummaryLease( $policy, new Leases(), $summaries ),
			new ModelChoice( $chat, $policy, $registry, $settings ),
			$moderation
		);
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
		return $this->limits->open() && $this->chat->any_usable();
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
		return $this->open_to_visitors() && $this->models->reachable( $config );
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
			return VisitorView::unavailable();
		}

		$asked = $this->conversation->visit( $config, $post->ID, $question, $history, $now );
		if ( is_wp_error( $asked ) ) {
			return $asked;
		}

		$plan = $this->plan( $post, $config, $post->post_content, $asked[0], $asked[1], true );
		if ( is_wp_error( $plan ) ) {
			return $plan;
		}
		if ( 'summarize' === $config->mode ) {
			$summary = $this->summaries->acquire( $plan );
			if ( is_wp_error( $summary ) ) {
				return $summary;
			}
			if ( null !== $plan->cached ) {
				// A stored summary costs nothing: no limit is counted for it.
				return $plan;
			}
		}
		$limited = $this->limits->count( $post->ID, $config->id, $client, $now );
		if ( is_wp_error( $limited ) ) {
			$this->summaries->release( $plan );
			return $limited;
		}
		// Counted against the limits first: a flood of questions can't flood the check either.
		$checked = null === $this->moderation ? true : $this->moderation->check( $plan->question, $post->ID, $config->id );
		return is_wp_error( $checked ) ? $checked : $plan;
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
			$this->summaries->release( $plan );
			return VisitorView::shaped( $plan, $ready );
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
		// Recorded with the usage row: a visitor is counted by post and block, an author as themself.
		$context = array(
			'post_id'  => $plan->post->ID,
			'block_id' => $plan->config->id,
		);
		if ( $plan->visitor ) {
			$context['user_id'] = 0;
		}
		try {
			if ( null === $out ) {
				return $this->finish( $plan, $this->chat->chat( $plan->chat, $context ) );
			}
			$result = $this->finish( $plan, $this->chat->stream( $plan->chat, VisitorView::relay( $plan, $out ), $context ) );
		} finally {
			$this->summaries->release( $plan );
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
	 * Lists what an author may choose in the block: the providers that can be called now, with
	 * the models the administrator allows (the first is the default).
	 *
	 * @return list<array{id: string, label: string, models: list<string>}>
	 */
	public function choices(): array {
		return $this->models->choices();
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
		$args          = $this->models->apply( $config, Prompt::build( $config, $post->post_title, $content, $question, $turns ) );
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
	 * Turns the provider's answer into the block's: signs the conversation so far, stores a
	 * summary, and shapes errors for visitors.
	 *
	 * @param Plan                  $plan   Plan.
	 * @param ChatResponse|WP_Error $result Provider's answer.
	 * @return array{text: string, finish_reason: string, cached: bool, history?: string}|WP_Error
	 */
	private function finish( Plan $plan, $result ) {
		if ( is_wp_error( $result ) ) {
			return VisitorView::shaped( $plan, $result );
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
			$this->summaries->store( $plan, $result->text, $result->finish_reason );
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
}
