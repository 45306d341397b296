<?php
/**
 * ChatService: its hooks and the models a provider lists.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Ai;

use ByokAi\Ai\ChatRequest;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * The request filter and the after-call action; model lists.
 */
class ChatServiceTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	/**
	 * The filter sees and changes the normalized request; the policy still applies; the action
	 * reports each call.
	 */
	public function test_hooks(): void {
		$this->assertIsArray( $this->plugin()->policy()->update( array( 'max_output_tokens' => 5 ) ) );
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
	 * The models route lists what the provider offers.
	 */
	public function test_models(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( array( 'gpt-4.1', 'gpt-4o-mini' ), $this->rest( 'GET', '/byok-ai/v1/providers/openai/models' )->get_data()['models'] );
		$this->assertSame( array( 'gemini-2.0-flash' ), $this->rest( 'GET', '/byok-ai/v1/providers/gemini/models' )->get_data()['models'] );
		$this->assertSame( array( 'gpt-4o-mini' ), $this->rest( 'GET', '/byok-ai/v1/providers/azure_openai/models' )->get_data()['models'] );
	}
}
