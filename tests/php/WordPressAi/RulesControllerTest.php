<?php
/**
 * GET/PUT /byok-ai/v1/wordpress-ai.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\WordPressAi;

use ByokAi\WordPressAi\Gate;

/**
 * Administrators read and change the rules and see which caller spent what.
 */
final class RulesControllerTest extends AiClientTestCase {

	/**
	 * Logged out 401, editor 403.
	 */
	public function test_only_administrators(): void {
		$this->assertSame( 401, $this->rest( 'GET', '/byok-ai/v1/wordpress-ai' )->get_status() );
		$this->act_as( 'editor' );
		$this->assertSame( 403, $this->rest( 'GET', '/byok-ai/v1/wordpress-ai' )->get_status() );
		$this->assertSame( 403, $this->rest( 'PUT', '/byok-ai/v1/wordpress-ai', array( 'gate' => false ) )->get_status() );
	}

	/**
	 * Bad input is refused, good input saved; usage is summed per caller.
	 */
	public function test_update_and_usage_per_caller(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( 400, $this->rest( 'PUT', '/byok-ai/v1/wordpress-ai', array( 'unknown' => 1 ) )->get_status() );
		$this->assertSame( 400, $this->rest( 'PUT', '/byok-ai/v1/wordpress-ai', array( 'callers' => array( 'plugin:x' => 'maybe' ) ) )->get_status() );
		$this->assertSame( 400, $this->rest( 'PUT', '/byok-ai/v1/wordpress-ai', array( 'hourly_limit' => -1 ) )->get_status() );

		$saved = $this->rest(
			'PUT',
			'/byok-ai/v1/wordpress-ai',
			array(
				'callers'      => array( 'plugin:spender' => 'deny' ),
				'hourly_limit' => 30,
			)
		);
		$this->assertSame( 200, $saved->get_status() );
		$this->assertSame( array( 'plugin:spender' => 'deny' ), $saved->get_data()['rules']['callers'] );
		$this->assertSame( 30, $saved->get_data()['rules']['hourly_limit'] );
		$this->assertTrue( $saved->get_data()['rules']['custody'] );

		$usage = $this->plugin()->usage();
		foreach ( array( array( 'plugin:spender', 'ok', 40 ), array( 'plugin:spender', Gate::REFUSED, 0 ), array( 'theme:twentytwentyfive', 'ok', 7 ) ) as $call ) {
			$usage->record(
				array(
					'provider'      => 'openai',
					'model'         => 'gpt-4o-mini',
					'input_tokens'  => 10,
					'output_tokens' => $call[2],
					'latency_ms'    => 5,
					'outcome'       => $call[1],
					'streamed'      => false,
					'cause'         => Gate::cause( $call[0] ),
				)
			);
		}
		$callers = $this->rest( 'GET', '/byok-ai/v1/wordpress-ai' )->get_data()['callers'];
		$this->assertSame(
			array(
				array(
					'caller'        => 'plugin:spender',
					'requests'      => 2,
					'refused'       => 1,
					'errors'        => 0,
					'input_tokens'  => 20,
					'output_tokens' => 40,
				),
				array(
					'caller'        => 'theme:twentytwentyfive',
					'requests'      => 1,
					'refused'       => 0,
					'errors'        => 0,
					'input_tokens'  => 10,
					'output_tokens' => 7,
				),
			),
			$callers
		);
	}
}
