<?php
/**
 * Budgets on the logged-in chat path: each attempt holds its worst case, then settles.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Ai;

use ByokAi\Spend\Budget;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\Spend\SpendHelpers;
use ByokAi\Tests\TestCase;

/**
 * Through the REST route and the fake provider: a request whose worst case a cap can't cover
 * never reaches a provider; what a call cost is what its usage row says; a budget refusal
 * ends the fallback chain; streams settle too, cut ones included; alerts go out once.
 */
class CallBudgetTest extends TestCase {

	use SpendHelpers;

	/** @var list<array<string, mixed>> Mails sent during the test. */
	private array $mails = array();

	/**
	 * OpenAI first, then Anthropic; every model priced 10 (input) and 20 (output) per million
	 * tokens: 10 and 20 micros a token.
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
		$this->price( 10, 20 );
		$this->mails = array();
		add_filter( 'pre_wp_mail', array( $this, 'capture_mail' ), 10, 2 );
		$this->act_as( 'author' );
	}

	/**
	 * Removes the filters.
	 */
	protected function tear_down(): void {
		$this->unprice();
		remove_filter( 'pre_wp_mail', array( $this, 'capture_mail' ) );
		parent::tear_down();
	}

	/**
	 * Records a mail instead of sending it.
	 *
	 * @param mixed                $short_circuit Previous value.
	 * @param array<string, mixed> $atts          Mail.
	 */
	public function capture_mail( $short_circuit, array $atts ): bool {
		$this->mails[] = $atts;
		return true;
	}

	/**
	 * The usage rows, oldest first.
	 *
	 * @return list<array<string, string|null>>
	 */
	private function rows(): array {
		global $wpdb;
		$table = $this->plugin()->usage()->table();
		return $wpdb->get_results( "SELECT provider, outcome, input_tokens, output_tokens, cost_micros, streamed FROM {$table} ORDER BY id", ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * A chat body with an output cap.
	 *
	 * @param string               $text  Message.
	 * @param array<string, mixed> $extra Other fields.
	 * @return array<string, mixed>
	 */
	private function body( string $text, array $extra = array() ): array {
		return $this->chat_body( $text, $extra + array( 'max_tokens' => 100 ) );
	}

	/**
	 * A cap below the worst case (100 output tokens × 20 = 2,000 micros alone) refuses before
	 * any provider is called: 429, the budget's code and a message naming the cap.
	 */
	public function test_refused_when_the_cap_cannot_cover_the_worst_case(): void {
		$this->budgets( array( 'overall' => array( 'day' => 0.002 ) ) );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->body( 'hello' ) );

		$this->assertSame( 429, $response->get_status() );
		$this->assertSame( Budget::ERROR, $this->error_code( $response ) );
		$this->assertStringContainsString( 'The daily AI budget has been reached, so this request was not sent.', $response->get_data()['message'] );
		$this->assertNotEmpty( $response->get_headers()['Retry-After'] );
		$this->assertSame( array(), FakeProvider::calls(), 'no upstream call' );
		$this->assertSame( 0, $this->spent( 'overall' ) );
		$rows = $this->rows();
		$this->assertCount( 1, $rows );
		$this->assertSame( Budget::ERROR, $rows[0]['outcome'] );
		$this->assertSame( '0', $rows[0]['cost_micros'] );
	}

	/**
	 * After an answer the counters hold exactly its cost, the cost on its usage row: input at 10
	 * and output at 20 micros a token; the person's own cap counts it too.
	 */
	public function test_settles_the_cost_of_the_answer(): void {
		$this->budgets(
			array(
				'overall'   => array(
					'day'   => 1,
					'month' => 5,
				),
				'providers' => array( 'openai' => array( 'day' => 1 ) ),
				'per_user'  => array( 'day' => 1 ),
			)
		);
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->body( 'hello there you' ) );
		$this->assertSame( 200, $response->get_status() );

		$rows = $this->rows();
		$this->assertCount( 1, $rows );
		$cost = 10 * (int) $rows[0]['input_tokens'] + 20 * (int) $rows[0]['output_tokens'];
		$this->assertSame( array( '3', '4' ), array( $rows[0]['input_tokens'], $rows[0]['output_tokens'] ) );
		$this->assertSame( (string) $cost, $rows[0]['cost_micros'] );
		foreach ( array( 'overall', 'provider:openai' ) as $counter ) {
			$this->assertSame( $cost, $this->spent( $counter ), $counter );
		}
		$ledger = $this->spend()->ledger->read( array( 'user:' . get_current_user_id() . '@' . \ByokAi\Spend\Period::id( 'day', time() ) ) );
		$this->assertSame( $cost, array_values( $ledger )[0]['amount'] );

		// A second answer adds its own cost.
		$this->rest( 'POST', '/byok-ai/v1/chat', $this->body( 'hello there you' ) );
		$this->assertSame( 2 * $cost, $this->spent( 'overall' ) );
	}

	/**
	 * A provider's cap refuses at that provider and the chain stops: the next provider, with
	 * room of its own and under the overall cap, is not asked.
	 */
	public function test_fallback_does_not_route_around_a_provider_cap(): void {
		$this->budgets(
			array(
				'overall'   => array( 'day' => 10 ),
				'providers' => array( 'openai' => array( 'day' => 0.001 ) ),
			)
		);
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->body( 'hello' ) );

		$this->assertSame( 429, $response->get_status() );
		$this->assertSame( Budget::ERROR, $this->error_code( $response ) );
		$this->assertStringContainsString( 'The daily budget for OpenAI', $response->get_data()['message'] );
		$this->assertSame(
			array(
				array(
					'provider' => 'openai',
					'code'     => Budget::ERROR,
				),
			),
			$response->get_data()['data']['attempts']
		);
		$this->assertSame( array(), FakeProvider::calls() );
		$this->assertSame( 0, $this->spent( 'overall' ) );
	}

	/**
	 * A failure that billed nothing (429 from the provider) gives its hold back, so the
	 * fallback fits under an overall cap that holds one worst case; a timeout keeps its hold
	 * (the provider may have billed it), and the fallback is refused by the overall cap.
	 */
	public function test_fallback_counts_against_the_overall_cap(): void {
		// Worst case here: about 60 input tokens (the body) × 10 + 100 × 20 ≈ 2,600 micros.
		$this->budgets( array( 'overall' => array( 'day' => 0.004 ) ) );
		$this->assertTrue( $this->plugin()->keys()->store( 'openai', self::KEYS['openai'] . '-ratelimited', 'valid' ) );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->body( 'hello' ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'anthropic', $response->get_data()['provider'] );
		$rows = $this->rows();
		$this->assertSame( array( '0', $rows[1]['cost_micros'] ), array_column( $rows, 'cost_micros' ) );
		$this->assertSame( (int) $rows[1]['cost_micros'], $this->spent( 'overall' ) );

		FakeProvider::reset();
		$before = $this->spent( 'overall' );
		add_filter( 'byok_ai_request_timeout', static fn() => 1 );
		$this->assertTrue( $this->plugin()->keys()->store( 'openai', self::KEYS['openai'] . '-slow', 'valid' ) );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->body( 'hello' ) );
		remove_all_filters( 'byok_ai_request_timeout' );

		$this->assertSame( Budget::ERROR, $this->error_code( $response ) );
		$this->assertSame( array( 'byok_ai_timeout', Budget::ERROR ), array_column( $response->get_data()['data']['attempts'], 'code' ) );
		$this->assertSame( array( 'openai' ), array_column( FakeProvider::calls(), 'provider' ), 'Anthropic is never asked' );
		$this->assertGreaterThan( $before + 2000, $this->spent( 'overall' ), 'the timed-out call keeps its hold' );
	}

	/**
	 * A streamed answer settles at its end like a complete one; a stream the client leaves
	 * after the first text settles what was delivered (less than the hold); a stream refused
	 * by the provider before any text gives everything back.
	 */
	public function test_streams_settle(): void {
		$this->budgets( array( 'overall' => array( 'day' => 1 ) ) );
		$events = $this->stream_events( $this->rest( 'POST', '/byok-ai/v1/chat', $this->body( 'hello there you', array( 'stream' => true ) ) ) );
		$this->assertSame( 'done', end( $events )[0] );
		$rows = $this->rows();
		$this->assertSame( '1', $rows[0]['streamed'] );
		$this->assertSame( 10 * (int) $rows[0]['input_tokens'] + 20 * (int) $rows[0]['output_tokens'], (int) $rows[0]['cost_micros'] );
		$this->assertSame( (int) $rows[0]['cost_micros'], $this->spent( 'overall' ) );

		$before = $this->spent( 'overall' );
		$this->stream_events( $this->rest( 'POST', '/byok-ai/v1/chat', $this->body( 'one two three four five six', array( 'stream' => true ) ) ), 1 );
		$cut = $this->rows()[1];
		$this->assertSame( 'byok_ai_client_aborted', $cut['outcome'] );
		$this->assertGreaterThan( 0, (int) $cut['cost_micros'] );
		$this->assertLessThan( 2000, (int) $cut['cost_micros'], 'far below the hold (100 output tokens alone are 2,000)' );
		$this->assertSame( $before + (int) $cut['cost_micros'], $this->spent( 'overall' ) );

		$before = $this->spent( 'overall' );
		$this->assertTrue( $this->plugin()->keys()->store( 'anthropic', self::KEYS['anthropic'] . '-invalid', 'valid' ) );
		$this->assertTrue( $this->plugin()->keys()->store( 'openai', self::KEYS['openai'] . '-invalid', 'valid' ) );
		$events = $this->stream_events( $this->rest( 'POST', '/byok-ai/v1/chat', $this->body( 'hello', array( 'stream' => true ) ) ) );
		$this->assertSame( 'error', end( $events )[0] );
		$this->assertSame( $before, $this->spent( 'overall' ) );
	}

	/**
	 * A streamed request a budget can't cover is refused before the stream starts, with its
	 * status (the route's preflight); past the preflight (the engine called directly), the
	 * hold's refusal ends the stream with the budget's error event. Nothing is sent either way.
	 */
	public function test_stream_refused_by_a_budget(): void {
		$this->budgets( array( 'users' => array( 'day' => 0 ) ) );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->body( 'hello', array( 'stream' => true ) ) );
		$this->assertSame( 429, $response->get_status() );
		$this->assertSame( Budget::ERROR, $this->error_code( $response ) );
		$this->assertStringContainsString( 'The daily budget for logged-in use', $response->get_data()['message'] );

		$events = array();
		$this->plugin()->chat()->stream(
			\ByokAi\Ai\ChatRequest::from_array( $this->body( 'hello', array( 'cause' => 'user:' . get_current_user_id() ) ) ),
			new \ByokAi\Ai\ChatStream(
				static function ( string $event, array $data ) use ( &$events ): bool {
					$events[] = array( $event, $data );
					return true;
				}
			)
		);
		$this->assertSame( 'error', end( $events )[0] );
		$this->assertSame( Budget::ERROR, end( $events )[1]['code'] );
		$this->assertSame( array(), FakeProvider::calls() );
	}

	/**
	 * Output at 1,000 micros a token, input free; 10 output tokens at most, so a hold of 10,000
	 * fills a cap of 0.01 exactly. The first answer (8 tokens) reaches 80 %: one mail. The
	 * next request can't be covered: refused, the cap counts as reached, one more mail; a
	 * third refusal sends nothing.
	 */
	public function test_alerts_go_out_once_from_real_calls(): void {
		$this->price( 0, 1000 );
		$this->budgets( array( 'overall' => array( 'day' => 0.01 ) ) );
		$body = $this->chat_body( 'one two three four five six seven', array( 'max_tokens' => 10 ) );

		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/chat', $body )->get_status() );
		$this->assertSame( 8000, $this->spent( 'overall' ) );
		$this->assertCount( 1, $this->mails );
		$this->assertSame( 'BYOK AI: The daily AI budget is 80 % used.', $this->mails[0]['subject'] );
		$this->assertStringContainsString( 'options-general.php?page=byok-ai&tab=budgets', $this->mails[0]['message'] );

		$this->assertSame( 429, $this->rest( 'POST', '/byok-ai/v1/chat', $body )->get_status() );
		$this->assertSame( 429, $this->rest( 'POST', '/byok-ai/v1/chat', $body )->get_status() );
		$this->assertCount( 2, $this->mails );
		$this->assertStringContainsString( 'has been reached', $this->mails[1]['subject'] );
		$this->assertSame( array( 'openai' ), array_column( FakeProvider::calls(), 'provider' ) );

		// The admin notice shows it.
		$this->act_as( 'administrator' );
		ob_start();
		$this->spend()->alerts->render_notices();
		$this->assertStringContainsString( 'The daily AI budget has been reached', (string) ob_get_clean() );
	}
}
