<?php
/**
 * Who may chat, what a chat body may hold, and what every call leaves behind.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Chat;

use ByokAi\Ai\ChatRequest;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * The chat route's permission and schema, the policy and usage routes, client disconnects, the
 * hooks and the PHP API.
 */
class ChatRouteTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	/**
	 * Role → status on POST /chat.
	 *
	 * @return array<string, array{0: string, 1: int}>
	 */
	public function roles(): array {
		return array(
			'anonymous'     => array( 'anonymous', 401 ),
			'subscriber'    => array( 'subscriber', 403 ),
			// Contributors' work is reviewed before it is published: they don't spend by default.
			'contributor'   => array( 'contributor', 403 ),
			'author'        => array( 'author', 200 ),
			'editor'        => array( 'editor', 200 ),
			'administrator' => array( 'administrator', 200 ),
		);
	}

	/**
	 * By default every role that can publish posts may chat; nobody else.
	 *
	 * @dataProvider roles
	 *
	 * @param string $role   Role.
	 * @param int    $status Expected status.
	 */
	public function test_capability_matrix( string $role, int $status ): void {
		$this->act_as( $role );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) );
		$this->assertSame( $status, $response->get_status() );
		$this->assertCount( 200 === $status ? 1 : 0, FakeProvider::calls() );
	}

	/**
	 * An administrator changes which roles may chat.
	 */
	public function test_administrator_changes_roles(): void {
		$this->act_as( 'administrator' );
		$response = $this->rest( 'PUT', '/byok-ai/v1/policy', array( 'chat_roles' => array( 'administrator', 'editor' ) ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'administrator', 'editor' ), $response->get_data()['policy']['chat_roles'] );

		$this->act_as( 'author' );
		$this->assertSame( 403, $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) )->get_status() );
		$this->act_as( 'editor' );
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) )->get_status() );
	}

	/**
	 * Only administrators read or change the policy and the usage.
	 *
	 * @return array<string, array{0: string, 1: string, 2: array<string, mixed>|null}>
	 */
	public function admin_routes(): array {
		return array(
			'GET policy' => array( 'GET', '/byok-ai/v1/policy', null ),
			'PUT policy' => array( 'PUT', '/byok-ai/v1/policy', array( 'max_output_tokens' => 10 ) ),
			'GET usage'  => array( 'GET', '/byok-ai/v1/usage', null ),
			'GET models' => array( 'GET', '/byok-ai/v1/providers/openai/models', null ),
		);
	}

	/**
	 * Editors are refused; administrators are not.
	 *
	 * @dataProvider admin_routes
	 *
	 * @param string                    $method Method.
	 * @param string                    $route  Route.
	 * @param array<string, mixed>|null $body   Body.
	 */
	public function test_admin_routes_refuse_editors( string $method, string $route, ?array $body ): void {
		$this->act_as( 'anonymous' );
		$this->assertSame( 401, $this->rest( $method, $route, $body )->get_status() );
		$this->act_as( 'editor' );
		$this->assertSame( 403, $this->rest( $method, $route, $body )->get_status() );
		$this->act_as( 'administrator' );
		$this->assertSame( 200, $this->rest( $method, $route, $body )->get_status() );
	}

	/**
	 * Bad bodies: 400 and no upstream call.
	 *
	 * @return array<string, array{0: array<string, mixed>}>
	 */
	public function bad_bodies(): array {
		$user = array(
			'role'    => 'user',
			'content' => 'hi',
		);
		return array(
			'no messages'         => array( array() ),
			'empty messages'      => array( array( 'messages' => array() ) ),
			'too many messages'   => array( array( 'messages' => array_fill( 0, ChatRequest::MAX_MESSAGES + 1, $user ) ) ),
			'system role'         => array(
				array(
					'messages' => array(
						array(
							'role'    => 'system',
							'content' => 'hi',
						),
					),
				),
			),
			'extra message field' => array( array( 'messages' => array( $user + array( 'name' => 'x' ) ) ) ),
			'last is assistant'   => array(
				array(
					'messages' => array(
						$user,
						array(
							'role'    => 'assistant',
							'content' => 'hi',
						),
					),
				),
			),
			'content too long'    => array(
				array(
					'messages' => array(
						array(
							'role'    => 'user',
							'content' => str_repeat( 'a', ChatRequest::MAX_MESSAGE_LENGTH + 1 ),
						),
					),
				),
			),
			'blank content'       => array(
				array(
					'messages' => array(
						array(
							'role'    => 'user',
							'content' => "  \n ",
						),
					),
				),
			),
			'unknown provider'    => array(
				array(
					'messages' => array( $user ),
					'provider' => 'evil',
				),
			),
			'model with path'     => array(
				array(
					'messages' => array( $user ),
					'model'    => '../../admin',
				),
			),
			'max_tokens as text'  => array(
				array(
					'messages'   => array( $user ),
					'max_tokens' => 'lots',
				),
			),
			'max_tokens too big'  => array(
				array(
					'messages'   => array( $user ),
					'max_tokens' => 1000000,
				),
			),
			'temperature too hot' => array(
				array(
					'messages'    => array( $user ),
					'temperature' => 3,
				),
			),
			'unknown field'       => array(
				array(
					'messages' => array( $user ),
					'base_url' => 'http://evil.example',
				),
			),
			'system too long'     => array(
				array(
					'messages' => array( $user ),
					'system'   => str_repeat( 'a', ChatRequest::MAX_SYSTEM_LENGTH + 1 ),
				),
			),
		);
	}

	/**
	 * Every bound holds.
	 *
	 * @dataProvider bad_bodies
	 *
	 * @param array<string, mixed> $body Body.
	 */
	public function test_bad_body_is_refused( array $body ): void {
		$this->act_as( 'editor' );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $body );
		$this->assertSame( 400, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertCount( 0, FakeProvider::calls() );
	}

	/**
	 * Invalid UTF-8 and a model unknown to Gemini's URL rules never reach a provider.
	 */
	public function test_invalid_utf8_and_unsafe_gemini_model(): void {
		$result = $this->plugin()->api->chat( $this->chat_body( "bad \xC3\x28 text" ) );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'byok_ai_invalid_chat', $result->get_error_code() );

		$this->assertFalse( $this->plugin()->registry->get( 'gemini' )->accepts_model( 'gemini:evil' ) );
		$this->assertInstanceOf( \WP_Error::class, $this->plugin()->policy->update( array( 'models' => array( 'gemini' => array( 'a/../b' ) ) ) ) );
		$this->assertCount( 0, FakeProvider::calls() );
	}

	/**
	 * Nothing configured: a clear 503.
	 */
	public function test_nothing_configured(): void {
		foreach ( array_keys( self::KEYS ) as $provider ) {
			$this->plugin()->keys->delete( $provider );
		}
		update_option( 'byok_ai_provider_settings', array() );
		$this->act_as( 'editor' );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello', array( 'stream' => true ) ) );
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'byok_ai_not_configured', $this->error_code( $response ) );
	}

	/**
	 * Policy validation names the field.
	 */
	public function test_policy_validation(): void {
		$this->act_as( 'administrator' );
		foreach ( array(
			array( array( 'timeout' => 1 ), 'timeout' ),
			array( array( 'fallback' => array( 'openai', 'openai' ) ), 'fallback' ),
			array( array( 'models' => array( 'openai' => array( 'bad model' ) ) ), 'models.openai' ),
			array( array( 'chat_roles' => array( 'pirate' ) ), 'chat_roles' ),
		) as $case ) {
			$response = $this->rest( 'PUT', '/byok-ai/v1/policy', $case[0] );
			$this->assertSame( 400, $response->get_status() );
			$this->assertSame( $case[1], $response->get_data()['data']['field'] );
		}
		$this->assertSame( 400, $this->rest( 'PUT', '/byok-ai/v1/policy', array( 'roles' => array() ) )->get_status() );
		$this->assertSame( $this->plugin()->policy->defaults(), $this->plugin()->policy->get(), 'Nothing was saved.' );
	}

	/**
	 * Every upstream call leaves one usage row with its cause, and the summary adds them up.
	 */
	public function test_usage_is_recorded_and_summed(): void {
		$this->act_as( 'editor' );
		$user = get_current_user_id();
		$this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'one two', array( 'provider' => 'anthropic' ) ) );
		$this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'three [[ratelimited]]', array( 'provider' => 'anthropic' ) ) );
		$this->stream_events(
			$this->rest(
				'POST',
				'/byok-ai/v1/chat',
				$this->chat_body(
					'four',
					array(
						'provider' => 'gemini',
						'stream'   => true,
					)
				)
			)
		);

		global $wpdb;
		$rows = $wpdb->get_results( "SELECT provider, model, input_tokens, output_tokens, outcome, streamed, cause, latency_ms FROM {$wpdb->prefix}byok_ai_usage ORDER BY id", ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$this->assertCount( 3, $rows );
		$this->assertSame( array( 'anthropic', 'claude-haiku-4-5', '2', '3', 'ok', '0', 'user:' . $user ), array_slice( array_values( $rows[0] ), 0, 7 ) );
		$this->assertSame( 'byok_ai_rate_limited', $rows[1]['outcome'] );
		$this->assertSame( array( 'gemini', '1', '2', 'ok', '1' ), array( $rows[2]['provider'], $rows[2]['input_tokens'], $rows[2]['output_tokens'], $rows[2]['outcome'], $rows[2]['streamed'] ) );

		$this->act_as( 'administrator' );
		$usage = $this->rest( 'GET', '/byok-ai/v1/usage' )->get_data();
		$this->assertSame(
			array(
				array(
					'provider'      => 'anthropic',
					'requests'      => 2,
					'errors'        => 1,
					'input_tokens'  => 2,
					'output_tokens' => 3,
				),
				array(
					'provider'      => 'gemini',
					'requests'      => 1,
					'errors'        => 0,
					'input_tokens'  => 1,
					'output_tokens' => 2,
				),
			),
			$usage['today']
		);
		$this->assertSame( $usage['today'], $usage['last_30_days'] );
	}

	/**
	 * A client that leaves mid-stream cuts the upstream request.
	 */
	public function test_disconnect_stops_upstream(): void {
		$this->act_as( 'editor' );
		$text   = 'Echo: ' . implode( ' ', range( 1, 300 ) );
		$events = $this->stream_events(
			$this->rest(
				'POST',
				'/byok-ai/v1/chat',
				$this->chat_body(
					substr( $text, 6 ),
					array(
						'stream'     => true,
						'max_tokens' => 1000,
					)
				)
			),
			2
		);

		$this->assertSame( array( 'start', 'delta', 'delta' ), array_column( $events, 0 ) );
		$this->assertCount( 1, FakeProvider::calls() );
		$call = FakeProvider::first_call_after_disconnect();
		$this->assertTrue( $call['disconnected'], 'The upstream stream was cut before its end.' );
		$this->assertFalse( $call['completed'] );
		global $wpdb;
		$this->assertSame( 'byok_ai_client_aborted', $wpdb->get_var( "SELECT outcome FROM {$wpdb->prefix}byok_ai_usage" ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	}

	/**
	 * The filter sees and changes the normalized request; the policy still applies; the action
	 * reports each call.
	 */
	public function test_hooks(): void {
		$this->assertIsArray( $this->plugin()->policy->update( array( 'max_output_tokens' => 5 ) ) );
		$seen = array();
		add_filter(
			'byok_ai_chat_request',
			static function ( ChatRequest $request ) {
				$request->system     = 'Be terse.';
				$request->max_tokens = 9999;
				return $request;
			}
		);
		add_action(
			'byok_ai_after_call',
			static function ( array $record ) use ( &$seen ): void {
				$seen[] = $record;
			}
		);
		$answer = byok_ai()->chat(
			$this->chat_body(
				'hi',
				array(
					'provider' => 'openai',
					'cause'    => 'php:test-suite',
				)
			)
		);
		remove_all_filters( 'byok_ai_chat_request' );
		remove_all_actions( 'byok_ai_after_call' );

		$this->assertIsArray( $answer );
		$this->assertSame( 'Echo: hi', $answer['text'] );
		$body = FakeProvider::calls()[0]['body'];
		$this->assertSame( 'Be terse.', $body['messages'][0]['content'] );
		$this->assertSame( 5, $body['max_completion_tokens'], 'The cap applies after the filter.' );
		$this->assertCount( 1, $seen );
		$this->assertSame( 'php:test-suite', $seen[0]['cause'] );
		$this->assertSame( 'ok', $seen[0]['outcome'] );
	}

	/**
	 * The PHP API streams through a callback that can stop it.
	 */
	public function test_php_api_stream(): void {
		$pieces = array();
		$answer = byok_ai()->stream(
			$this->chat_body( 'a b c', array( 'provider' => 'anthropic' ) ),
			static function ( string $text ) use ( &$pieces ) {
				$pieces[] = $text;
			}
		);
		$this->assertIsArray( $answer );
		$this->assertSame( 'Echo: a b c', implode( '', $pieces ) );
		$this->assertSame( 'Echo: a b c', $answer['text'] );
		$this->assertTrue( byok_ai()->is_available( 'anthropic' ) );
		$this->plugin()->keys->delete( 'anthropic' );
		$this->assertFalse( byok_ai()->is_available( 'anthropic' ) );
	}

	/**
	 * The models route lists what the provider offers.
	 */
	public function test_models(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( array( 'gpt-4.1', 'gpt-4o-mini' ), $this->rest( 'GET', '/byok-ai/v1/providers/openai/models' )->get_data()['models'] );
		$this->assertSame( array( 'gemini-2.0-flash' ), $this->rest( 'GET', '/byok-ai/v1/providers/gemini/models' )->get_data()['models'] );
		$this->assertSame( array( 'gpt-4o-mini' ), $this->rest( 'GET', '/byok-ai/v1/providers/azure_openai/models' )->get_data()['models'] );
	}
}
