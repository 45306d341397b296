<?php
/**
 * What visitors see when an answer fails.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Tests\TestCase;

/**
 * Provider trouble reaches visitors in general terms.
 */
class VisitorViewTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	/**
	 * Provider trouble reaches visitors in general terms: no provider name, no key state.
	 */
	public function test_errors_are_shaped_for_visitors(): void {
		$id       = $this->assistant_post();
		$response = $this->visit(
			array(
				'post'     => $id,
				'block'    => 'assist000001',
				'question' => '[[ratelimited]] Hi?',
			)
		);
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'byok_ai_busy', $this->error_code( $response ) );
		$this->assertSame( '7', $response->get_headers()['Retry-After'] );
		$this->assertStringNotContainsString( 'Anthropic', (string) wp_json_encode( $response->get_data() ) );

		$events = $this->stream_events(
			$this->visit(
				array(
					'post'     => $id,
					'block'    => 'assist000001',
					'question' => '[[servererror]] Hi?',
					'stream'   => true,
				)
			)
		);
		$last   = end( $events );
		$this->assertSame( 'error', $last[0] );
		$this->assertSame( 'byok_ai_unavailable', $last[1]['code'] );
		$this->assertStringNotContainsString( 'Anthropic', (string) wp_json_encode( $events ) );
	}
}
