<?php
/**
 * The administrator's policy: who may read and change it, how it is validated.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Ai;

use ByokAi\Tests\TestCase;

/**
 * Only administrators reach the policy, usage and model routes; a refused policy names its field and saves nothing.
 */
class PolicyTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
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
		$this->assertSame( $this->plugin()->policy()->defaults(), $this->plugin()->policy()->get(), 'Nothing was saved.' );
	}
}
