<?php
/**
 * PUT/DELETE byok-ai/v1/providers/{provider}/key.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * Saving, validating and removing keys as an administrator, against the fake provider.
 */
class ProviderKeyControllerTest extends TestCase {

	/**
	 * Logs in as an administrator.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->act_as( 'administrator' );
	}

	/**
	 * Each provider with the header its key must travel in.
	 *
	 * @return array<string, array{string, string}>
	 */
	public function providers(): array {
		return array(
			'anthropic'         => array( 'anthropic', 'x-api-key' ),
			'openai'            => array( 'openai', 'authorization' ),
			'gemini'            => array( 'gemini', 'x-goog-api-key' ),
			'azure_openai'      => array( 'azure_openai', 'api-key' ),
			'openai_compatible' => array( 'openai_compatible', 'authorization' ),
		);
	}

	/**
	 * A valid key is checked upstream, stored encrypted and only its mask comes back.
	 *
	 * @dataProvider providers
	 *
	 * @param string $provider Provider id.
	 * @param string $header   Header the key travels in.
	 */
	public function test_a_valid_key_is_validated_and_stored( string $provider, string $header ): void {
		$response = $this->rest( 'PUT', "/byok-ai/v1/providers/$provider/key", array( 'key' => "\n  " . self::KEYS[ $provider ] . " \r\n" ) );

		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$data = $response->get_data();
		$this->assertSame( 'valid', $data['key']['status'] );
		$this->assertSame( 'database', $data['key']['source'] );
		$this->assertStringEndsWith( substr( self::KEYS[ $provider ], -4 ), $data['key']['hint'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $data['key']['validated_at'] );
		$this->assertSame( self::KEYS[ $provider ], $this->plugin()->keys()->get( $provider ), 'Whitespace was trimmed before storing.' );

		$calls = FakeProvider::calls();
		$this->assertCount( 1, $calls );
		$this->assertContains( $header, $calls[0]['headerNames'] );
		$this->assertFalse( $calls[0]['keyInUrl'], 'The key never travels in a URL.' );
	}

	/**
	 * Provider answers mapped to specific errors; nothing stored.
	 *
	 * @return array<string, array{string, string, string, int}>
	 */
	public function rejections(): array {
		return array(
			'anthropic 401'               => array( 'anthropic', 'sk-ant-api03-BYOKTEST-invalid-0000000000', 'byok_ai_key_invalid', 400 ),
			'openai 401'                  => array( 'openai', 'sk-proj-BYOKTEST-invalid-00000000000000', 'byok_ai_key_invalid', 400 ),
			'gemini 400 invalid'          => array( 'gemini', 'AIzaBYOKTEST-invalid-0000000000000000', 'byok_ai_key_invalid', 400 ),
			'azure 401'                   => array( 'azure_openai', '0123BYOKTEST-invalid-000000000000', 'byok_ai_key_invalid', 400 ),
			'compat 401'                  => array( 'openai_compatible', 'BYOKTEST-invalid-00000000000000', 'byok_ai_key_invalid', 400 ),
			'anthropic 403'               => array( 'anthropic', 'sk-ant-api03-BYOKTEST-forbidden-000000000', 'byok_ai_key_forbidden', 400 ),
			'openai 403'                  => array( 'openai', 'sk-proj-BYOKTEST-forbidden-0000000000000', 'byok_ai_key_forbidden', 400 ),
			'gemini 403'                  => array( 'gemini', 'AIzaBYOKTEST-forbidden-00000000000000', 'byok_ai_key_forbidden', 400 ),
			'azure 403'                   => array( 'azure_openai', '0123BYOKTEST-forbidden-0000000000', 'byok_ai_key_forbidden', 400 ),
			'openai 429 → unreachable'    => array( 'openai', 'sk-proj-BYOKTEST-ratelimited-0000000000', 'byok_ai_provider_unreachable', 502 ),
			'anthropic 529 → unreachable' => array( 'anthropic', 'sk-ant-api03-BYOKTEST-overloaded-00000000', 'byok_ai_provider_unreachable', 502 ),
		);
	}

	/**
	 * Each rejection gets its own message and stores nothing.
	 *
	 * @dataProvider rejections
	 *
	 * @param string $provider Provider id.
	 * @param string $key      Key that makes the fake answer with a failure.
	 * @param string $code     Expected error code.
	 * @param int    $status   Expected HTTP status.
	 */
	public function test_rejected_keys_are_not_stored( string $provider, string $key, string $code, int $status ): void {
		$response = $this->rest( 'PUT', "/byok-ai/v1/providers/$provider/key", array( 'key' => $key ) );
		$this->assertSame( $status, $response->get_status() );
		$this->assertSame( $code, $this->error_code( $response ) );
		$this->assertFalse( get_option( "byok_ai_key_$provider" ) );
		$body = (string) wp_json_encode( $response->get_data() );
		$this->assertStringNotContainsString( substr( $key, 8 ), $body );
		// Upstream text (OpenAI's echoes a key fragment) never passes through.
		$this->assertStringNotContainsString( 'Incorrect API key', $body );
		$this->assertStringNotContainsString( '*****', $body );
	}

	public function test_a_key_for_another_provider_gets_its_own_message(): void {
		$response = $this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['anthropic'] ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'byok_ai_key_wrong_provider', $this->error_code( $response ) );
		$this->assertStringContainsString( 'Anthropic', $response->get_data()['message'] );
		$this->assertSame( array(), FakeProvider::calls(), 'No upstream call for an obviously wrong key.' );

		$foreign_keys = array(
			'anthropic'    => 'gemini',
			'gemini'       => 'openai',
			'azure_openai' => 'openai',
		);
		foreach ( $foreign_keys as $field => $owner ) {
			$response = $this->rest( 'PUT', "/byok-ai/v1/providers/$field/key", array( 'key' => self::KEYS[ $owner ] ) );
			$this->assertSame( 'byok_ai_key_wrong_provider', $this->error_code( $response ), "$owner key in $field" );
		}
	}

	public function test_a_key_broken_across_lines_is_refused(): void {
		$response = $this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => "sk-proj-BYOKTEST\n-openai-0123456789abcdefghijQRST" ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'byok_ai_key_whitespace', $this->error_code( $response ) );
	}

	public function test_an_unreachable_provider_needs_explicit_confirmation(): void {
		$settings           = get_option( 'byok_ai_provider_settings' );
		$settings['openai'] = array( 'base_url' => 'http://127.0.0.1:9/v1' );
		update_option( 'byok_ai_provider_settings', $settings );

		$response = $this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ) );
		$this->assertSame( 502, $response->get_status() );
		$this->assertSame( 'byok_ai_provider_unreachable', $this->error_code( $response ) );
		$this->assertTrue( $response->get_data()['data']['can_save_unvalidated'] );
		$this->assertFalse( get_option( 'byok_ai_key_openai' ) );

		$response = $this->rest(
			'PUT',
			'/byok-ai/v1/providers/openai/key',
			array(
				'key'               => self::KEYS['openai'],
				'allow_unvalidated' => true,
			)
		);
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'not_validated', $response->get_data()['key']['status'] );
		$this->assertNull( $response->get_data()['key']['validated_at'] );
	}

	public function test_wp_http_block_external_is_honoured(): void {
		$settings           = get_option( 'byok_ai_provider_settings' );
		$settings['openai'] = array( 'base_url' => 'https://blocked.invalid/v1' );
		update_option( 'byok_ai_provider_settings', $settings );

		$response = $this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'byok_ai_http_blocked', $this->error_code( $response ) );
		$this->assertFalse( get_option( 'byok_ai_key_openai' ) );
	}

	public function test_a_slow_provider_times_out_as_unreachable(): void {
		$timeout = static function () {
			return 1;
		};
		add_filter( 'byok_ai_validation_timeout', $timeout );
		$response = $this->rest( 'PUT', '/byok-ai/v1/providers/anthropic/key', array( 'key' => 'sk-ant-api03-BYOKTEST-slow-000000000000' ) );
		remove_filter( 'byok_ai_validation_timeout', $timeout );
		$this->assertSame( 502, $response->get_status() );
		$this->assertSame( 'byok_ai_provider_unreachable', $this->error_code( $response ) );
	}

	public function test_a_missing_azure_deployment_is_reported_as_a_settings_problem(): void {
		$settings                               = get_option( 'byok_ai_provider_settings' );
		$settings['azure_openai']['deployment'] = 'missing';
		update_option( 'byok_ai_provider_settings', $settings );
		$response = $this->rest( 'PUT', '/byok-ai/v1/providers/azure_openai/key', array( 'key' => self::KEYS['azure_openai'] ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'byok_ai_provider_rejected', $this->error_code( $response ) );
		$this->assertStringContainsString( '404', $response->get_data()['message'] );
	}

	/**
	 * Bad bodies.
	 *
	 * @return array<string, array{string, array<string, mixed>}>
	 */
	public function bad_bodies(): array {
		return array(
			'no key'           => array( 'openai', array() ),
			'key not a string' => array( 'openai', array( 'key' => array( 'sk-proj-x' ) ) ),
			'empty key'        => array( 'openai', array( 'key' => '' ) ),
			'huge key'         => array( 'openai', array( 'key' => str_repeat( 'a', 5000 ) ) ),
			'unknown field'    => array(
				'openai',
				array(
					'key'      => 'sk-proj-BYOKTEST-openai-0123456789abcdefghijQRST',
					'base_url' => 'http://evil.test',
				),
			),
			'bad flag type'    => array(
				'openai',
				array(
					'key'               => 'sk-proj-BYOKTEST-openai-0123456789abcdefghijQRST',
					'allow_unvalidated' => 'perhaps',
				),
			),
			'unknown provider' => array( 'mistral', array( 'key' => 'sk-proj-BYOKTEST-openai-0123456789abcdefghijQRST' ) ),
		);
	}

	/**
	 * Bad bodies are refused with 400 (404 for an unknown provider) and store nothing.
	 *
	 * @dataProvider bad_bodies
	 *
	 * @param string               $provider Provider id.
	 * @param array<string, mixed> $body     Body.
	 */
	public function test_bad_bodies_are_refused( string $provider, array $body ): void {
		$response = $this->rest( 'PUT', "/byok-ai/v1/providers/$provider/key", $body );
		$this->assertContains( $response->get_status(), array( 400, 404 ) );
		$this->assertFalse( get_option( 'byok_ai_key_openai' ) );
		$this->assertSame( array(), FakeProvider::calls() );
	}

	public function test_an_environment_key_cannot_be_replaced_or_removed_here(): void {
		putenv( 'BYOK_AI_OPENAI_API_KEY=sk-proj-from-environment-000000000000ZZZZ' );
		try {
			$put    = $this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ) );
			$delete = $this->rest( 'DELETE', '/byok-ai/v1/providers/openai/key' );
		} finally {
			putenv( 'BYOK_AI_OPENAI_API_KEY' );
		}
		$this->assertSame( 409, $put->get_status() );
		$this->assertSame( 'byok_ai_key_external', $this->error_code( $put ) );
		$this->assertStringContainsString( 'BYOK_AI_OPENAI_API_KEY', $put->get_data()['message'] );
		$this->assertSame( 409, $delete->get_status() );
		$this->assertFalse( get_option( 'byok_ai_key_openai' ) );
	}

	public function test_remove_clears_the_key(): void {
		$this->rest( 'PUT', '/byok-ai/v1/providers/gemini/key', array( 'key' => self::KEYS['gemini'] ) );
		$this->assertNotFalse( get_option( 'byok_ai_key_gemini' ) );

		$response = $this->rest( 'DELETE', '/byok-ai/v1/providers/gemini/key' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'missing', $response->get_data()['key']['status'] );
		$this->assertNull( $response->get_data()['key']['hint'] );
		$this->assertFalse( get_option( 'byok_ai_key_gemini' ) );
		$this->assertNull( $this->plugin()->keys()->get( 'gemini' ) );
	}

	public function test_wordpress_http_hooks_never_see_the_key(): void {
		$seen    = array();
		$capture = static function ( ...$args ) use ( &$seen ) {
			$seen[] = wp_json_encode( $args );
			return $args[0];
		};
		add_filter( 'http_request_args', $capture, 10, 2 );
		add_filter( 'pre_http_request', $capture, 10, 3 );
		add_action( 'http_api_debug', $capture, 10, 5 );
		$response = $this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assert_no_key_in( implode( "\n", $seen ) );
	}
}
