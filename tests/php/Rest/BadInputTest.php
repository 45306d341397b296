<?php
/**
 * Every route, every wrong type, every role: a clear answer and never a PHP warning.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\PluginErrorGuard;
use ByokAi\Tests\TestCase;
use WP_REST_Request;
use WP_REST_Response;

/**
 * Core calls permission callbacks with unvalidated input (the Allow header of every response asks
 * each handler of the matched route, whatever its own schema says), and JSON body fields override
 * URL parameters. So every callback that can run before validation must accept any JSON type.
 *
 * The routes come from the REST server itself, so a new route is covered without editing this test.
 * Each request is dispatched, then passed through `rest_post_dispatch` as WP_REST_Server::serve_request()
 * does. Any warning, notice or deprecation from the plugin's files fails the test (PluginErrorGuard).
 */
class BadInputTest extends TestCase {

	/**
	 * Roles, as the brief lists them.
	 *
	 * @return array<string, array{string}>
	 */
	public function roles(): array {
		return array(
			'logged out'    => array( 'anonymous' ),
			'subscriber'    => array( 'subscriber' ),
			'contributor'   => array( 'contributor' ),
			'author'        => array( 'author' ),
			'editor'        => array( 'editor' ),
			'administrator' => array( 'administrator' ),
		);
	}

	/**
	 * Wrong values of every JSON type.
	 *
	 * @return array<string, mixed>
	 */
	private function bad_values(): array {
		return array(
			'array'       => array( 'x', array( 'y' ) ),
			'object'      => array(
				'a' => 'b',
				'c' => array( 'd' => 1 ),
			),
			'null'        => null,
			'integer'     => 7,
			'negative'    => -1,
			'float'       => 1.5,
			'true'        => true,
			'false'       => false,
			'empty'       => '',
			'huge string' => str_repeat( 'a', 1048577 ),
		);
	}

	/**
	 * A valid value for the fields that have one, so that a bad value of another field reaches
	 * as deep as it can.
	 *
	 * @param int $post Post holding the block.
	 * @return array<string, mixed>
	 */
	private function good_values( int $post ): array {
		return array(
			'post'       => $post,
			'block'      => 'assist000001',
			'question'   => 'Why do cats sleep?',
			'messages'   => array(
				array(
					'role'    => 'user',
					'content' => 'Hello',
				),
			),
			'settings'   => array( 'base_url' => FakeProvider::base_url( 'openai' ) ),
			'key'        => self::KEYS['openai'],
			'attributes' => array( 'blockId' => 'assist000001' ),
		);
	}

	/**
	 * Sends every route every wrong value in every field, as one role.
	 *
	 * @dataProvider roles
	 *
	 * @param string $role Role.
	 */
	public function test_every_route_answers_every_wrong_type_without_a_php_warning( string $role ): void {
		$this->store_keys();
		$post = $this->assistant_post();
		$this->act_as( $role );
		$good   = $this->good_values( $post );
		$routes = rest_get_server()->get_routes( 'byok-ai/v1' );
		$this->assertGreaterThanOrEqual( 12, count( $routes ), 'The plugin’s routes are registered.' );

		$sent = 0;
		foreach ( $routes as $pattern => $handlers ) {
			if ( '/byok-ai/v1' === $pattern ) {
				continue;
			}
			$path    = $this->path( $pattern );
			$methods = array( 'OPTIONS' );
			$fields  = array( 'x_unknown' );
			if ( false !== strpos( $pattern, '(?P<provider>' ) ) {
				$fields[] = 'provider';
			}
			foreach ( $handlers as $handler ) {
				$methods = array_merge( $methods, array_keys( $handler['methods'] ) );
				$fields  = array_merge( $fields, array_keys( $handler['args'] ) );
			}
			$methods = array_unique( $methods );
			$fields  = array_unique( $fields );

			foreach ( $methods as $method ) {
				$base = array();
				foreach ( $handlers as $handler ) {
					if ( empty( $handler['methods'][ $method ] ) ) {
						continue;
					}
					foreach ( $handler['args'] as $name => $arg ) {
						if ( array_key_exists( $name, $good ) && ! empty( $arg['required'] ) ) {
							$base[ $name ] = $good[ $name ];
						}
					}
				}
				// Whole bodies of the wrong type.
				foreach ( array( '[1,2]', '"text"', '7', 'null', 'true', '{"a":', "{\"key\":\"\xff\xfe\"}" ) as $raw ) {
					$this->send( $method, $path, null, $raw );
					++$sent;
				}
				foreach ( $fields as $field ) {
					foreach ( $this->bad_values() as $value ) {
						$this->send( $method, $path, array_merge( $base, array( $field => $value ) ), null );
						++$sent;
					}
					// Invalid UTF-8 can't be JSON: it comes as a query parameter or a form field.
					$this->send( $method, $path, null, null, array( $field => "ab\xc3\x28\xff" ) + $base );
					++$sent;
				}
			}
		}
		$this->assertSame( array(), PluginErrorGuard::drain(), 'No warning, notice or deprecation came from the plugin.' );
		$this->assertGreaterThan( 500, $sent );
	}

	/**
	 * Sends one request and checks that the answer is not a server error.
	 *
	 * @param string                    $method HTTP method.
	 * @param string                    $path   Route.
	 * @param array<string, mixed>|null $json   JSON body.
	 * @param string|null               $raw    Raw JSON body.
	 * @param array<string, mixed>|null $form   Query and form fields.
	 */
	private function send( string $method, string $path, ?array $json, ?string $raw, ?array $form = null ): void {
		$request = new WP_REST_Request( $method, $path );
		if ( null !== $json ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $json ) );
		} elseif ( null !== $raw ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( $raw );
		} elseif ( null !== $form ) {
			$request->set_query_params( $form );
			if ( 'GET' !== $method ) {
				$request->set_header( 'Content-Type', 'application/x-www-form-urlencoded' );
				$request->set_body_params( $form );
			}
		}
		$server   = rest_get_server();
		$dispatch = static function () use ( $server, $request ) {
			return rest_ensure_response( $server->dispatch( $request ) );
		};
		// A body that is JSON but not an object makes WordPress itself warn (it iterates over it).
		$response = null === $raw ? $dispatch() : PluginErrorGuard::tolerating_core( $dispatch );
		$this->assertInstanceOf( WP_REST_Response::class, $response );
		// What serve_request() does next: among others, the Allow header asks every handler's permission callback.
		$response = apply_filters( 'rest_post_dispatch', $response, $server, $request ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's filter, applied as core applies it.
		$this->assertInstanceOf( WP_REST_Response::class, $response );
		$label = $method . ' ' . $path . ' ' . substr( (string) ( $raw ?? wp_json_encode( $json ?? $form ) ), 0, 200 );
		// 502/503 are a provider's answers (the administrator's good requests reach the fake); 500 is a bug.
		$this->assertNotSame( 500, $response->get_status(), $label . ' → ' . substr( (string) wp_json_encode( $response->get_data() ), 0, 300 ) );
		$this->assert_no_key_in( (string) wp_json_encode( $server->response_to_data( $response, false ) ) );
	}

	/**
	 * Turns a route pattern into a path.
	 *
	 * @param string $pattern Route regex.
	 */
	private function path( string $pattern ): string {
		$path = str_replace( '(?P<provider>[a-z_]+)', 'openai', $pattern );
		$this->assertStringNotContainsString( '(?P<', $path, 'Give this test a value for the new URL parameter of ' . $pattern );
		return $path;
	}
}
