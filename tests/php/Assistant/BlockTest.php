<?php
/**
 * The block on the page, the script-less form, and the author's routes.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Assistant\Block;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * What the server renders, what it enqueues, and who may use the editor's routes.
 */
class BlockTest extends TestCase {

	/** @var array{uri: mixed, get: array<mixed>} The request's URI and query, as the suite set them (tear_down() restores them). */
	private array $request;

	/** Whether a test registered the block type again (tear_down() restores the suite's). */
	private bool $registered_again = false;

	/**
	 * Stores keys and resets the asset queues.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
		wp_dequeue_script_module( Block::VIEW_MODULE );
		wp_dequeue_style( Block::STYLE );
		$this->request = array(
			'uri' => $_SERVER['REQUEST_URI'] ?? null, // phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- Saved to be restored as it was.
			'get' => $_GET, // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- Saved to be restored as it was.
		);
	}

	/**
	 * Cleans up the simulated form post.
	 */
	protected function tear_down(): void {
		$_POST = array();
		unset( $_SERVER['REQUEST_METHOD'] );
		wp_dequeue_script_module( Block::VIEW_MODULE );
		$_SERVER['REQUEST_URI'] = $this->request['uri'];
		$_GET                   = $this->request['get'];
		if ( $this->registered_again ) {
			// The block type as the suite registered it, for the request wp-tests-config.php sets up.
			unset( $GLOBALS['current_screen'] );
			$this->register_again( $this->plugin()->block );
			$this->registered_again = false;
		}
		parent::tear_down();
	}

	/**
	 * The published block is a working form before any script runs, with no nonce or other
	 * per-user value that a page cache would freeze, and the plugin's assets are enqueued.
	 */
	public function test_renders_a_cacheable_form(): void {
		$post = $this->assistant_post(
			array(
				'label'       => 'Ask about <b>cats</b>',
				'suggestions' => array( 'Why "purr"?', '', 'Naps?' ),
			)
		);
		$this->act_as( 'administrator' );
		$html = $this->render_post( $post );

		$this->assertStringContainsString( '<form class="byok-ai-assistant__form" method="post" action="' . get_permalink( $post ) . '#byok-ai-assist000001"', $html );
		$this->assertStringContainsString( 'name="byok_ai_block" value="assist000001"', $html );
		$this->assertStringContainsString( 'name="byok_ai_post" value="' . $post . '"', $html );
		$this->assertStringContainsString( '<textarea id="byok-ai-q-assist000001" name="byok_ai_question"', $html );
		$this->assertStringContainsString( 'Ask about &lt;b&gt;cats&lt;/b&gt;</label>', $html );
		$this->assertStringContainsString( 'value="Why &quot;purr&quot;?"', $html );
		$this->assertSame( 2, substr_count( $html, 'byok-ai-assistant__suggestion"' ) );
		$this->assertStringContainsString( 'aria-live="polite"', $html );
		$this->assertStringNotContainsString( wp_create_nonce( 'wp_rest' ), $html, 'No nonce, even for a logged-in administrator.' );
		$this->assertStringNotContainsString( '_wpnonce', $html );

		$this->assertTrue( $this->module_enqueued() );
		$this->assertTrue( wp_style_is( Block::STYLE, 'enqueued' ) );
		$module = $this->registered_module();
		$this->assertStringEndsWith( 'build/assistant/view.js', (string) strtok( $module['src'], '?' ) );
		$this->assertSame( array( '@wordpress/interactivity' ), array_column( $module['dependencies'], 'id' ), 'The view module imports only the Interactivity API, which WordPress provides.' );
		$this->assertFalse( wp_script_is( 'byok-ai-assistant-view-script', 'registered' ), 'No classic view script any more.' );
	}

	/**
	 * The form carries the Interactivity API's directives, its context and the store's state, and
	 * core has processed the bindings on the server: what a visitor sees before the module runs is
	 * the state the store starts from.
	 */
	public function test_renders_directives_context_and_state(): void {
		$post = $this->assistant_post( array( 'suggestions' => array( 'Naps?' ) ) );
		$html = $this->render_post( $post );

		$processor = new \WP_HTML_Tag_Processor( $html );
		$this->assertTrue( $processor->next_tag( array( 'class_name' => 'wp-block-byok-ai-assistant' ) ) );
		$this->assertSame( 'byok-ai/assistant', $processor->get_attribute( 'data-wp-interactive' ) );
		$this->assertSame( 'byok-ai-assist000001', $processor->get_attribute( 'id' ) );
		$context = json_decode( (string) $processor->get_attribute( 'data-wp-context' ), true );
		$this->assertSame(
			array(
				'post'        => $post,
				'block'       => 'assist000001',
				'ask'         => true,
				'history'     => '',
				'turns'       => array(),
				'busy'        => false,
				'stopHidden'  => true,
				'resetHidden' => true,
				'status'      => '',
				'error'       => '',
				'errorHidden' => true,
				'cleared'     => false,
			),
			$context
		);

		$this->assertSame( 'actions.submit', $this->attribute_of( $html, 'form', 'data-wp-on--submit' ) );
		$this->assertSame( 'actions.keydown', $this->attribute_of( $html, 'textarea', 'data-wp-on--keydown' ) );
		$this->assertNull( $this->attribute_of( $html, 'textarea', 'readonly' ), 'Bindings are processed on the server: not busy, not read-only.' );
		$this->assertSame( 'false', $this->attribute_of( $html, 'button', 'aria-disabled', 'byok-ai-assistant__submit' ) );
		$this->assertSame( 'false', $this->attribute_of( $html, 'button', 'aria-disabled', 'byok-ai-assistant__suggestion' ) );
		$this->assertSame( 'actions.stop', $this->attribute_of( $html, 'button', 'data-wp-on--click', 'byok-ai-assistant__stop' ) );
		$this->assertTrue( $this->attribute_of( $html, 'button', 'hidden', 'byok-ai-assistant__stop' ), 'Stop is for the script only.' );
		$this->assertTrue( $this->attribute_of( $html, 'button', 'hidden', 'byok-ai-assistant__reset' ), 'No conversation yet.' );
		$this->assertSame( 'submit', $this->attribute_of( $html, 'button', 'type', 'byok-ai-assistant__reset' ), 'New conversation works without the script.' );
		$this->assertTrue( $this->attribute_of( $html, 'p', 'hidden', 'byok-ai-assistant__error' ) );
		$this->assertSame( 'false', $this->attribute_of( $html, 'div', 'aria-busy', 'byok-ai-assistant__log' ) );
		$this->assertSame( 'context.turns', $this->attribute_of( $html, 'template', 'data-wp-each--turn' ) );
		$this->assertSame( 'callbacks.paint', $this->attribute_of( $html, 'div', 'data-wp-watch', 'byok-ai-assistant__answer' ) );
		$this->assertStringNotContainsString( 'data-byok-ai-assistant', $html, 'The classic script\'s config attribute is gone.' );

		$state = wp_interactivity_state( Block::STORE );
		$this->assertSame( rest_url( 'byok-ai/v1/assistant' ), $state['endpoint'] );
		$this->assertSame( array( 'thinking', 'answering', 'done', 'stopped', 'error', 'empty', 'pending' ), array_keys( $state['strings'] ) );
		$this->assertSame( 'Writing the answer…', $state['strings']['answering'] );
		$this->assertSame( 'Writing the summary…', $state['strings']['pending'] );
	}

	/**
	 * A page without the block gets nothing of the plugin.
	 */
	public function test_nothing_enqueued_without_the_block(): void {
		$post = (int) wp_insert_post(
			array(
				'post_title'   => 'Plain',
				'post_content' => '<!-- wp:paragraph --><p>Hello</p><!-- /wp:paragraph -->',
				'post_status'  => 'publish',
			)
		);
		$this->render_post( $post );
		$this->assertFalse( $this->module_enqueued() );
		$this->assertFalse( wp_style_is( Block::STYLE, 'enqueued' ) );
		foreach ( wp_scripts()->queue as $handle ) {
			$this->assertStringNotContainsString( 'byok-ai', $handle );
		}
	}

	/**
	 * Visitors see nothing where the assistant couldn't answer them; editors see why.
	 */
	public function test_unanswerable_blocks_render_nothing_for_visitors(): void {
		$draft = $this->assistant_post( array(), array( 'post_status' => 'draft' ) );
		$this->assertStringNotContainsString( 'byok-ai-assistant', $this->render_post( $draft ) );
		$this->act_as( 'editor' );
		$this->assertStringContainsString( 'answers visitors once this post is published', $this->render_post( $draft ) );
		$this->assertFalse( $this->module_enqueued(), 'No form, no module.' );
		$this->assertFalse( wp_style_is( Block::STYLE, 'enqueued' ) );

		wp_set_current_user( 0 );
		$this->plugin()->policy()->update( array( 'visitor_ip_limit' => 0 ) );
		$this->assertStringNotContainsString( '<form', $this->render_post( $this->assistant_post() ) );
		$this->assertFalse( $this->module_enqueued() );

		// A second block with a form on the page brings the module back.
		$this->plugin()->policy()->update( array( 'visitor_ip_limit' => 20 ) );
		$this->assertStringContainsString( '<form', $this->render_post( $this->assistant_post() ) );
		$this->assertTrue( $this->module_enqueued() );
	}

	/**
	 * A Query Loop with enhanced pagination keeps it when it holds the block: the block declares
	 * client-side navigation (a classic view script made core turn it off).
	 */
	public function test_query_loop_keeps_enhanced_pagination(): void {
		$this->assistant_post();
		$query  = '<!-- wp:query {"queryId":7,"query":{"perPage":2,"postType":"post","inherit":false},"enhancedPagination":true} -->'
			. '<div class="wp-block-query"><!-- wp:post-template --><!-- wp:post-title /--><!-- wp:byok-ai/assistant {"blockId":"assist000001"} /--><!-- /wp:post-template --></div>'
			. '<!-- /wp:query -->';
		$saved  = $GLOBALS['wp_interactivity'] ?? null;
		$config = static function ( string $markup ): array {
			$api                         = new \WP_Interactivity_API();
			$GLOBALS['wp_interactivity'] = $api; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedVariableFound -- Core's global: a fresh Interactivity API for this render.
			do_blocks( $markup );
			return $api->config( 'core/router' );
		};
		try {
			$this->assertArrayNotHasKey( 'clientNavigationDisabled', $config( $query ) );
			// The test can fail: a block without the support does turn it off.
			register_block_type( 'byok-ai-test/plain', array( 'render_callback' => '__return_empty_string' ) );
			$this->assertTrue( $config( str_replace( '<!-- wp:post-title /-->', '<!-- wp:byok-ai-test/plain /-->', $query ) )['clientNavigationDisabled'] ?? false );
		} finally {
			unregister_block_type( 'byok-ai-test/plain' );
			$GLOBALS['wp_interactivity'] = $saved; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedVariableFound -- Core's global, restored.
		}
	}

	/**
	 * Summarize mode renders a single button and no question field.
	 */
	public function test_summary_form(): void {
		$html = $this->render_post(
			$this->assistant_post(
				array(
					'mode'        => 'summarize',
					'suggestions' => array( 'Ignored in this mode' ),
				)
			)
		);
		$this->assertStringNotContainsString( '<textarea', $html );
		$this->assertStringNotContainsString( 'Ignored in this mode', $html );
		$this->assertStringContainsString( '>Summarize this post</button>', $html );
	}

	/**
	 * Without JavaScript the form posts back to the post; the answer appears in the block, as
	 * text, with a signed token for a follow-up; the response isn't cacheable.
	 */
	public function test_form_post_without_script(): void {
		$post = $this->assistant_post();
		$this->render_post( $post ); // Sets up the main query for the post.
		$_SERVER['REQUEST_METHOD'] = 'POST';
		$_POST                     = wp_slash(
			array(
				'byok_ai_block'    => 'assist000001',
				'byok_ai_post'     => (string) $post,
				'byok_ai_history'  => '',
				'byok_ai_question' => 'Is <script>alert(1)</script> safe?',
			)
		);
		$this->plugin()->block->handle_form();
		$html = $this->render_post( $post );
		$this->assertStringContainsString( '<p class="byok-ai-assistant__asked">Is &lt;script&gt;alert(1)&lt;/script&gt; safe?</p>', $html );
		$this->assertStringContainsString( '<div class="byok-ai-assistant__answer">Echo: Is &lt;script&gt;alert(1)&lt;/script&gt; safe?</div>', $html );
		$this->assertStringNotContainsString( '<script>alert', $html );
		$this->assertMatchesRegularExpression( '/name="byok_ai_history" value="[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/', $html );
		$this->assertCount( 1, FakeProvider::calls() );
		$token = (string) $this->attribute_of( $html, 'input', 'value', null, 'byok_ai_history' );
		$this->assertSame( $token, json_decode( (string) $this->attribute_of( $html, 'div', 'data-wp-context', 'wp-block-byok-ai-assistant' ), true )['history'], 'The script continues the conversation.' );
		$this->assertNull( $this->attribute_of( $html, 'button', 'hidden', 'byok-ai-assistant__reset' ), 'New conversation is offered.' );

		// "New conversation" without the script: the form comes back empty, nothing is asked.
		$_POST = wp_slash(
			array(
				'byok_ai_block'    => 'assist000001',
				'byok_ai_post'     => (string) $post,
				'byok_ai_history'  => $token,
				'byok_ai_question' => 'Ignored',
				'byok_ai_reset'    => '1',
			)
		);
		$this->plugin()->block->handle_form();
		$html = $this->render_post( $post );
		$this->assertCount( 1, FakeProvider::calls() );
		$this->assertStringNotContainsString( 'Echo:', $html );
		$this->assertSame( '', $this->attribute_of( $html, 'input', 'value', null, 'byok_ai_history' ) );
		$this->assertTrue( $this->attribute_of( $html, 'button', 'hidden', 'byok-ai-assistant__reset' ) );

		// A suggestion button's value is the question.
		$_POST = wp_slash(
			array(
				'byok_ai_block'      => 'assist000001',
				'byok_ai_post'       => (string) $post,
				'byok_ai_question'   => '',
				'byok_ai_suggestion' => 'Why do cats purr?',
			)
		);
		$this->plugin()->block->handle_form();
		$this->assertStringContainsString( 'Echo: Why do cats purr?', $this->render_post( $post ) );
	}

	/**
	 * Limits reach script-less visitors as a message in the block.
	 */
	public function test_form_post_shows_limit_message(): void {
		$this->plugin()->policy()->update( array( 'visitor_ip_limit' => 1 ) );
		$post                   = $this->assistant_post();
		$_SERVER['REMOTE_ADDR'] = '192.0.2.50';
		$this->render_post( $post );
		$_SERVER['REQUEST_METHOD'] = 'POST';
		foreach ( array( 1, 2 ) as $round ) {
			$_POST = array(
				'byok_ai_block'    => 'assist000001',
				'byok_ai_post'     => (string) $post,
				'byok_ai_question' => 'Question ' . $round,
			);
			$this->plugin()->block->handle_form();
		}
		$html = $this->render_post( $post );
		$this->assertMatchesRegularExpression( '/<p class="byok-ai-assistant__error" role="alert"[^>]*>You’ve asked a lot of questions\. Please try again in [^<]+\.<\/p>/u', $html );
		$this->assertCount( 1, FakeProvider::calls() );
	}

	/**
	 * The author's options: who may read them, and what they list.
	 */
	public function test_options_route(): void {
		$this->assertSame( 401, $this->rest( 'GET', '/byok-ai/v1/assistant/options' )->get_status() );
		$this->act_as( 'subscriber' );
		$this->assertSame( 403, $this->rest( 'GET', '/byok-ai/v1/assistant/options' )->get_status() );

		$this->plugin()->policy()->update( array( 'models' => array( 'openai' => array( 'gpt-4o-mini', 'gpt-4o' ) ) ) );
		$this->plugin()->keys()->delete( 'gemini' );
		$this->act_as( 'author' );
		$data = $this->rest( 'GET', '/byok-ai/v1/assistant/options' )->get_data();
		$this->assertTrue( $data['usable'] );
		$this->assertFalse( $data['can_manage'] );
		$ids = array_column( $data['providers'], 'id' );
		$this->assertNotContains( 'gemini', $ids );
		$this->assertContains( 'openai', $ids );
		$openai = $data['providers'][ array_search( 'openai', $ids, true ) ];
		$this->assertSame( array( 'gpt-4o-mini', 'gpt-4o' ), $openai['models'] );
		$this->assertSame( 1024, $data['max_tokens_cap'] );
	}

	/**
	 * An author previews the block with unsaved settings and content; the prompt is the one
	 * visitors would get. Others may not.
	 */
	public function test_preview_route(): void {
		$author = $this->make_user( 'author' );
		$post   = $this->assistant_post(
			array(),
			array(
				'post_status' => 'draft',
				'post_author' => $author,
			)
		);
		$body   = array(
			'post'       => $post,
			'attributes' => array(
				'mode'         => 'ask',
				'instructions' => 'Unsaved instructions.',
			),
			'content'    => '<!-- wp:paragraph --><p>Unsaved text about dogs.</p><!-- /wp:paragraph -->',
			'question'   => 'What about dogs?',
		);
		$this->assertSame( 401, $this->rest( 'POST', '/byok-ai/v1/assistant/preview', $body )->get_status() );
		$this->act_as( 'subscriber' );
		$this->assertSame( 403, $this->rest( 'POST', '/byok-ai/v1/assistant/preview', $body )->get_status() );
		$this->act_as( 'author' ); // Another author: can't edit this post.
		$this->assertSame( 403, $this->rest( 'POST', '/byok-ai/v1/assistant/preview', $body )->get_status() );
		$this->assertSame( array(), FakeProvider::calls() );

		wp_set_current_user( $author );
		$response = $this->rest( 'POST', '/byok-ai/v1/assistant/preview', $body );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'Echo: What about dogs?', $response->get_data()['text'] );
		$system = FakeProvider::calls()[0]['body']['system'];
		$this->assertStringContainsString( 'Unsaved instructions.', $system );
		$this->assertStringContainsString( 'Unsaved text about dogs.', $system );
		$this->assertSame( 'preview:' . $author, $this->last_usage_cause() );

		$events = $this->stream_events( $this->rest( 'POST', '/byok-ai/v1/assistant/preview', $body + array( 'stream' => true ) ) );
		$this->assertSame( 'anthropic', $events[0][1]['provider'], 'Authors see which provider answers.' );
	}

	/**
	 * Where an editor may show the block (the command line, the block types route the editor
	 * reads), its title, description and keywords are translated, and the editor's script is
	 * registered.
	 */
	public function test_editor_contexts_get_the_translated_block_type(): void {
		$calls = $this->translate_block_texts();

		unset( $_SERVER['REQUEST_URI'] ); // The command line (WP-CLI).
		$type = $this->register_again( $this->plugin()->block );
		$this->assertSame( 'KI-Assistent', $type->title );
		$this->assertSame( 'Beantwortet Fragen.', $type->description );
		$this->assertContains( 'Zusammenfassung', $type->keywords );
		$this->assertSame( array( 'byok-ai-assistant-editor-script' ), $type->editor_script_handles );
		$this->assertGreaterThan( 0, $calls->count );

		$_SERVER['REQUEST_URI'] = '/wp-admin/post-new.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		set_current_screen( 'post' );
		$this->assertTrue( is_admin() );
		$type = $this->register_again( $this->plugin()->block );
		$this->assertSame( 'KI-Assistent', $type->title );
		$this->assertSame( array( 'byok-ai-assistant-editor-script' ), $type->editor_script_handles );
		unset( $GLOBALS['current_screen'] );

		$_SERVER['REQUEST_URI'] = '/?rest_route=/wp/v2/block-types/byok-ai/assistant';
		$_GET['rest_route']     = '/wp/v2/block-types/byok-ai/assistant';
		$type                   = $this->register_again( $this->plugin()->block );
		$this->assertSame( 'KI-Assistent', $type->title );
		$this->assertSame( array( 'byok-ai-assistant-editor-script' ), $type->editor_script_handles );
		$this->act_as( 'editor' );
		$data = $this->rest( 'GET', '/wp/v2/block-types/byok-ai/assistant' )->get_data();
		$this->assertSame( 'KI-Assistent', $data['title'] );
		$this->assertSame( 'Beantwortet Fragen.', $data['description'] );
		$this->assertContains( 'Zusammenfassung', $data['keywords'] );
	}

	/**
	 * Elsewhere (a page, another REST route) nothing shows the block's title, description or
	 * keywords: they aren't translated (no lookup in the plugin's text domain), the editor's
	 * script isn't registered, and the block renders as ever.
	 */
	public function test_other_requests_skip_the_block_type_translations(): void {
		$calls = $this->translate_block_texts();
		// Another REST route, then a page.
		foreach ( array( array( '/wp/v2/types/post' ), array() ) as $query ) {
			$uri                    = $query ? '/?rest_route=' . $query[0] : '/?p=1';
			$_SERVER['REQUEST_URI'] = $uri;
			$_GET                   = $query ? array( 'rest_route' => $query[0] ) : array( 'p' => '1' );
			$type                   = $this->register_again( $this->plugin()->block );
			$this->assertSame( 'AI Assistant', $type->title, $uri );
			$this->assertSame( array(), $type->editor_script_handles, $uri );
			$this->assertSame( array( Block::VIEW_MODULE ), $type->view_script_module_ids, $uri );
			$this->assertSame( 0, $calls->count, "No translation looked up for $uri." );
		}

		$html = $this->render_post( $this->assistant_post() );
		$this->assertStringContainsString( '<form class="byok-ai-assistant__form"', $html );
		$this->assertTrue( $this->module_enqueued() );
		$this->assertTrue( wp_style_is( Block::STYLE, 'enqueued' ) );
	}

	/**
	 * On WordPress 6.7+ the block type's metadata comes from build/blocks-manifest.php (which
	 * `npm run build` writes from block.json), not from reading and decoding block.json: a copy of
	 * the build whose manifest says otherwise than its block.json registers what the manifest says.
	 * On 6.6 WordPress reads block.json, as before.
	 */
	public function test_metadata_comes_from_the_build_manifest(): void {
		$build = plugin_dir_path( BYOK_AI_FILE ) . 'build';
		$json  = json_decode( (string) file_get_contents( $build . '/assistant/block.json' ), true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- A local file.
		$this->assertFileExists( $build . '/blocks-manifest.php', 'npm run build writes the manifest.' );
		$this->assertSame( array( 'assistant' => $json ), require $build . '/blocks-manifest.php', 'The manifest is block.json, as PHP.' );
		if ( ! function_exists( 'wp_register_block_metadata_collection' ) ) {
			$this->assertSame( 'AI Assistant', $this->register_again( $this->plugin()->block )->title, 'WordPress 6.6 reads block.json.' );
			return;
		}
		$this->assertTrue( \WP_Block_Metadata_Registry::has_metadata( $build . '/assistant' ), 'The build is a registered collection.' );

		$copy = get_temp_dir() . 'byok-ai-manifest-' . wp_generate_password( 8, false );
		try {
			wp_mkdir_p( $copy . '/build/assistant' );
			foreach ( (array) glob( $build . '/assistant/*' ) as $file ) {
				copy( (string) $file, $copy . '/build/assistant/' . basename( (string) $file ) );
			}
			$manifest                       = require $build . '/blocks-manifest.php';
			$manifest['assistant']['title'] = 'AI Assistant, from the manifest';
			file_put_contents( $copy . '/build/blocks-manifest.php', '<?php return ' . var_export( $manifest, true ) . ';' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents, WordPress.PHP.DevelopmentFunctions.error_log_var_export -- A temporary manifest.
			$block = clone $this->plugin()->block;
			$file  = new \ReflectionProperty( Block::class, 'file' );
			$file->setAccessible( true );
			$file->setValue( $block, $copy . '/byok-ai.php' );

			$this->assertSame( 'AI Assistant, from the manifest', $this->register_again( $block )->title );
			$this->assertSame( 'AI Assistant', json_decode( (string) file_get_contents( $copy . '/build/assistant/block.json' ), true )['title'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- A local file.
		} finally {
			foreach ( array_merge( (array) glob( $copy . '/build/assistant/*' ), array( $copy . '/build/blocks-manifest.php' ) ) as $file ) {
				wp_delete_file( (string) $file );
			}
			foreach ( array( '/build/assistant', '/build', '' ) as $dir ) {
				rmdir( $copy . $dir ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_rmdir -- The temporary copy.
			}
		}
	}

	/**
	 * Registers the block type again through a Block (on `init` it happens once per request) and
	 * returns it; tear_down() brings back the suite's registration.
	 *
	 * @param Block $block The plugin's block, or a copy of it.
	 */
	private function register_again( Block $block ): \WP_Block_Type {
		$this->registered_again = true;
		unregister_block_type( 'byok-ai/assistant' );
		$block->register_block();
		$type = \WP_Block_Type_Registry::get_instance()->get_registered( 'byok-ai/assistant' );
		$this->assertInstanceOf( \WP_Block_Type::class, $type );
		return $type;
	}

	/**
	 * Translates the block's title, description and a keyword (their block.json contexts) in the
	 * plugin's text domain, as a language pack would, and counts the lookups.
	 *
	 * @return object{count: int}
	 */
	private function translate_block_texts(): object {
		$calls = (object) array( 'count' => 0 );
		$texts = array(
			'block title'       => array( 'AI Assistant' => 'KI-Assistent' ),
			'block description' => array( 'Lets visitors ask questions about this post, or get a summary of it, answered by the site\'s AI provider.' => 'Beantwortet Fragen.' ),
			'block keyword'     => array( 'summary' => 'Zusammenfassung' ),
		);
		add_filter(
			'gettext_with_context_byok-ai',
			static function ( $translation, $text, $context ) use ( $calls, $texts ) {
				++$calls->count;
				return $texts[ $context ][ $text ] ?? $translation;
			},
			10,
			3
		);
		return $calls;
	}

	/**
	 * Whether the view module is enqueued (7.1 has get_queue(); 6.6 only a private method).
	 */
	private function module_enqueued(): bool {
		$modules = wp_script_modules();
		if ( method_exists( $modules, 'get_queue' ) ) {
			return in_array( Block::VIEW_MODULE, $modules->get_queue(), true );
		}
		$marked = new \ReflectionMethod( $modules, 'get_marked_for_enqueue' );
		$marked->setAccessible( true );
		return array_key_exists( Block::VIEW_MODULE, (array) $marked->invoke( $modules ) );
	}

	/**
	 * The view module's registration.
	 *
	 * @return array{src: string, dependencies: array<array{id: string}>}
	 */
	private function registered_module(): array {
		$registered = new \ReflectionProperty( wp_script_modules(), 'registered' );
		$registered->setAccessible( true );
		$modules = (array) $registered->getValue( wp_script_modules() );
		$this->assertArrayHasKey( Block::VIEW_MODULE, $modules );
		return $modules[ Block::VIEW_MODULE ];
	}

	/**
	 * An attribute of the first tag with the name (and class, or name attribute) in the markup:
	 * its value, true for a boolean attribute, null when absent.
	 *
	 * @param string      $html      Markup.
	 * @param string      $tag       Tag name.
	 * @param string      $attribute Attribute.
	 * @param string|null $class     Class the tag must have.
	 * @param string|null $name      Value of its name attribute.
	 * @return string|true|null
	 */
	private function attribute_of( string $html, string $tag, string $attribute, ?string $class = null, ?string $name = null ) {
		$processor = new \WP_HTML_Tag_Processor( $html );
		$query     = array( 'tag_name' => $tag );
		if ( null !== $class ) {
			$query['class_name'] = $class;
		}
		while ( $processor->next_tag( $query ) ) {
			if ( null === $name || $processor->get_attribute( 'name' ) === $name ) {
				return $processor->get_attribute( $attribute );
			}
		}
		$this->fail( "No <$tag> found." );
	}

	/**
	 * Returns the cause of the newest usage row.
	 */
	private function last_usage_cause(): string {
		global $wpdb;
		return (string) $wpdb->get_var( 'SELECT cause FROM ' . $this->plugin()->usage()->table() . ' ORDER BY id DESC LIMIT 1' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
	}
}
