<?php
/**
 * Who may call each route.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Tests\TestCase;

/**
 * Every route: logged out → 401, subscriber/author/editor → 403, administrator → allowed.
 */
class RouteMatrixTest extends TestCase {

	/**
	 * Every route with a request that would succeed for an administrator.
	 *
	 * @return array<string, array{string, string, array<string, mixed>|null, int}>
	 */
	public function routes(): array {
		return array(
			'GET settings'        => array( 'GET', '/byok-ai/v1/settings', null, 200 ),
			'GET provider'        => array( 'GET', '/byok-ai/v1/providers/openai', null, 200 ),
			'PUT provider'        => array( 'PUT', '/byok-ai/v1/providers/openai', array( 'settings' => array( 'base_url' => 'https://api.openai.com/v1' ) ), 200 ),
			'PUT key'             => array( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ), 200 ),
			'DELETE key'          => array( 'DELETE', '/byok-ai/v1/providers/openai/key', null, 200 ),
			'POST key validation' => array( 'POST', '/byok-ai/v1/providers/openai/key/validation', null, 404 ),
		);
	}

	/**
	 * Roles and what they get.
	 *
	 * @return array<string, array{string, int|null}>
	 */
	public function roles(): array {
		return array(
			'logged out'    => array( 'anonymous', 401 ),
			'subscriber'    => array( 'subscriber', 403 ),
			'author'        => array( 'author', 403 ),
			'editor'        => array( 'editor', 403 ),
			'administrator' => array( 'administrator', null ),
		);
	}

	/**
	 * Cartesian product of routes and roles.
	 *
	 * @return array<string, array{string, string, array<string, mixed>|null, int, string, int|null}>
	 */
	public function matrix(): array {
		$cases = array();
		foreach ( $this->routes() as $route_name => $route ) {
			foreach ( $this->roles() as $role_name => $role ) {
				$cases[ "$route_name as $role_name" ] = array_merge( $route, $role );
			}
		}
		return $cases;
	}

	/**
	 * Checks one route for one role.
	 *
	 * @dataProvider matrix
	 *
	 * @param string                    $method      Method.
	 * @param string                    $route       Route.
	 * @param array<string, mixed>|null $body        Body.
	 * @param int                       $admin_code  Status an administrator gets.
	 * @param string                    $role        Role.
	 * @param int|null                  $denied_code Status this role gets, null when allowed.
	 */
	public function test_permissions( string $method, string $route, ?array $body, int $admin_code, string $role, ?int $denied_code ): void {
		$this->act_as( $role );
		$response = $this->rest( $method, $route, $body );
		if ( null === $denied_code ) {
			$this->assertSame( $admin_code, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
			return;
		}
		$this->assertSame( $denied_code, $response->get_status() );
		$this->assertSame( 'byok_ai_forbidden', $this->error_code( $response ) );
		$this->assertFalse( get_option( 'byok_ai_key_openai' ), 'A denied request stored nothing.' );
		$this->assertSame( array(), \ByokAi\Tests\FakeProvider::calls(), 'A denied request reached no provider.' );
	}
}
