<?php
/**
 * The block inside a synced pattern (reusable block) that a post shows.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * A published pattern shown by a published post answers visitors as the post's own block would;
 * anything less is the same 404 and renders nothing.
 */
class SyncedPatternTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	/**
	 * Creates a synced pattern (wp_block) holding the block, or whatever content is given.
	 *
	 * @param array<string, mixed> $post    Post fields.
	 * @param string|null          $content Content; the block "pattern00001" by default.
	 */
	private function pattern( array $post = array(), ?string $content = null ): int {
		$id = wp_insert_post(
			wp_slash(
				array_merge(
					array(
						'post_type'    => 'wp_block',
						'post_title'   => 'Ask box',
						'post_status'  => 'publish',
						'post_content' => $content ?? '<!-- wp:byok-ai/assistant {"blockId":"pattern00001","instructions":"From the pattern."} /-->',
					),
					$post
				)
			)
		);
		$this->assertIsInt( $id );
		$this->assertGreaterThan( 0, $id );
		return $id;
	}

	/**
	 * Creates a post that shows a pattern after a paragraph.
	 *
	 * @param int                  $pattern Pattern id.
	 * @param array<string, mixed> $post    Post fields.
	 */
	private function post_showing( int $pattern, array $post = array() ): int {
		$id = wp_insert_post(
			wp_slash(
				array_merge(
					array(
						'post_title'   => 'About cats',
						'post_status'  => 'publish',
						'post_content' => "<!-- wp:paragraph -->\n<p>Cats sleep sixteen hours a day.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:block {\"ref\":" . $pattern . '} /-->',
					),
					$post
				)
			)
		);
		$this->assertIsInt( $id );
		return $id;
	}

	/**
	 * Asks the pattern's block through a post.
	 *
	 * @param int $post Post id.
	 */
	private function ask( int $post ): \WP_REST_Response {
		return $this->visit(
			array(
				'post'     => $post,
				'block'    => 'pattern00001',
				'question' => 'How long do cats sleep?',
			)
		);
	}

	/**
	 * The block answers from the pattern's saved settings and the post's text.
	 */
	public function test_answers_through_the_post_that_shows_it(): void {
		$post     = $this->post_showing( $this->pattern() );
		$response = $this->ask( $post );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'Echo: How long do cats sleep?', $response->get_data()['text'] );
		$call = FakeProvider::calls()[0]['body'];
		$this->assertStringContainsString( 'From the pattern.', $call['system'] ?? wp_json_encode( $call ) );
		$this->assertStringContainsString( 'Cats sleep sixteen hours a day.', (string) wp_json_encode( $call ) );
	}

	/**
	 * Unpublished patterns, posts that don't show the pattern, and patterns asked for directly all
	 * get the same 404 with no upstream call.
	 *
	 * @return array<string, array{0: string}>
	 */
	public function refusals(): array {
		return array(
			'draft pattern'          => array( 'draft pattern' ),
			'private pattern'        => array( 'private pattern' ),
			'draft post'             => array( 'draft post' ),
			'post without the ref'   => array( 'post without the ref' ),
			'pattern asked directly' => array( 'pattern asked directly' ),
			'ref to another type'    => array( 'ref to another type' ),
			'pattern showing itself' => array( 'pattern showing itself' ),
			'block of another id'    => array( 'block of another id' ),
		);
	}

	/**
	 * See refusals().
	 *
	 * @dataProvider refusals
	 * @param string $case Case.
	 */
	public function test_refusals( string $case ): void {
		switch ( $case ) {
			case 'draft pattern':
				$post = $this->post_showing( $this->pattern( array( 'post_status' => 'draft' ) ) );
				break;
			case 'private pattern':
				$post = $this->post_showing( $this->pattern( array( 'post_status' => 'private' ) ) );
				break;
			case 'draft post':
				$post = $this->post_showing( $this->pattern(), array( 'post_status' => 'draft' ) );
				break;
			case 'post without the ref':
				$this->pattern();
				$post = $this->assistant_post();
				break;
			case 'pattern asked directly':
				$post = $this->pattern();
				break;
			case 'ref to another type':
				// A published post of another type holding the block, shown through a ref.
				$post = $this->post_showing( $this->pattern( array( 'post_type' => 'page' ) ) );
				break;
			case 'pattern showing itself':
				$pattern = $this->pattern( array(), '' );
				wp_update_post(
					array(
						'ID'           => $pattern,
						'post_content' => '<!-- wp:block {"ref":' . $pattern . '} /-->',
					)
				);
				$post = $this->post_showing( $pattern );
				break;
			default:
				$post = $this->post_showing( $this->pattern( array(), '<!-- wp:byok-ai/assistant {"blockId":"other0000001"} /-->' ) );
		}
		$response = $this->ask( $post );
		$this->assertSame( 404, $response->get_status(), $case );
		$this->assertSame( 'byok_ai_not_found', $this->error_code( $response ) );
		$this->assertSame( array(), FakeProvider::calls() );
	}

	/**
	 * On the page the pattern's block is the usual form, naming the post that shows it.
	 */
	public function test_renders_in_the_post(): void {
		$post = $this->post_showing( $this->pattern() );
		$html = $this->render_post( $post );
		$this->assertStringContainsString( 'name="byok_ai_block" value="pattern00001"', $html );
		$this->assertStringContainsString( 'name="byok_ai_post" value="' . $post . '"', $html );
	}
}
