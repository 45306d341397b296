<?php
/**
 * The AI Assistant block's routes.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Ai\ChatStream;
use ByokAi\Ai\Policy;
use ByokAi\Ai\UserLimit;
use ByokAi\Assistant\AssistantService;
use ByokAi\Assistant\BlockConfig;
use ByokAi\Assistant\ClientAddress;
use ByokAi\Assistant\Conversation;
use ByokAi\Assistant\Plan;
use ByokAi\Providers\Registry;
use WP_Error;
use WP_Post;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * - `POST /assistant`: public. A visitor names a post, a block and (in ask mode) a question,
 *   optionally with the conversation token of earlier turns. No nonce is needed or read: the
 *   page that carries the block may come from a full-page cache, and nothing here acts on behalf
 *   of a logged-in user. Everything but the question comes from the saved post and the
 *   administrator's policy; the visitor limits apply.
 * - `GET /assistant/options`: what an author may choose in the block.
 * - `POST /assistant/preview`: an author tries the block with its unsaved settings.
 */
class AssistantController extends RestController {

	/** Longest editor content a preview accepts, in bytes. */
	public const MAX_PREVIEW_CONTENT = 1000000;

	private AssistantService $service;

	private Policy $policy;

	/** Per-person limit (previews). */
	private ?UserLimit $limit;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry         $registry Providers.
	 * @param AssistantService $service  Block answers.
	 * @param Policy           $policy   Rules.
	 * @param UserLimit|null   $limit    Per-person limit.
	 */
	public function __construct( Registry $registry, AssistantService $service, Policy $policy, ?UserLimit $limit = null ) {
		parent::__construct( $registry );
		$this->service = $service;
		$this->policy  = $policy;
		$this->limit   = $limit;
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/assistant',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'ask' ),
					'permission_callback' => array( $this, 'can_visit' ),
					'args'                => self::args_from_schema( AssistantSchema::ask(), WP_REST_Server::CREATABLE ) + array( 'stream' => $this->stream_arg() ),
				),
				'schema' => array( AssistantSchema::class, 'ask' ),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/assistant/options',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'options' ),
					'permission_callback' => array( $this, 'can_author' ),
				),
				'schema' => array( AssistantSchema::class, 'options' ),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/assistant/preview',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'preview' ),
					'permission_callback' => array( $this, 'can_preview' ),
					'args'                => self::args_from_schema( AssistantSchema::preview(), WP_REST_Server::CREATABLE ) + array( 'stream' => $this->stream_arg() ),
				),
				'schema' => array( AssistantSchema::class, 'preview' ),
			)
		);
	}

	/**
	 * Lets anyone ask through a block of a published, public post; 404 for anything else.
	 *
	 * @param WP_REST_Request $request Request (arguments already validated).
	 * @return true|WP_Error
	 */
	public function can_visit( WP_REST_Request $request ) {
		// Core also calls this with unvalidated input (the Allow header of any response on this
		// route), so any JSON type may arrive here: only a positive integer and a string count.
		$post  = $request['post'];
		$block = $request['block'];
		$found = $this->service->locate( is_int( $post ) || ( is_string( $post ) && ctype_digit( $post ) ) ? (int) $post : 0, is_string( $block ) ? $block : '' );
		return is_wp_error( $found ) ? $found : true;
	}

	/**
	 * Allows people who may use AI while editing.
	 *
	 * @return true|WP_Error
	 */
	public function can_author() {
		if ( current_user_can( Policy::CAPABILITY ) ) {
			return true;
		}
		return new WP_Error( 'byok_ai_forbidden', __( 'Sorry, you are not allowed to use AI on this site.', 'byok-ai' ), array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * Allows people who may use AI and edit this post.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function can_preview( WP_REST_Request $request ) {
		$allowed = $this->can_author();
		if ( is_wp_error( $allowed ) ) {
			return $allowed;
		}
		$post = $request['post'];
		if ( ! ( is_int( $post ) || ( is_string( $post ) && ctype_digit( $post ) ) ) || ! current_user_can( 'edit_post', (int) $post ) ) {
			return new WP_Error( 'byok_ai_forbidden', __( 'Sorry, you are not allowed to edit this post.', 'byok-ai' ), array( 'status' => 403 ) );
		}
		return true;
	}

	/**
	 * Answers a visitor.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function ask( WP_REST_Request $request ) {
		$strict = $this->reject_unknown_fields( $request );
		if ( is_wp_error( $strict ) ) {
			return $strict;
		}
		$this->prime_answer_options();
		$plan = $this->service->plan_visit(
			(int) $request['post'],
			(string) $request['block'],
			null === $request['question'] ? null : (string) $request['question'],
			null === $request['history'] ? null : (string) $request['history'],
			ClientAddress::resolve( $_SERVER, $this->policy->get()['proxy_header'] ),
			time()
		);
		return $this->respond( $request, $plan );
	}

	/**
	 * Lists the author's choices.
	 */
	public function options(): WP_REST_Response {
		$this->prime_answer_options();
		$choices = $this->service->choices();
		return new WP_REST_Response(
			array(
				'usable'         => (bool) $choices,
				'can_manage'     => current_user_can( 'manage_options' ),
				'providers'      => $choices,
				'max_tokens_cap' => $this->policy->get()['max_output_tokens'],
				'limits'         => array(
					'question'     => Conversation::MAX_QUESTION_LENGTH,
					'instructions' => BlockConfig::MAX_INSTRUCTIONS,
					'suggestions'  => BlockConfig::MAX_SUGGESTIONS,
					'suggestion'   => BlockConfig::MAX_SUGGESTION,
					'label'        => BlockConfig::MAX_LABEL,
				),
			)
		);
	}

	/**
	 * Answers an author's preview.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function preview( WP_REST_Request $request ) {
		$strict = $this->reject_unknown_fields( $request );
		if ( is_wp_error( $strict ) ) {
			return $strict;
		}
		$post = get_post( (int) $request['post'] );
		if ( ! $post instanceof WP_Post ) {
			return new WP_Error( 'byok_ai_not_found', __( 'This post doesn’t exist.', 'byok-ai' ), array( 'status' => 404 ) );
		}
		$this->prime_answer_options();
		$attributes = $request['attributes'];
		$plan       = $this->service->plan_preview( $post, is_array( $attributes ) ? $attributes : array(), (string) $request['content'], (string) $request['question'] );
		$taken      = is_wp_error( $plan ) || null === $this->limit ? true : $this->limit->take( get_current_user_id(), time() );
		return $this->respond( $request, is_wp_error( $taken ) ? $taken : $plan );
	}

	/**
	 * Answers a plan as JSON or as a stream.
	 *
	 * @param WP_REST_Request $request Request.
	 * @param Plan|WP_Error   $plan    Plan, or why there is none.
	 * @return WP_REST_Response
	 */
	private function respond( WP_REST_Request $request, $plan ) {
		if ( is_wp_error( $plan ) ) {
			return ChatController::error_response( $plan );
		}
		if ( ! $request['stream'] ) {
			$answer = $this->service->answer( $plan );
			return is_wp_error( $answer ) ? ChatController::error_response( $answer ) : new WP_REST_Response( $answer );
		}
		$ready = $this->service->preflight( $plan );
		if ( is_wp_error( $ready ) ) {
			return ChatController::error_response( $ready );
		}
		return new StreamResponse(
			function ( ChatStream $stream ) use ( $plan ): void {
				$this->service->answer( $plan, $stream );
			}
		);
	}
}
