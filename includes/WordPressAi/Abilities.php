<?php
/**
 * The plugin's abilities (Abilities API, WordPress 6.9+).
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Ai\Policy;
use ByokAi\Assistant\AssistantService;
use ByokAi\Assistant\SummaryCache;
use WP_Error;

/**
 * Registers byok-ai/summarize-post and byok-ai/answer-from-post: the AI Assistant block's prompt (summary
 * or question answered from the post), the chat engine's policy, and for summaries the block's
 * summary store (kept per post until it is saved again).
 *
 * Permission: edit_post on the post and the plugin's capability (byok_ai_use). Not public, not
 * in the REST API (so not exposed to MCP adapters, which list public abilities) unless a filter
 * says otherwise.
 */
class Abilities {

	/** The summary store's slot for the ability (the block uses its instance ids). */
	private const SUMMARY_SLOT = 'ability:summarize-post';

	private AssistantService $assistant;
	private Policy $policy;
	private SummaryCache $summaries;

	/**
	 * Stores the dependencies.
	 *
	 * @param AssistantService $assistant Block answers.
	 * @param Policy           $policy    Rules.
	 * @param SummaryCache     $summaries Stored summaries.
	 */
	public function __construct( AssistantService $assistant, Policy $policy, SummaryCache $summaries ) {
		$this->assistant = $assistant;
		$this->policy    = $policy;
		$this->summaries = $summaries;
	}

	/**
	 * Registers the category.
	 */
	public function register_category(): void {
		wp_register_ability_category(
			'byok-ai',
			array(
				'label'       => __( 'BYOK AI', 'byok-ai' ),
				'description' => __( 'AI features of BYOK AI, within the site’s AI rules.', 'byok-ai' ),
			)
		);
	}

	/**
	 * Registers the abilities.
	 */
	public function register_abilities(): void {
		/**
		 * Filters whether the plugin's abilities are public (REST API, MCP and AI agents).
		 *
		 * @since 0.2.0
		 *
		 * @param bool $public Default false.
		 */
		$public  = (bool) apply_filters( 'byok_ai_abilities_public', false );
		$meta    = array(
			'public'       => $public,
			'show_in_rest' => $public,
			'annotations'  => array(
				'readonly'    => true,
				'destructive' => false,
				'idempotent'  => false,
			),
		);
		$post_id = array(
			'type'    => 'integer',
			'minimum' => 1,
		);
		$output  = array(
			'type'       => 'object',
			'properties' => array(
				'text'          => array( 'type' => 'string' ),
				'finish_reason' => array( 'type' => 'string' ),
				'cached'        => array( 'type' => 'boolean' ),
			),
		);
		wp_register_ability(
			'byok-ai/summarize-post',
			array(
				'label'               => __( 'Summarize a post', 'byok-ai' ),
				'description'         => __( 'Summarizes a post’s content with the site’s AI provider, as the AI Assistant block does. The summary is stored until the post is saved again.', 'byok-ai' ),
				'category'            => 'byok-ai',
				'input_schema'        => array(
					'type'                 => 'object',
					'properties'           => array(
						'post_id' => $post_id,
					),
					'required'             => array( 'post_id' ),
					'additionalProperties' => false,
				),
				'output_schema'       => $output,
				'execute_callback'    => array( $this, 'summarize' ),
				'permission_callback' => array( $this, 'can_use' ),
				'meta'                => $meta,
			)
		);
		wp_register_ability(
			'byok-ai/answer-from-post',
			array(
				'label'               => __( 'Answer a question from a post', 'byok-ai' ),
				'description'         => __( 'Answers a question from a post’s content with the site’s AI provider, as the AI Assistant block does.', 'byok-ai' ),
				'category'            => 'byok-ai',
				'input_schema'        => array(
					'type'                 => 'object',
					'properties'           => array(
						'post_id'  => $post_id,
						'question' => array(
							'type'      => 'string',
							'minLength' => 1,
							'maxLength' => 1000,
						),
					),
					'required'             => array( 'post_id', 'question' ),
					'additionalProperties' => false,
				),
				'output_schema'       => $output,
				'execute_callback'    => array( $this, 'answer' ),
				'permission_callback' => array( $this, 'can_use' ),
				'meta'                => $meta,
			)
		);
	}

	/**
	 * Permission: the plugin's capability and edit_post on the post.
	 *
	 * @param mixed $input Input.
	 */
	public function can_use( $input ): bool {
		$post = is_array( $input ) && isset( $input['post_id'] ) ? (int) $input['post_id'] : 0;
		return $post > 0 && current_user_can( Policy::CAPABILITY ) && current_user_can( 'edit_post', $post );
	}

	/**
	 * Summarizes a post, from the stored summary when its request hasn't changed.
	 *
	 * @param mixed $input Input.
	 * @return array{text: string, finish_reason: string, cached: bool}|WP_Error
	 */
	public function summarize( $input ) {
		$post = $this->post( $input );
		if ( is_wp_error( $post ) ) {
			return $post;
		}
		$plan = $this->assistant->plan_preview( $post, array( 'mode' => 'summarize' ), $post->post_content, '' );
		if ( is_wp_error( $plan ) ) {
			return $plan;
		}
		$request     = get_object_vars( $plan->chat );
		$fingerprint = $this->summaries->fingerprint( array_diff_key( $request, array( 'cause' => true ) ), $this->policy->get() );
		$stored      = $this->summaries->get( $post->ID, self::SUMMARY_SLOT, $fingerprint );
		if ( null !== $stored ) {
			return $stored + array( 'cached' => true );
		}
		$plan->chat->cause = 'ability:summarize-post';
		$answer            = $this->assistant->answer( $plan );
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		$this->summaries->put( $post->ID, self::SUMMARY_SLOT, $fingerprint, $answer['text'], $answer['finish_reason'] );
		return array(
			'text'          => $answer['text'],
			'finish_reason' => $answer['finish_reason'],
			'cached'        => false,
		);
	}

	/**
	 * Answers a question from a post.
	 *
	 * @param mixed $input Input.
	 * @return array{text: string, finish_reason: string, cached: bool}|WP_Error
	 */
	public function answer( $input ) {
		$post = $this->post( $input );
		if ( is_wp_error( $post ) ) {
			return $post;
		}
		$question = is_array( $input ) && isset( $input['question'] ) && is_string( $input['question'] ) ? $input['question'] : '';
		$plan     = $this->assistant->plan_preview( $post, array( 'mode' => 'ask' ), $post->post_content, $question );
		if ( is_wp_error( $plan ) ) {
			return $plan;
		}
		$plan->chat->cause = 'ability:answer-from-post';
		$answer            = $this->assistant->answer( $plan );
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		return array(
			'text'          => $answer['text'],
			'finish_reason' => $answer['finish_reason'],
			'cached'        => false,
		);
	}

	/**
	 * Loads the input's post.
	 *
	 * @param mixed $input Input.
	 * @return \WP_Post|WP_Error
	 */
	private function post( $input ) {
		$post = get_post( is_array( $input ) && isset( $input['post_id'] ) ? (int) $input['post_id'] : 0 );
		if ( ! $post instanceof \WP_Post ) {
			return new WP_Error( 'byok_ai_post_not_found', __( 'That post doesn’t exist.', 'byok-ai' ), array( 'status' => 404 ) );
		}
		return $post;
	}
}
