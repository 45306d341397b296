<?php
/**
 * The AI Assistant block on the page.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Ai\Policy;
use ByokAi\Rest\RequestScope;
use WP_Block;
use WP_Error;
use WP_Post;

/**
 * Registers `byok-ai/assistant` from build/assistant/block.json and renders it: a plain HTML
 * form that works before (or without) any script, carrying the Interactivity API directives
 * with which the view module (a script module) streams answers. The form posts back to the post
 * itself; handle_form() answers it through the same service as the REST route, and the block
 * shows the answer in place.
 *
 * Nothing of the plugin is enqueued on a page without the block: WordPress enqueues the view
 * module when the block renders, and render() enqueues the stylesheet.
 */
class Block {

	/** Front-end stylesheet handle. */
	public const STYLE = 'byok-ai-assistant';

	/** The view module's id, as WordPress derives it from block.json's viewScriptModule. */
	public const VIEW_MODULE = 'byok-ai-assistant-view-script-module';

	/** The Interactivity API store's namespace (view.ts). */
	public const STORE = 'byok-ai/assistant';

	/** @var \Closure(): AssistantService Builds the block's service when a block renders or answers. */
	private \Closure $service;

	/** @var \Closure(): Policy Gives the rules. */
	private \Closure $policy;

	private string $file;

	/** @var array<string, array{question: string, result: array<string, mixed>|WP_Error}> Answers to plain form posts of this request, by block instance id. */
	private array $form_results = array();

	/**
	 * Stores the dependencies.
	 *
	 * @param \Closure $service Gives the block answers' service (built on first use).
	 * @param \Closure $policy  Gives the rules.
	 * @param string   $file    Main plugin file.
	 *
	 * @phpstan-param \Closure(): AssistantService $service
	 * @phpstan-param \Closure(): Policy $policy
	 */
	public function __construct( \Closure $service, \Closure $policy, string $file ) {
		$this->service = $service;
		$this->policy  = $policy;
		$this->file    = $file;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'init', array( $this, 'register_block' ) );
		add_action( 'template_redirect', array( $this, 'handle_form' ) );
		add_filter( 'render_block_' . BlockConfig::BLOCK_NAME, array( $this, 'drop_unused_module' ) );
		// The opt-in moderation switch, for administrators through /wp/v2/settings: registered for
		// the requests that may reach that route (its description would load the translations).
		add_action(
			'rest_api_init',
			static function (): void {
				if ( RequestScope::may_reach( RequestScope::SETTINGS_ROUTE ) ) {
					Moderation::register_setting();
				}
			}
		);
		add_action( 'admin_init', array( Moderation::class, 'register_setting' ) );
	}

	/**
	 * WordPress enqueues the view module whenever the block renders, even as nothing (for a
	 * visitor of a draft, or with visitors shut out): take it back until a form is on the page.
	 *
	 * @param string $html The block's output.
	 */
	public function drop_unused_module( $html ): string {
		// render() enqueues the stylesheet with each form: without it, no form is on the page.
		if ( ! wp_style_is( self::STYLE, 'enqueued' ) ) {
			wp_dequeue_script_module( self::VIEW_MODULE );
		}
		return (string) $html;
	}

	/**
	 * Registers the block type and its front-end stylesheet (init).
	 */
	public function register_block(): void {
		$build = plugin_dir_path( $this->file ) . 'build';
		$dir   = $build . '/assistant';
		if ( ! file_exists( $dir . '/block.json' ) ) {
			return; // Not built: no block rather than a broken one.
		}
		$css = $dir . '/view.css';
		wp_register_style( self::STYLE, plugins_url( 'build/assistant/view.css', $this->file ), array(), file_exists( $css ) ? (string) filemtime( $css ) : BYOK_AI_VERSION );
		// block.json's metadata from the PHP file the build writes next to it (`npm run build`), which
		// the opcode cache keeps, instead of reading and decoding the JSON on every request (6.7+;
		// without the manifest, or before 6.7, WordPress reads block.json).
		$manifest = $build . '/blocks-manifest.php';
		if ( function_exists( 'wp_register_block_metadata_collection' ) && file_exists( $manifest ) ) {
			wp_register_block_metadata_collection( $build, $manifest );
		}
		// The editor's script and style only where an editor may load them (issue 13: otherwise
		// registering them builds wp_scripts() on every REST request). Nor, there, the text domain:
		// nothing else shows the block's title, description and keywords, and translating them
		// loads the plugin's translations on every request.
		$editor = RequestScope::needs_editor_assets();
		$trim   = static fn( array $metadata ): array => BlockConfig::BLOCK_NAME === ( $metadata['name'] ?? '' ) ? array_diff_key( $metadata, array_flip( array( 'editorScript', 'editorStyle', 'textdomain' ) ) ) : $metadata;
		if ( ! $editor ) {
			add_filter( 'block_type_metadata', $trim );
		}
		register_block_type( $dir );
		remove_filter( 'block_type_metadata', $trim );
		if ( $editor && function_exists( 'wp_set_script_translations' ) ) {
			wp_set_script_translations( 'byok-ai-assistant-editor-script', 'byok-ai', plugin_dir_path( $this->file ) . 'languages' );
		}
	}

	/**
	 * Renders the block (render.php).
	 *
	 * @param array<mixed> $attributes Block attributes.
	 * @param WP_Block     $block      Block instance.
	 */
	public function render( array $attributes, WP_Block $block ): string {
		$config  = BlockConfig::from_attributes( $attributes );
		$post_id = isset( $block->context['postId'] ) ? (int) $block->context['postId'] : (int) get_the_ID();
		$post    = get_post( $post_id );
		if ( '' === $config->id || ! $post instanceof WP_Post ) {
			return '';
		}
		$found = ( $this->service )()->locate( $post->ID, $config->id );
		if ( is_wp_error( $found ) ) {
			// Unpublished, protected, or not part of this post's content nor of a published synced
			// pattern in it (a template, say): visitors couldn't be answered, so they see nothing;
			// editors learn why.
			return current_user_can( 'edit_post', $post->ID ) ? $this->notice( __( 'The AI Assistant answers visitors once this post is published and public, and only when the block is part of the post’s own content or of a synced pattern in it.', 'byok-ai' ) ) : '';
		}
		if ( ! ( $this->service )()->answerable( $found[1] ) ) {
			return $this->notice( current_user_can( 'edit_post', $post->ID ) ? __( 'The AI Assistant can’t answer visitors: no provider it would ask has a usable key, or the visitor limits on Settings → BYOK AI are 0.', 'byok-ai' ) : __( 'This assistant isn’t available right now.', 'byok-ai' ) );
		}
		wp_enqueue_style( self::STYLE );
		return $this->form( $found[1], $post );
	}

	/**
	 * Answers a plain (script-less) form post to a post with the block (template_redirect).
	 */
	public function handle_form(): void {
		// phpcs:disable WordPress.Security.NonceVerification.Missing -- A public form, like the REST route: no nonce, so cached pages keep working; it changes nothing on anyone's behalf, and the visitor limits apply.
		if ( ! isset( $_SERVER['REQUEST_METHOD'], $_POST['byok_ai_block'], $_POST['byok_ai_post'] ) || 'POST' !== $_SERVER['REQUEST_METHOD'] || ! is_singular() ) {
			return;
		}
		$post_id = absint( wp_unslash( $_POST['byok_ai_post'] ) );
		if ( get_queried_object_id() !== $post_id ) {
			return;
		}
		$block = sanitize_key( wp_unslash( $_POST['byok_ai_block'] ) );
		if ( isset( $_POST['byok_ai_reset'] ) ) {
			// "New conversation": the form comes back empty, without the signed history.
			unset( $this->form_results[ $block ] );
			return;
		}
		$question = null;
		foreach ( array( 'byok_ai_suggestion', 'byok_ai_question' ) as $field ) {
			if ( null === $question && isset( $_POST[ $field ] ) && is_string( $_POST[ $field ] ) ) {
				// Kept as typed, like the REST route's question: it is bounded and checked by the service,
				// and only ever printed escaped. Stripping tags would garble questions about HTML.
				$question = wp_check_invalid_utf8( wp_unslash( $_POST[ $field ] ) ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized
			}
		}
		$history = isset( $_POST['byok_ai_history'] ) && is_string( $_POST['byok_ai_history'] ) ? trim( sanitize_text_field( wp_unslash( $_POST['byok_ai_history'] ) ) ) : '';
		// phpcs:enable

		// The page now holds one visitor's answer: no cache may keep it.
		nocache_headers();
		$plan   = ( $this->service )()->plan_visit( $post_id, $block, $question, '' === $history ? null : $history, ClientAddress::resolve( $_SERVER, ( $this->policy )()->get()['proxy_header'] ), time() );
		$result = is_wp_error( $plan ) ? $plan : ( $this->service )()->answer( $plan );

		$this->form_results[ $block ] = array(
			'question' => (string) $question,
			'result'   => $result,
		);
	}

	/**
	 * Builds the block's form: plain HTML that works without a script, with the Interactivity
	 * API's directives for the view module (view.ts). Core processes the directives on the
	 * server, so the markup a visitor gets before any script is the state the store starts from.
	 *
	 * @param BlockConfig $config Block settings.
	 * @param WP_Post     $post   Post.
	 */
	private function form( BlockConfig $config, WP_Post $post ): string {
		$ask     = 'ask' === $config->mode;
		$dom_id  = 'byok-ai-' . $config->id;
		$posted  = $this->form_results[ $config->id ] ?? null;
		$result  = null !== $posted ? $posted['result'] : null;
		$asked   = null !== $posted ? $posted['question'] : '';
		$history = is_array( $result ) && isset( $result['history'] ) ? (string) $result['history'] : '';
		$error   = $result instanceof WP_Error ? $result->get_error_message() : '';
		$answer  = is_array( $result ) && isset( $result['text'] ) ? (string) $result['text'] : null;

		wp_interactivity_state(
			self::STORE,
			array(
				'endpoint' => rest_url( 'byok-ai/v1/assistant' ),
				'strings'  => array(
					'thinking'  => __( 'Thinking…', 'byok-ai' ),
					'answering' => __( 'Writing the answer…', 'byok-ai' ),
					'done'      => __( 'Answer complete.', 'byok-ai' ),
					'stopped'   => __( 'Stopped.', 'byok-ai' ),
					'error'     => __( 'The assistant couldn’t answer. Please try again.', 'byok-ai' ),
					'empty'     => __( 'Type a question first.', 'byok-ai' ),
					'pending'   => __( 'Writing the summary…', 'byok-ai' ),
				),
			)
		);
		// Everything a binding reads is a plain value here, so that the server renders it too (the
		// store keeps the flags in step): no negations, no derived state.
		$context = array(
			'post'        => $post->ID,
			'block'       => $config->id,
			'ask'         => $ask,
			'history'     => $history,
			'turns'       => array(),
			'busy'        => false,
			'stopHidden'  => true,
			'resetHidden' => '' === $history,
			'status'      => '',
			'error'       => $error,
			'errorHidden' => '' === $error,
			'cleared'     => false,
		);

		$html  = '<div ' . get_block_wrapper_attributes(
			array(
				'class' => 'is-mode-' . $config->mode,
				'id'    => $dom_id,
			)
		) . ' data-wp-interactive="' . esc_attr( self::STORE ) . '" ' . wp_interactivity_data_wp_context( $context ) . '>';
		$html .= '<form class="byok-ai-assistant__form" method="post" action="' . esc_url( get_permalink( $post ) . '#' . $dom_id ) . '" data-wp-on--submit="actions.submit">';
		$html .= '<input type="hidden" name="byok_ai_block" value="' . esc_attr( $config->id ) . '">';
		$html .= '<input type="hidden" name="byok_ai_post" value="' . esc_attr( (string) $post->ID ) . '">';
		$html .= '<input type="hidden" name="byok_ai_history" value="' . esc_attr( $history ) . '" data-wp-bind--value="context.history">';
		if ( $ask ) {
			$field = 'byok-ai-q-' . $config->id;
			$html .= '<label for="' . esc_attr( $field ) . '" class="byok-ai-assistant__label">' . esc_html( '' !== $config->label ? $config->label : __( 'Ask a question about this post', 'byok-ai' ) ) . '</label>';
			$html .= '<textarea id="' . esc_attr( $field ) . '" name="byok_ai_question" class="byok-ai-assistant__question" rows="3" maxlength="' . esc_attr( (string) Conversation::MAX_QUESTION_LENGTH ) . '"' . ( '' !== $config->placeholder ? ' placeholder="' . esc_attr( $config->placeholder ) . '"' : '' ) . ' data-wp-bind--readonly="context.busy" data-wp-on--keydown="actions.keydown"></textarea>';
			if ( $config->suggestions ) {
				$html .= '<div class="byok-ai-assistant__suggestions">';
				foreach ( $config->suggestions as $suggestion ) {
					$html .= '<button type="submit" name="byok_ai_suggestion" value="' . esc_attr( $suggestion ) . '" class="byok-ai-assistant__suggestion" data-wp-bind--aria-disabled="context.busy">' . esc_html( $suggestion ) . '</button>';
				}
				$html .= '</div>';
			}
		}
		$button = '' !== $config->button_text ? $config->button_text : ( $ask ? __( 'Ask', 'byok-ai' ) : __( 'Summarize this post', 'byok-ai' ) );
		$html  .= '<div class="byok-ai-assistant__actions">';
		$html  .= '<button type="submit" class="byok-ai-assistant__submit wp-element-button" data-wp-bind--aria-disabled="context.busy">' . esc_html( $button ) . '</button>';
		// Stop only means something to the script: hidden until it streams.
		$html .= '<button type="button" class="byok-ai-assistant__stop" hidden data-wp-bind--hidden="context.stopHidden" data-wp-on--click="actions.stop">' . esc_html__( 'Stop', 'byok-ai' ) . '</button>';
		// A submit button, so that it works without the script too: the post comes back without the
		// conversation (handle_form() answers nothing).
		$html .= '<button type="submit" name="byok_ai_reset" value="1" class="byok-ai-assistant__reset"' . ( '' === $history ? ' hidden' : '' ) . ' data-wp-bind--hidden="context.resetHidden">' . esc_html__( 'New conversation', 'byok-ai' ) . '</button>';
		$html .= '</div></form>';

		$html .= '<p class="byok-ai-assistant__status" role="status" aria-live="polite" data-wp-text="context.status"></p>';
		$html .= '<p class="byok-ai-assistant__error" role="alert"' . ( '' === $error ? ' hidden' : '' ) . ' data-wp-bind--hidden="context.errorHidden" data-wp-text="context.error">' . esc_html( $error ) . '</p>';
		$html .= '<div class="byok-ai-assistant__log" aria-live="polite" aria-busy="false" data-wp-bind--aria-busy="context.busy">';
		if ( null !== $answer ) {
			// The script-less answer, as text (the Markdown renderer is the script's).
			$html .= '<div class="byok-ai-assistant__turn" data-wp-bind--hidden="context.cleared">';
			if ( $ask ) {
				$html .= '<p class="byok-ai-assistant__asked">' . esc_html( $asked ) . '</p>';
			}
			$html .= '<div class="byok-ai-assistant__answer">' . nl2br( esc_html( $answer ) ) . '</div></div>';
		}
		// The script's turns. The answer's nodes are the Markdown renderer's (callbacks.paint), so
		// the element has no children of its own for Preact to reconcile.
		$html .= '<template data-wp-each--turn="context.turns" data-wp-each-key="context.turn.id">';
		$html .= '<div class="byok-ai-assistant__turn" data-wp-class--is-error="context.turn.failed" data-wp-class--is-stopped="context.turn.stopped">';
		if ( $ask ) {
			$html .= '<p class="byok-ai-assistant__asked"><span class="byok-ai-assistant__sr">' . esc_html__( 'You asked', 'byok-ai' ) . ': </span><span data-wp-text="context.turn.question"></span></p>';
		}
		$html .= '<span class="byok-ai-assistant__sr">' . esc_html__( 'Answer', 'byok-ai' ) . '</span>';
		$html .= '<div class="byok-ai-assistant__answer" data-wp-watch="callbacks.paint"></div>';
		$html .= '</div></template>';
		$html .= '</div></div>';
		return $html;
	}

	/**
	 * A note for people who can edit the post.
	 *
	 * @param string $message Translated message.
	 */
	private function notice( string $message ): string {
		return '<div ' . get_block_wrapper_attributes( array( 'class' => 'is-unavailable' ) ) . '><p>' . esc_html( $message ) . '</p></div>';
	}
}
