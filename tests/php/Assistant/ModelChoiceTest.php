<?php
/**
 * Which provider, model and length answer a block.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * The block's choice, bounded by the administrator's rules.
 */
class ModelChoiceTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	/**
	 * Attributes typed into the post's markup can't exceed the administrator's rules: a
	 * disallowed model falls back to the allowed default, the answer length to the cap.
	 */
	public function test_block_attributes_are_bounded_by_the_policy(): void {
		$this->plugin()->policy()->update(
			array(
				'max_output_tokens' => 300,
				'models'            => array( 'openai' => array( 'gpt-4o-mini', 'gpt-4o' ) ),
			)
		);
		$id       = $this->assistant_post(
			array(
				'provider'  => 'openai',
				'model'     => 'o1-pro',
				'maxTokens' => 99999,
			)
		);
		$response = $this->visit(
			array(
				'post'     => $id,
				'block'    => 'assist000001',
				'question' => 'Hi?',
			)
		);
		$this->assertSame( 200, $response->get_status() );
		$body = FakeProvider::calls()[0]['body'];
		$this->assertSame( 'openai', FakeProvider::calls()[0]['provider'] );
		$this->assertSame( 'gpt-4o-mini', $body['model'] );
		$this->assertSame( 300, $body['max_completion_tokens'] ?? $body['max_tokens'] );

		// An allowed model chosen by the author is honoured.
		FakeProvider::reset();
		$id = $this->assistant_post(
			array(
				'blockId'  => 'assist000002',
				'provider' => 'openai',
				'model'    => 'gpt-4o',
			)
		);
		$this->visit(
			array(
				'post'     => $id,
				'block'    => 'assist000002',
				'question' => 'Hi?',
			)
		);
		$this->assertSame( 'gpt-4o', FakeProvider::calls()[0]['body']['model'] );
	}
}
