<?php
/**
 * One JSON schema per resource: the route's arguments come from it, the domain class validates
 * with it, and OPTIONS publishes it with every bound the settings app needs.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Ai\ChatRequest;
use ByokAi\Ai\Policy;
use ByokAi\Providers\Registry;
use ByokAi\Rest\PolicyController;
use ByokAi\Rest\RestController;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;
use ByokAi\WordPressAi\Rules;

/**
 * Policy, ChatRequest, Rules and the provider/key/assistant routes. Over 300 lines because the
 * data providers spell out every bound at and just beyond its limit, for the route and the class.
 */
class SchemaSourceTest extends TestCase {

	/**
	 * Answers OPTIONS on a route, as the settings app asks it.
	 *
	 * @param string $route Route.
	 * @return array<string, mixed>
	 */
	private function options( string $route ): array {
		$response = $this->rest( 'OPTIONS', $route );
		$this->assertSame( 200, $response->get_status() );
		return $response->get_data();
	}

	/**
	 * The arguments of a route's endpoint that answers a method.
	 *
	 * @param array<string, mixed> $options OPTIONS answer.
	 * @param string               $method  Method.
	 * @return array<string, array<string, mixed>>
	 */
	private function endpoint_args( array $options, string $method ): array {
		foreach ( $options['endpoints'] as $endpoint ) {
			if ( in_array( $method, $endpoint['methods'], true ) ) {
				return $endpoint['args'];
			}
		}
		$this->fail( "No $method endpoint." );
	}

	/**
	 * OPTIONS /policy gives every bound and choice of the Rules form, and PUT's arguments carry
	 * the same ones.
	 */
	public function test_options_on_policy_returns_every_bound(): void {
		$this->act_as( 'administrator' );
		$options    = $this->options( '/byok-ai/v1/policy' );
		$properties = $options['schema']['properties']['policy']['properties'];
		$expected   = array(
			'max_output_tokens'   => array( 1, ChatRequest::MAX_TOKENS_LIMIT ),
			'timeout'             => array( Policy::MIN_TIMEOUT, Policy::MAX_TIMEOUT ),
			'visitor_ip_limit'    => array( 0, 10000 ),
			'visitor_ip_window'   => array( 1, 1440 ),
			'visitor_block_limit' => array( 0, 100000 ),
			'visitor_daily_cap'   => array( 0, 1000000 ),
			'user_hourly_limit'   => array( 0, Policy::MAX_USER_HOURLY_LIMIT ),
		);
		$args       = $this->endpoint_args( $options, 'PUT' );
		foreach ( $expected as $name => $range ) {
			$this->assertSame( 'integer', $properties[ $name ]['type'], $name );
			$this->assertSame( $range, array( $properties[ $name ]['minimum'], $properties[ $name ]['maximum'] ), $name );
			$this->assertSame( $range, array( $args[ $name ]['minimum'], $args[ $name ]['maximum'] ), $name );
		}
		$ids = $this->plugin()->registry()->ids();
		$this->assertSame( Policy::PROXY_HEADERS, $properties['proxy_header']['enum'] );
		$this->assertSame( array_merge( array( '' ), $ids ), $properties['primary']['enum'] );
		$this->assertSame( $ids, $properties['fallback']['items']['enum'] );
		$this->assertTrue( $properties['fallback']['uniqueItems'] );
		$this->assertSame( Policy::MAX_MODELS, $properties['models']['properties']['openai']['maxItems'] );
		$this->assertFalse( $properties['models']['additionalProperties'] );
		$this->assertContains( 'editor', $properties['chat_roles']['items']['enum'] );
		$this->assertSame( $this->plugin()->policy()->defaults()['timeout'], $properties['timeout']['default'] );
		$this->assertFalse( $options['schema']['properties']['policy']['additionalProperties'] );
		$this->assertSame( Policy::PROXY_HEADERS, $args['proxy_header']['enum'] );
	}

	/**
	 * A bound changed in the schema changes what the route accepts and what OPTIONS says: the
	 * route has no bound of its own.
	 */
	public function test_a_bound_changed_in_the_schema_changes_the_route(): void {
		$registry   = $this->plugin()->registry();
		$narrow     = new class( $registry ) extends Policy {
			/**
			 * The timeout capped at 10 seconds.
			 *
			 * @return array<string, array<string, mixed>>
			 */
			protected function field_schema(): array {
				$schema                       = parent::field_schema();
				$schema['timeout']['maximum'] = 10;
				return $schema;
			}
		};
		$controller = new class( $registry, $narrow ) extends PolicyController {
			/**
			 * Serves the narrow policy beside the real one.
			 *
			 * @param Registry $registry Providers.
			 * @param Policy   $policy   Rules.
			 */
			public function __construct( Registry $registry, Policy $policy ) {
				parent::__construct( $registry, $policy );
				$this->rest_base = 'test-narrow-policy';
			}
		};
		add_action( 'rest_api_init', array( $controller, 'register_routes' ) );
		$this->act_as( 'administrator' );

		$this->assertSame( 10, $this->endpoint_args( $this->options( '/byok-ai/v1/test-narrow-policy' ), 'PUT' )['timeout']['maximum'] );
		$refused = $this->rest( 'PUT', '/byok-ai/v1/test-narrow-policy', array( 'timeout' => 20 ) );
		$this->assertSame( 400, $refused->get_status() );
		$this->assertSame( 'timeout', $refused->get_data()['data']['field'] );
		$this->assertSame( 'Enter a whole number from 5 to 10.', $refused->get_data()['message'] );
		$this->assertSame( 200, $this->rest( 'PUT', '/byok-ai/v1/policy', array( 'timeout' => 20 ) )->get_status() );
		$this->assertSame( 20, $this->plugin()->policy()->get()['timeout'] );
	}

	/**
	 * Bodies for PUT /policy, good and bad.
	 *
	 * @return array<string, array{array<string, mixed>}>
	 */
	public function policy_bodies(): array {
		return array(
			'timeout at minimum'       => array( array( 'timeout' => Policy::MIN_TIMEOUT ) ),
			'timeout below'            => array( array( 'timeout' => Policy::MIN_TIMEOUT - 1 ) ),
			'timeout at maximum'       => array( array( 'timeout' => Policy::MAX_TIMEOUT ) ),
			'timeout above'            => array( array( 'timeout' => Policy::MAX_TIMEOUT + 1 ) ),
			'timeout as text'          => array( array( 'timeout' => 'soon' ) ),
			'max tokens at cap'        => array( array( 'max_output_tokens' => ChatRequest::MAX_TOKENS_LIMIT ) ),
			'max tokens over cap'      => array( array( 'max_output_tokens' => ChatRequest::MAX_TOKENS_LIMIT + 1 ) ),
			'window zero'              => array( array( 'visitor_ip_window' => 0 ) ),
			'user limit over'          => array( array( 'user_hourly_limit' => Policy::MAX_USER_HOURLY_LIMIT + 1 ) ),
			'known proxy header'       => array( array( 'proxy_header' => 'X-Real-IP' ) ),
			'unknown proxy header'     => array( array( 'proxy_header' => 'X-Evil' ) ),
			'primary automatic'        => array( array( 'primary' => '' ) ),
			'primary unknown'          => array( array( 'primary' => 'evil' ) ),
			'fallback twice'           => array( array( 'fallback' => array( 'openai', 'openai' ) ) ),
			'fallback as text'         => array( array( 'fallback' => 'openai' ) ),
			'fallback good'            => array( array( 'fallback' => array( 'anthropic', 'openai' ) ) ),
			'models unknown provider'  => array( array( 'models' => array( 'evil' => array( 'x' ) ) ) ),
			'models too many'          => array( array( 'models' => array( 'openai' => array_map( 'strval', range( 1, Policy::MAX_MODELS + 1 ) ) ) ) ),
			'models bad name'          => array( array( 'models' => array( 'openai' => array( 'bad model' ) ) ) ),
			'models good'              => array( array( 'models' => array( 'openai' => array( 'gpt-4o-mini' ) ) ) ),
			'unknown field'            => array( array( 'roles' => array() ) ),
			'two fields, second wrong' => array(
				array(
					'timeout'      => 30,
					'proxy_header' => 'nope',
				),
			),
		);
	}

	/**
	 * Policy refuses exactly what PUT /policy refuses, naming the same field.
	 *
	 * @dataProvider policy_bodies
	 *
	 * @param array<string, mixed> $body Body.
	 */
	public function test_policy_refuses_what_the_route_refuses( array $body ): void {
		$direct = $this->plugin()->policy()->update( $body );
		delete_option( Policy::OPTION );
		$this->act_as( 'administrator' );
		$response = $this->rest( 'PUT', '/byok-ai/v1/policy', $body );
		$message  = (string) wp_json_encode( $response->get_data() );
		if ( ! is_wp_error( $direct ) ) {
			$this->assertSame( 200, $response->get_status(), $message );
			$this->assertSame( $direct, array_diff_key( $response->get_data()['policy'], array( 'chat_roles' => true ) ), 'The route saved what Policy saves.' );
			return;
		}
		$this->assertSame( 400, $response->get_status(), $message );
		if ( 'byok_ai_invalid_policy' === $direct->get_error_code() && 'roles' !== ( $direct->get_error_data()['field'] ?? '' ) ) {
			$this->assertSame( 'byok_ai_invalid_policy', $this->error_code( $response ), $message );
			$this->assertSame( $direct->get_error_data()['field'], $response->get_data()['data']['field'] );
			$this->assertSame( $direct->get_error_message(), $response->get_data()['message'] );
		}
	}

	/**
	 * Chat bodies at and beyond every bound.
	 *
	 * @return array<string, array{array<string, mixed>}>
	 */
	public function chat_bodies(): array {
		$user = static function ( string $content ): array {
			return array(
				'role'    => 'user',
				'content' => $content,
			);
		};
		$one  = array( $user( 'hi' ) );
		return array(
			'plain'                 => array( array( 'messages' => $one ) ),
			'no messages'           => array( array() ),
			'empty list'            => array( array( 'messages' => array() ) ),
			'most messages'         => array( array( 'messages' => array_fill( 0, ChatRequest::MAX_MESSAGES, $user( 'a' ) ) ) ),
			'too many messages'     => array( array( 'messages' => array_fill( 0, ChatRequest::MAX_MESSAGES + 1, $user( 'a' ) ) ) ),
			'longest message'       => array( array( 'messages' => array( $user( str_repeat( 'é', ChatRequest::MAX_MESSAGE_LENGTH ) ) ) ) ),
			'message too long'      => array( array( 'messages' => array( $user( str_repeat( 'é', ChatRequest::MAX_MESSAGE_LENGTH + 1 ) ) ) ) ),
			'empty message'         => array( array( 'messages' => array( $user( '' ) ) ) ),
			'blank message'         => array( array( 'messages' => array( $user( " \n" ) ) ) ),
			'system role'           => array(
				array(
					'messages' => array(
						array(
							'role'    => 'system',
							'content' => 'x',
						),
					),
				),
			),
			'extra message field'   => array( array( 'messages' => array( $user( 'hi' ) + array( 'name' => 'x' ) ) ) ),
			'longest system'        => array(
				array(
					'messages' => $one,
					'system'   => str_repeat( 'a', ChatRequest::MAX_SYSTEM_LENGTH ),
				),
			),
			'system too long'       => array(
				array(
					'messages' => $one,
					'system'   => str_repeat( 'a', ChatRequest::MAX_SYSTEM_LENGTH + 1 ),
				),
			),
			'max_tokens at limit'   => array(
				array(
					'messages'   => $one,
					'max_tokens' => ChatRequest::MAX_TOKENS_LIMIT,
				),
			),
			'max_tokens over limit' => array(
				array(
					'messages'   => $one,
					'max_tokens' => ChatRequest::MAX_TOKENS_LIMIT + 1,
				),
			),
			'max_tokens zero'       => array(
				array(
					'messages'   => $one,
					'max_tokens' => 0,
				),
			),
			'temperature 2'         => array(
				array(
					'messages'    => $one,
					'temperature' => 2,
				),
			),
			'temperature 2.01'      => array(
				array(
					'messages'    => $one,
					'temperature' => 2.01,
				),
			),
			'longest model'         => array(
				array(
					'messages' => $one,
					'model'    => 'm' . str_repeat( 'x', 127 ),
				),
			),
			'model too long'        => array(
				array(
					'messages' => $one,
					'model'    => 'm' . str_repeat( 'x', 128 ),
				),
			),
			'model with spaces'     => array(
				array(
					'messages' => $one,
					'model'    => 'bad model',
				),
			),
			'unknown field'         => array(
				array(
					'messages' => $one,
					'base_url' => 'http://evil.example',
				),
			),
		);
	}

	/**
	 * ChatRequest::from_array() refuses exactly what POST /chat refuses for its shape. Nothing is
	 * configured, so an accepted body ends later (no model set, model not allowed), never at a provider.
	 *
	 * @dataProvider chat_bodies
	 *
	 * @param array<string, mixed> $body Body.
	 */
	public function test_chat_request_refuses_what_the_route_refuses( array $body ): void {
		$direct = ChatRequest::from_array( $body );
		$this->act_as( 'editor' );
		$response = $this->rest( 'POST', '/byok-ai/v1/chat', $body );
		$message  = (string) wp_json_encode( $response->get_data() );
		$refused  = in_array( $this->error_code( $response ), array( 'rest_invalid_param', 'rest_missing_callback_param', 'byok_ai_invalid_chat' ), true );
		$this->assertSame( is_wp_error( $direct ), $refused, $message );
		if ( $refused ) {
			$this->assertSame( 400, $response->get_status(), $message );
		}
		$this->assertSame( array(), FakeProvider::calls() );
	}

	/**
	 * POST /chat's arguments are ChatRequest's schema; cause is readonly (the PHP API's own).
	 */
	public function test_chat_arguments_come_from_chat_request(): void {
		$this->act_as( 'editor' );
		$args   = $this->endpoint_args( $this->options( '/byok-ai/v1/chat' ), 'POST' );
		$schema = ChatRequest::schema()['properties'];
		$this->assertSame( array( 'messages', 'system', 'provider', 'model', 'max_tokens', 'temperature', 'stream' ), array_keys( $args ) );
		foreach ( array( 'messages', 'system', 'model', 'max_tokens', 'temperature' ) as $name ) {
			foreach ( array( 'type', 'minimum', 'maximum', 'minItems', 'maxItems', 'maxLength', 'pattern', 'items' ) as $keyword ) {
				$this->assertSame( $schema[ $name ][ $keyword ] ?? null, $args[ $name ][ $keyword ] ?? null, "$name.$keyword" );
			}
		}
		$this->assertSame( $this->plugin()->registry()->ids(), $args['provider']['enum'] );
		$this->assertTrue( $args['messages']['required'] );
		$this->assertInstanceOf( ChatRequest::class, ChatRequest::from_array( array( 'messages' => array( array( 'role' => 'user', 'content' => 'hi' ) ), 'cause' => 'php:mine' ) ) ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound
	}

	/**
	 * The WordPress AI rules: OPTIONS gives their bounds, PUT's arguments are their schema, and
	 * Rules keeps only what the schema allows.
	 */
	public function test_rules_schema(): void {
		$rules = Rules::schema()['properties'];
		$this->assertSame( Rules::MAX_HOURLY_LIMIT, $rules['hourly_limit']['maximum'] );
		$args = RestController::args_from_schema( Rules::schema() );
		$this->assertSame( array_keys( $rules ), array_keys( $args ) );
		$this->assertSame( array( 'allow', 'deny' ), $args['default_caller']['enum'] );

		$kept = ( new Rules() )->update(
			array(
				'callers'        => array(
					'plugin:good' => 'deny',
					'Bad Name'    => 'deny',
					'plugin:odd'  => 'maybe',
				),
				'default_caller' => 'maybe',
				'hourly_limit'   => Rules::MAX_HOURLY_LIMIT + 5,
				'capability'     => 'Edit_Posts',
			)
		);
		$this->assertSame( array( 'plugin:good' => 'deny' ), $kept['callers'] );
		$this->assertSame( 'allow', $kept['default_caller'] );
		$this->assertSame( Rules::MAX_HOURLY_LIMIT, $kept['hourly_limit'] );
		$this->assertSame( 'edit_posts', $kept['capability'] );

		if ( ! \ByokAi\WordPressAi\Support::available() ) {
			return;
		}
		$this->act_as( 'administrator' );
		$options = $this->options( '/byok-ai/v1/wordpress-ai' );
		$this->assertSame( Rules::MAX_HOURLY_LIMIT, $options['schema']['properties']['rules']['properties']['hourly_limit']['maximum'] );
		$this->assertSame( Rules::MAX_HOURLY_LIMIT, $this->endpoint_args( $options, 'PUT' )['hourly_limit']['maximum'] );
		$response = $this->rest( 'PUT', '/byok-ai/v1/wordpress-ai', array( 'hourly_limit' => Rules::MAX_HOURLY_LIMIT + 1 ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $this->error_code( $response ) );
		$this->assertArrayHasKey( 'hourly_limit', $response->get_data()['data']['params'] );
	}

	/**
	 * Every route of these controllers declares a schema that OPTIONS returns, and the bodies'
	 * arguments carry its bounds.
	 */
	public function test_every_resource_route_publishes_its_schema(): void {
		$this->act_as( 'administrator' );
		$routes = array( '/byok-ai/v1/settings', '/byok-ai/v1/policy', '/byok-ai/v1/chat', '/byok-ai/v1/providers/openai', '/byok-ai/v1/providers/openai/key', '/byok-ai/v1/providers/openai/key/validation', '/byok-ai/v1/providers/openai/models', '/byok-ai/v1/assistant', '/byok-ai/v1/assistant/options', '/byok-ai/v1/assistant/preview' );
		foreach ( $routes as $route ) {
			$schema = $this->options( $route )['schema'] ?? null;
			$this->assertIsArray( $schema, $route );
			$this->assertSame( 'object', $schema['type'], $route );
			$this->assertNotEmpty( $schema['properties'], $route );
		}
		$settings = $this->endpoint_args( $this->options( '/byok-ai/v1/providers/openai' ), 'PUT' )['settings'];
		$this->assertSame( 2048, $settings['additionalProperties']['maxLength'] );
		$this->assertSame( 8, $settings['maxProperties'] );
		$key = $this->endpoint_args( $this->options( '/byok-ai/v1/providers/openai/key' ), 'PUT' );
		$this->assertTrue( $key['key']['required'] );
		$this->assertFalse( $key['allow_unvalidated']['default'] );
		$ask = $this->endpoint_args( $this->options( '/byok-ai/v1/assistant' ), 'POST' );
		$this->assertSame( \ByokAi\Assistant\Conversation::MAX_QUESTION_LENGTH, $ask['question']['maxLength'] );
		$this->assertSame( array( 'post', 'block', 'question', 'history', 'stream' ), array_keys( $ask ) );
		$limits = $this->options( '/byok-ai/v1/assistant/options' )['schema']['properties']['limits']['properties'];
		$this->assertSame( array( 'question', 'instructions', 'suggestions', 'suggestion', 'label' ), array_keys( $limits ) );
	}

	/**
	 * The settings page preloads the OPTIONS requests, so the app reads its bounds without a request.
	 */
	public function test_settings_page_preloads_the_schemas(): void {
		$this->assertContains( array( '/byok-ai/v1/policy', 'OPTIONS' ), \ByokAi\Admin\SettingsPage::PRELOAD );
		$this->assertContains( array( '/byok-ai/v1/settings', 'OPTIONS' ), \ByokAi\Admin\SettingsPage::PRELOAD );
		$this->assertContains( array( '/byok-ai/v1/wordpress-ai', 'OPTIONS' ), \ByokAi\Admin\SettingsPage::PRELOAD );
		$this->act_as( 'administrator' );
		$preload = rest_preload_api_request( array(), array( '/byok-ai/v1/policy', 'OPTIONS' ) );
		$this->assertSame( Policy::PROXY_HEADERS, $preload['OPTIONS']['/byok-ai/v1/policy']['body']['schema']['properties']['policy']['properties']['proxy_header']['enum'] );
	}
}
