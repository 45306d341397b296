<?php
/**
 * Tests byok-ai/summarize-post and byok-ai/answer-from-post through core's Abilities API.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\WordPressAi;

use ByokAi\Tests\FakeProvider;

/**
 * Runs the abilities with WP_Ability::execute(), which checks the input schema and permission.
 */
final class AbilitiesTest extends AiClientTestCase {

	/**
	 * Skips where the Abilities API is missing; stores the keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		if ( ! function_exists( 'wp_get_ability' ) ) {
			$this->markTestSkipped( 'No Abilities API on this core (added in 6.9).' );
		}
		$this->store_keys();
	}

	/**
	 * Creates a post by a new author and logs in as them.
	 */
	private function authors_post(): int {
		$author = $this->make_user( 'author' );
		wp_set_current_user( $author );
		$post = wp_insert_post(
			array(
				'post_title'   => 'Cats',
				'post_content' => 'Cats sleep sixteen hours a day.',
				'post_status'  => 'publish',
				'post_author'  => $author,
			)
		);
		$this->assertIsInt( $post );
		return $post;
	}

	/**
	 * Both abilities exist, are not public and not in the REST API.
	 */
	public function test_the_abilities_are_registered_and_not_public(): void {
		foreach ( array( 'byok-ai/summarize-post', 'byok-ai/answer-from-post' ) as $name ) {
			$ability = wp_get_ability( $name );
			$this->assertNotNull( $ability, $name );
			$meta = $ability->get_meta();
			$this->assertFalse( $meta['show_in_rest'] );
			$this->assertFalse( $meta['public'] );
		}
		$public = array_map(
			static function ( $ability ): string {
				return $ability->get_name();
			},
			wp_get_abilities( array( 'meta' => array( 'show_in_rest' => true ) ) )
		);
		$this->assertNotContains( 'byok-ai/summarize-post', $public );
	}

	/**
	 * A summary is made once and then served from the summary store, without a provider call.
	 */
	public function test_summarize_post_uses_the_summary_store(): void {
		$post    = $this->authors_post();
		$ability = wp_get_ability( 'byok-ai/summarize-post' );
		$this->assertNotNull( $ability );
		$first = $ability->execute( array( 'post_id' => $post ) );
		$this->assertIsArray( $first, is_wp_error( $first ) ? $first->get_error_message() : '' );
		$this->assertFalse( $first['cached'] );
		$this->assertNotSame( '', $first['text'] );
		$this->assertCount( 1, FakeProvider::calls() );

		$second = $ability->execute( array( 'post_id' => $post ) );
		$this->assertIsArray( $second );
		$this->assertTrue( $second['cached'] );
		$this->assertSame( $first['text'], $second['text'] );
		$this->assertCount( 1, FakeProvider::calls() );
	}

	/**
	 * A question is answered from the post.
	 */
	public function test_answer_from_post(): void {
		$post   = $this->authors_post();
		$answer = wp_get_ability( 'byok-ai/answer-from-post' )->execute(
			array(
				'post_id'  => $post,
				'question' => 'How long do cats sleep?',
			)
		);
		$this->assertIsArray( $answer, is_wp_error( $answer ) ? $answer->get_error_message() : '' );
		$this->assertNotSame( '', $answer['text'] );
		$body = (string) wp_json_encode( FakeProvider::calls()[0]['body'] );
		$this->assertStringContainsString( 'sixteen hours', $body );
		$this->assertStringContainsString( 'How long do cats sleep?', $body );
	}

	/**
	 * Permission: edit_post on the post and the plugin's capability.
	 */
	public function test_permission_needs_edit_post_and_the_capability(): void {
		$post    = $this->authors_post();
		$ability = wp_get_ability( 'byok-ai/summarize-post' );
		$this->assertNotNull( $ability );

		$this->act_as( 'author' ); // Another author: can't edit this post.
		$this->assertInstanceOf( \WP_Error::class, $ability->execute( array( 'post_id' => $post ) ) );
		$this->act_as( 'subscriber' );
		$this->assertInstanceOf( \WP_Error::class, $ability->execute( array( 'post_id' => $post ) ) );

		$editor = $this->make_user( 'editor' );
		get_role( 'editor' )->remove_cap( 'byok_ai_use' );
		wp_set_current_user( $editor );
		$this->assertInstanceOf( \WP_Error::class, $ability->execute( array( 'post_id' => $post ) ) );
		$this->assertSame( array(), FakeProvider::calls() );
	}
}
