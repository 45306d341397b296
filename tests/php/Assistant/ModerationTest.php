<?php
/**
 * The opt-in check of visitors' questions (OpenAI's moderation endpoint, on the fake provider).
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Assistant\Moderation;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * Off by default; when on, a flagged question is refused without a generation call and counted,
 * and a check that can't be made refuses the question too (fail closed).
 */
class ModerationTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	/**
	 * Asks the test block a question.
	 *
	 * @param int    $post     Post id.
	 * @param string $question Question.
	 * @param bool   $stream   Whether to stream.
	 * @return \WP_REST_Response
	 */
	private function ask( int $post, string $question, bool $stream = false ) {
		return $this->visit(
			array(
				'post'     => $post,
				'block'    => 'assist000001',
				'question' => $question,
				'stream'   => $stream,
			)
		);
	}

	/**
	 * The upstream paths called since the last reset.
	 *
	 * @return list<string>
	 */
	private function paths(): array {
		return array_column( FakeProvider::calls(), 'path' );
	}

	/**
	 * The usage rows, oldest first.
	 *
	 * @return list<array<string, string|null>>
	 */
	private function rows(): array {
		global $wpdb;
		return $wpdb->get_results( 'SELECT provider, model, outcome, cause, cost_micros, post_id, block_id, input_tokens, output_tokens FROM ' . $this->plugin()->usage()->table() . ' ORDER BY id', ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * Off (the default), nothing is checked: even a question the endpoint would flag goes on.
	 */
	public function test_off_by_default(): void {
		$post = $this->assistant_post();
		$this->assertFalse( (bool) get_option( Moderation::OPTION, false ) );
		$response = $this->ask( $post, '[[flagged]] Hello?' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( '/anthropic/v1/messages' ), $this->paths() );
	}

	/**
	 * On, a question that passes is checked with the stored OpenAI key at the OpenAI base URL,
	 * then answered; the check leaves no usage row.
	 */
	public function test_a_question_that_passes_is_checked_then_answered(): void {
		update_option( Moderation::OPTION, '1' );
		$post     = $this->assistant_post();
		$response = $this->ask( $post, 'How long do cats sleep?' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( '/openai/v1/moderations', '/anthropic/v1/messages' ), $this->paths() );
		$check = FakeProvider::calls()[0];
		$this->assertSame(
			array(
				'model' => 'omni-moderation-latest',
				'input' => 'How long do cats sleep?',
			),
			$check['body']
		);
		$this->assertContains( 'authorization', $check['headerNames'] );
		$this->assertFalse( $check['keyInUrl'] );
		$this->assertSame( 'ok', $check['scenario'], 'The fake accepted the stored OpenAI key.' );
		$this->assertSame( array( 'ok' ), array_column( $this->rows(), 'outcome' ), 'Only the answer is recorded.' );
	}

	/**
	 * On, a flagged question gets a neutral refusal (422, as JSON even when a stream was asked
	 * for), costs no generation call, counts against the visitor limits, and is recorded with
	 * outcome byok_ai_moderated and no cost.
	 */
	public function test_a_flagged_question_is_refused_counted_and_costs_no_generation(): void {
		update_option( Moderation::OPTION, '1' );
		$post = $this->assistant_post();
		foreach ( array( false, true ) as $stream ) {
			$response = $this->ask( $post, '[[flagged]] Something hateful', $stream );
			$this->assertSame( 422, $response->get_status() );
			$this->assertSame( Moderation::FLAGGED, $this->error_code( $response ) );
			$this->assertSame( 'The assistant can’t answer this question.', $response->get_data()['message'] );
			$this->assertStringNotContainsStringIgnoringCase( 'openai', (string) wp_json_encode( $response->get_data() ) );
			$this->assert_no_key_in( (string) wp_json_encode( $response->get_data() ) );
		}
		$this->assertSame( array( '/openai/v1/moderations', '/openai/v1/moderations' ), $this->paths(), 'No generation call.' );
		$rows = $this->rows();
		$this->assertCount( 2, $rows );
		$this->assertSame(
			array(
				'provider'      => 'openai',
				'model'         => 'omni-moderation-latest',
				'outcome'       => 'byok_ai_moderated',
				'cause'         => 'visitor:' . $post,
				'cost_micros'   => '0',
				'post_id'       => (string) $post,
				'block_id'      => 'assist000001',
				'input_tokens'  => '0',
				'output_tokens' => '0',
			),
			$rows[0]
		);
		// The visitor limits counted both questions: with a limit of 2 per address, the third is
		// refused before anything is checked.
		$this->assertIsArray( $this->plugin()->policy()->update( array( 'visitor_ip_limit' => 2 ) ) );
		FakeProvider::reset();
		$limited = $this->ask( $post, 'And now?' );
		$this->assertSame( 429, $limited->get_status() );
		$this->assertSame( array(), $this->paths() );
	}

	/**
	 * On, a check that can't be made refuses the question (fail closed: the owner asked for every
	 * question to be checked): the endpoint failing, or no OpenAI key. Nothing is generated.
	 */
	public function test_a_check_that_fails_refuses_the_question(): void {
		update_option( Moderation::OPTION, '1' );
		$post     = $this->assistant_post();
		$response = $this->ask( $post, '[[servererror]] Hello?' );
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'byok_ai_unavailable', $this->error_code( $response ) );
		$this->assertSame( array( '/openai/v1/moderations' ), $this->paths() );
		$this->assertSame( array( 'byok_ai_moderation_failed' ), array_column( $this->rows(), 'outcome' ) );

		FakeProvider::reset();
		$this->plugin()->keys()->delete( 'openai' );
		$response = $this->ask( $post, 'Hello?' );
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'byok_ai_unavailable', $this->error_code( $response ) );
		$this->assertSame( array(), $this->paths(), 'Without an OpenAI key nothing is sent anywhere.' );
	}

	/**
	 * Summaries (no question) and authors' previews are not checked.
	 */
	public function test_summaries_and_previews_are_not_checked(): void {
		update_option( Moderation::OPTION, '1' );
		$post     = $this->assistant_post(
			array(
				'blockId' => 'summary00001',
				'mode'    => 'summarize',
			)
		);
		$response = $this->visit(
			array(
				'post'  => $post,
				'block' => 'summary00001',
			)
		);
		$this->assertSame( 200, $response->get_status() );
		$this->assertNotContains( '/openai/v1/moderations', $this->paths() );
	}

	/**
	 * Administrators turn it on through /wp/v2/settings; editors can't.
	 */
	public function test_the_switch_is_an_administrators_setting(): void {
		$this->act_as( 'editor' );
		$refused = $this->rest( 'POST', '/wp/v2/settings', array( Moderation::OPTION => true ) );
		$this->assertSame( 403, $refused->get_status() );
		$this->assertFalse( (bool) get_option( Moderation::OPTION, false ) );

		$this->act_as( 'administrator' );
		$saved = $this->rest( 'POST', '/wp/v2/settings', array( Moderation::OPTION => true ) );
		$this->assertSame( 200, $saved->get_status() );
		$this->assertTrue( $saved->get_data()[ Moderation::OPTION ] );
		$this->assertTrue( (bool) get_option( Moderation::OPTION ) );
	}
}
