<?php
/**
 * Who may call each route: one matrix of every method of every byok-ai/v1 route × every role.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * The method+route pairs come from the REST server itself, so a new route is in the matrix
 * without editing this test: by default it is for administrators only and is sent no body (give it
 * an entry in expectations() for a body and an exact status). Levels:
 * - manage:  administrators (manage_options); logged out → 401, every other role → 403.
 * - use:     the plugin's capability (by default every role that can publish posts).
 * - preview: the capability and edit_post on the post (an administrator's post: editors, administrators).
 * - public:  anyone.
 * A refused request answers byok_ai_forbidden, stores no key and reaches no provider.
 */
class RoutePermissionsTest extends TestCase {

	/** Stands for the assistant post's id in bodies. */
	private const POST = '{post}';

	/**
	 * Roles and the levels each one reaches.
	 *
	 * @return array<string, list<string>>
	 */
	private static function roles(): array {
		return array(
			'anonymous'     => array( 'public' ),
			'subscriber'    => array( 'public' ),
			// Contributors' work is reviewed before it is published: they don't spend by default.
			'contributor'   => array( 'public' ),
			'author'        => array( 'public', 'use' ),
			'editor'        => array( 'public', 'use', 'preview' ),
			'administrator' => array( 'public', 'use', 'preview', 'manage' ),
		);
	}

	/**
	 * Per route pattern: level, the status an allowed role gets per method, bodies per method,
	 * and whether keys are stored first.
	 *
	 * @return array<string, array{level: string, status: array<string, int>, body?: array<string, array<string, mixed>>, keys?: bool}>
	 */
	private static function expectations(): array {
		$provider = '/byok-ai/v1/providers/(?P<provider>[a-z_]+)';
		$editable = static function ( array $body ): array {
			return array(
				'POST'  => $body,
				'PUT'   => $body,
				'PATCH' => $body,
			);
		};
		$question = array(
			'post'     => self::POST,
			'block'    => 'assist000001',
			'question' => 'Why do cats sleep?',
		);
		return array(
			'/byok-ai/v1/settings'          => array(
				'level'  => 'manage',
				'status' => array( 'GET' => 200 ),
			),
			$provider                       => array(
				'level'  => 'manage',
				'status' => array( '*' => 200 ),
				'body'   => $editable( array( 'settings' => array( 'base_url' => 'https://api.openai.com/v1' ) ) ),
			),
			$provider . '/key'              => array(
				'level'  => 'manage',
				'status' => array( '*' => 200 ),
				'body'   => $editable( array( 'key' => self::KEYS['openai'] ) ),
			),
			// No key yet: the test ran and found nothing to test.
			$provider . '/key/validation'   => array(
				'level'  => 'manage',
				'status' => array( 'POST' => 404 ),
			),
			$provider . '/models'           => array(
				'level'  => 'manage',
				'status' => array( 'GET' => 200 ),
				'keys'   => true,
			),
			'/byok-ai/v1/policy'            => array(
				'level'  => 'manage',
				'status' => array( '*' => 200 ),
				'body'   => $editable( array( 'max_output_tokens' => 10 ) ),
			),
			'/byok-ai/v1/usage'             => array(
				'level'  => 'manage',
				'status' => array( 'GET' => 200 ),
			),
			'/byok-ai/v1/wordpress-ai'      => array(
				'level'  => 'manage',
				'status' => array( '*' => 200 ),
				'body'   => $editable( array( 'gate' => true ) ),
			),
			'/byok-ai/v1/chat'              => array(
				'level'  => 'use',
				'status' => array( 'POST' => 200 ),
				'body'   => array(
					'POST' => array(
						'messages' => array(
							array(
								'role'    => 'user',
								'content' => 'hello',
							),
						),
					),
				),
				'keys'   => true,
			),
			'/byok-ai/v1/assistant/options' => array(
				'level'  => 'use',
				'status' => array( 'GET' => 200 ),
				'keys'   => true,
			),
			'/byok-ai/v1/assistant/preview' => array(
				'level'  => 'preview',
				'status' => array( 'POST' => 200 ),
				'body'   => array(
					'POST' => array(
						'post'       => self::POST,
						'attributes' => array( 'blockId' => 'assist000001' ),
						'question'   => 'Why do cats sleep?',
					),
				),
				'keys'   => true,
			),
			'/byok-ai/v1/assistant'         => array(
				'level'  => 'public',
				'status' => array( 'POST' => 200 ),
				'body'   => array( 'POST' => $question ),
				'keys'   => true,
			),
		);
	}

	/**
	 * Every method of every registered route, as every role.
	 *
	 * @return array<string, array{string, string, string}>
	 */
	public function matrix(): array {
		$routes                    = rest_get_server()->get_routes( 'byok-ai/v1' );
		$GLOBALS['wp_rest_server'] = null; // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedVariableFound -- Core's REST server global: each test builds its own.
		$cases                     = array();
		foreach ( $routes as $pattern => $handlers ) {
			if ( '/byok-ai/v1' === $pattern ) {
				continue;
			}
			$methods = array();
			foreach ( $handlers as $handler ) {
				$methods = array_merge( $methods, array_keys( $handler['methods'] ) );
			}
			foreach ( array_unique( $methods ) as $method ) {
				foreach ( array_keys( self::roles() ) as $role ) {
					$cases[ "$method $pattern as $role" ] = array( (string) $method, (string) $pattern, $role );
				}
			}
		}
		return $cases;
	}

	/**
	 * The matrix holds every route the plugin registers, at least the ones known today.
	 */
	public function test_the_matrix_comes_from_the_server(): void {
		$patterns = array_unique( array_column( $this->matrix(), 1 ) );
		foreach ( array_keys( self::expectations() ) as $known ) {
			if ( '/byok-ai/v1/wordpress-ai' === $known && ! \ByokAi\WordPressAi\Support::available() ) {
				continue;
			}
			$this->assertContains( $known, $patterns );
		}
		$this->assertGreaterThanOrEqual( 6 * 20, count( $this->matrix() ) );
	}

	/**
	 * Checks one method of one route for one role.
	 *
	 * @dataProvider matrix
	 *
	 * @param string $method  Method.
	 * @param string $pattern Route pattern.
	 * @param string $role    Role.
	 */
	public function test_permissions( string $method, string $pattern, string $role ): void {
		$expected = self::expectations()[ $pattern ] ?? array(
			'level'  => 'manage',
			'status' => array(),
		);
		if ( ! empty( $expected['keys'] ) ) {
			$this->store_keys();
		}
		$post = $this->assistant_post();
		$body = $expected['body'][ $method ] ?? null;
		if ( null !== $body ) {
			$body = array_map(
				static function ( $value ) use ( $post ) {
					return self::POST === $value ? $post : $value;
				},
				$body
			);
		}
		$key_before = get_option( 'byok_ai_key_openai' );
		$this->act_as( $role );
		$response = $this->rest( $method, str_replace( '(?P<provider>[a-z_]+)', 'openai', $pattern ), $body );
		$message  = (string) wp_json_encode( $response->get_data() );

		if ( in_array( $expected['level'], self::roles()[ $role ], true ) ) {
			$status = $expected['status'][ $method ] ?? $expected['status']['*'] ?? null;
			if ( null === $status ) {
				$this->assertNotContains( $response->get_status(), array( 401, 403 ), $message );
			} else {
				$this->assertSame( $status, $response->get_status(), $message );
			}
			return;
		}
		$this->assertSame( 'anonymous' === $role ? 401 : 403, $response->get_status(), $message );
		$this->assertSame( 'byok_ai_forbidden', $this->error_code( $response ) );
		$this->assertSame( $key_before, get_option( 'byok_ai_key_openai' ), 'A denied request stored or removed no key.' );
		$this->assertSame( array(), FakeProvider::calls(), 'A denied request reached no provider.' );
	}
}
