<?php
/**
 * POST /byok-ai/v1/chat: who may chat, what a chat body may hold, what a client that leaves stops.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Ai\ChatRequest;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * The chat route's permission and schema, an unconfigured site, client disconnects.
 */
class ChatControllerTest extends TestCase {

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
	 * Nothing configured: a clear 503.
	 */
	public function test_nothing_configured(): void {
		foreach ( array_keys( self::KEYS ) as $provider ) {
			$this->plugin()->keys()->delete( $provider );
		}
		update_option( 'byok_ai_provider_settings', array() );
		$this->act_as( 'editor' );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello', array( 'stream' => true ) ) );
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'byok_ai_not_configured', $this->error_code( $response ) );
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

}
