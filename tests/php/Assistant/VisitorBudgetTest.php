<?php
/**
 * Budgets on the block's public path (issue 15.2, the visitor side).
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Spend\Services;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * A visitor's question holds its worst case on the overall, provider and visitors' caps before
 * anything is sent, and settles at its cost. Over a cap the visitor gets a neutral 429
 * (byok_ai_budget_exceeded) and nothing goes upstream; the fallback chain doesn't route around a
 * cap. Authors' previews count as logged-in use, not against the visitors' cap.
 *
 * Prices: input 0, output 1,000 per million tokens (1,000 micros a token), so a block capped at
 * 16 answer tokens holds exactly 16,000 micros whatever its prompt, and an answer of N words costs
 * N × 1,000 micros.
 */
class VisitorBudgetTest extends TestCase {

	/**
	 * OpenAI first, then Anthropic; prices for every model.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
		$this->assertIsArray(
			$this->plugin()->policy()->update(
				array(
					'primary'  => 'openai',
					'fallback' => array( 'anthropic' ),
				)
			)
		);
		add_filter( 'byok_ai_prices', array( $this, 'prices' ) );
		$this->spend()->prices->flush();
	}

	/**
	 * Removes the prices.
	 */
	protected function tear_down(): void {
		remove_filter( 'byok_ai_prices', array( $this, 'prices' ) );
		$this->spend()->prices->flush();
		parent::tear_down();
	}

	/**
	 * Every model of every provider: input 0, output 1,000 per million tokens.
	 *
	 * @return array<string, array<string, array<string, float>>>
	 */
	public function prices(): array {
		$price = array(
			'*' => array(
				'input'        => 0.0,
				'output'       => 1000.0,
				'cached_input' => 0.0,
				'reasoning'    => 0.0,
			),
		);
		return array_fill_keys( $this->plugin()->registry()->ids(), $price );
	}

	/**
	 * The engine's spend services.
	 */
	private function spend(): Services {
		return $this->plugin()->chat()->spend();
	}

	/**
	 * Sets the budgets.
	 *
	 * @param array<string, mixed> $rules Budgets (site currency).
	 */
	private function budgets( array $rules ): void {
		$this->assertTrue( $this->spend()->rules->save( $rules, $this->plugin()->registry()->ids(), array_keys( wp_roles()->roles ) ) );
	}

	/**
	 * What a counter holds today (micros).
	 *
	 * @param string $counter Counter.
	 */
	private function spent( string $counter ): int {
		foreach ( $this->spend()->budget->current( $this->plugin()->registry()->ids() ) as $row ) {
			if ( $counter === $row['counter'] && 'day' === $row['period'] ) {
				return $row['spent'];
			}
		}
		$this->fail( "No cap on {$counter}." );
	}

	/**
	 * A post with an ask block capped at 16 answer tokens.
	 */
	private function block_post(): int {
		return $this->assistant_post( array( 'maxTokens' => 16 ) );
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
	 * A visitors' cap of exactly one worst case: the first question holds it all and settles at
	 * its cost; the second can't hold its worst case on what is left: a neutral 429 with
	 * Retry-After, in JSON and in the stream, and no upstream call.
	 */
	public function test_a_visitor_over_the_visitors_cap_gets_a_neutral_refusal(): void {
		$this->budgets( array( 'visitors' => array( 'day' => 0.016 ) ) );
		$post  = $this->block_post();
		$first = $this->ask( $post, 'How long?' );
		$this->assertSame( 200, $first->get_status() );
		$this->assertSame( 'Echo: How long?', $first->get_data()['text'] );
		$this->assertSame( 3000, $this->spent( 'visitors' ), 'Settled at its cost: 3 words × 1,000 micros.' );
		$this->assertCount( 1, FakeProvider::calls() );

		FakeProvider::reset();
		$second = $this->ask( $post, 'And again?' );
		$this->assertSame( 429, $second->get_status() );
		$this->assertSame( 'byok_ai_budget_exceeded', $this->error_code( $second ) );
		$this->assertSame( 'The assistant has reached its limit for now. Please try again later.', $second->get_data()['message'] );
		$this->assertGreaterThan( 0, (int) $second->get_headers()['Retry-After'] );
		$this->assertStringNotContainsString( 'budget', $second->get_data()['message'] );
		$this->assertStringNotContainsString( '0.016', (string) wp_json_encode( $second->get_data() ) );

		$events = $this->stream_events( $this->ask( $post, 'Streamed?', true ) );
		$last   = end( $events );
		$this->assertSame( 'error', $last[0] );
		$this->assertSame( 'byok_ai_budget_exceeded', $last[1]['code'] );
		$this->assertSame( 'The assistant has reached its limit for now. Please try again later.', $last[1]['message'] );
		$this->assertSame( array(), FakeProvider::calls(), 'Nothing was sent upstream, not even to the fallback.' );
		$this->assertSame( 3000, $this->spent( 'visitors' ), 'Refusals hold nothing.' );
	}

	/**
	 * The provider's cap refuses that provider and ends the chain: the fallback (Anthropic) isn't
	 * asked instead. The overall cap stops visitors too.
	 */
	public function test_the_fallback_chain_does_not_route_around_a_cap(): void {
		$this->budgets( array( 'providers' => array( 'openai' => array( 'day' => 0.001 ) ) ) );
		$post     = $this->block_post();
		$response = $this->ask( $post, 'Hello?' );
		$this->assertSame( 429, $response->get_status() );
		$this->assertSame( 'byok_ai_budget_exceeded', $this->error_code( $response ) );
		$this->assertSame( array(), FakeProvider::calls() );

		$this->budgets( array( 'overall' => array( 'month' => 0.001 ) ) );
		$this->assertSame( 429, $this->ask( $post, 'Hello?' )->get_status() );
		$this->assertSame( array(), FakeProvider::calls() );
	}

	/**
	 * Visitors count against the visitors' cap, not the logged-in one; an author's preview of the
	 * same block counts as logged-in use (users and the author's own counter), not as a visitor.
	 */
	public function test_visitors_and_previews_count_on_their_own_caps(): void {
		$this->budgets(
			array(
				'visitors' => array( 'day' => 1 ),
				'users'    => array( 'day' => 1 ),
			)
		);
		$post = $this->block_post();
		$this->assertSame( 200, $this->ask( $post, 'Hi?' )->get_status() );
		$this->assertSame( 2000, $this->spent( 'visitors' ) );
		$this->assertSame( 0, $this->spent( 'users' ) );

		$this->act_as( 'editor' );
		$preview = $this->rest(
			'POST',
			'/byok-ai/v1/assistant/preview',
			array(
				'post'       => $post,
				'attributes' => array(
					'blockId'   => 'assist000001',
					'maxTokens' => 16,
				),
				'content'    => 'Cats sleep.',
				'question'   => 'Preview?',
			)
		);
		$this->assertSame( 200, $preview->get_status() );
		$this->assertSame( 2000, $this->spent( 'visitors' ), 'A preview is not a visitor.' );
		$this->assertSame( 2000, $this->spent( 'users' ) );
	}
}
