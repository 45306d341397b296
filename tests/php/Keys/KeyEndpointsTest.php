<?php
/**
 * A key goes only to the endpoint it belongs to.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Keys;

use ByokAi\Keys\KeyStore;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\FixedEnvironment;
use ByokAi\Tests\TestCase;

/**
 * Stored keys are bound to the endpoint they were entered for; keys from the environment or
 * wp-config only go to the provider's default endpoint or one set in the same place; endpoints
 * on cloud metadata addresses are refused.
 *
 * Covers KeyEndpoints (through KeyStore), ProviderSettings and EndpointHost via the settings, key and chat routes.
 */
class KeyEndpointsTest extends TestCase {

	/**
	 * Another endpoint on the fake: a server the administrator (or an attacker who is one) controls.
	 */
	private function elsewhere(): string {
		return FakeProvider::base_url( 'openai_compatible' );
	}

	/**
	 * Environment variables set by a test, removed afterwards.
	 *
	 * @var list<string>
	 */
	private $variables = array();

	/**
	 * Sets an environment variable for this test.
	 *
	 * @param string $name  Name.
	 * @param string $value Value.
	 */
	private function env( string $name, string $value ): void {
		putenv( $name . '=' . $value );
		$this->variables[] = $name;
	}

	/**
	 * Removes the variables.
	 */
	protected function tear_down(): void {
		foreach ( $this->variables as $name ) {
			putenv( $name );
		}
		$this->variables = array();
		parent::tear_down();
	}

	public function test_changing_the_endpoint_of_a_stored_key_needs_the_key_again(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( 200, $this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ) )->get_status() );
		$before = $this->rest( 'GET', '/byok-ai/v1/providers/openai' )->get_data();
		$this->assertSame( 'reenter', $before['endpoint_change'] );
		$this->assertSame( rtrim( FakeProvider::base_url( 'openai' ), '/' ), $before['key']['endpoint'] );
		$this->assertTrue( $before['fields'][0]['binds_key'] );
		FakeProvider::reset();

		$moved = $this->rest( 'PUT', '/byok-ai/v1/providers/openai', array( 'settings' => array( 'base_url' => $this->elsewhere() ) ) );
		$this->assertSame( 200, $moved->get_status() );
		$this->assertSame( 'endpoint_changed', $moved->get_data()['key']['status'] );
		$this->assertSame( $this->elsewhere(), $moved->get_data()['key']['endpoint_now'] );
		$this->assertStringContainsString( 'enter the key again', (string) $moved->get_data()['key']['message'] );

		$test = $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' );
		$this->assertSame( 409, $test->get_status() );
		$this->assertSame( 'byok_ai_key_endpoint_changed', $this->error_code( $test ) );
		$models = $this->rest( 'GET', '/byok-ai/v1/providers/openai/models' );
		$this->assertSame( 409, $models->get_status() );
		$chat = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'Hi', array( 'provider' => 'openai' ) ) );
		$this->assertSame( 503, $chat->get_status() );
		$this->assertSame( array(), FakeProvider::calls(), 'The key went nowhere.' );
		$this->assertSame( 'endpoint_changed', $this->rest( 'GET', '/byok-ai/v1/settings' )->get_data()['providers'][1]['key']['status'] );

		// Entered again, it is bound to the new endpoint.
		$again = $this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ) );
		$this->assertSame( 200, $again->get_status() );
		$this->assertSame( 'valid', $again->get_data()['key']['status'] );
		$this->assertSame( $this->elsewhere(), $again->get_data()['key']['endpoint'] );
	}

	public function test_setting_the_endpoint_back_restores_the_key(): void {
		$this->store_keys();
		$this->act_as( 'administrator' );
		$this->rest( 'PUT', '/byok-ai/v1/providers/openai', array( 'settings' => array( 'base_url' => $this->elsewhere() ) ) );
		$this->assertSame( 'endpoint_changed', $this->plugin()->keys()->describe( 'openai' )['status'] );
		$back = $this->rest( 'PUT', '/byok-ai/v1/providers/openai', array( 'settings' => array( 'base_url' => FakeProvider::base_url( 'openai' ) . '/' ) ) );
		$this->assertSame( 'valid', $back->get_data()['key']['status'] );
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' )->get_status() );
	}

	public function test_a_moved_envelope_does_not_open_even_when_its_record_is_edited_to_match(): void {
		$this->store_keys();
		update_option( 'byok_ai_provider_settings', array_merge( (array) get_option( 'byok_ai_provider_settings' ), array( 'openai' => array( 'base_url' => $this->elsewhere() ) ) ) );
		$record             = get_option( 'byok_ai_key_openai' );
		$record['endpoint'] = $this->elsewhere();
		update_option( 'byok_ai_key_openai', $record, false );

		$key = $this->plugin()->keys()->get( 'openai' );
		$this->assertInstanceOf( \WP_Error::class, $key );
		$this->assertSame( 'byok_ai_envelope_invalid', $key->get_error_code(), 'The endpoint is authenticated with the envelope.' );
	}

	public function test_an_environment_key_goes_only_to_the_default_endpoint_or_one_set_next_to_it(): void {
		$this->env( 'BYOK_AI_OPENAI_API_KEY', self::KEYS['openai'] );
		$this->act_as( 'administrator' );

		// The base URL in the database (the fake) is not where this key may go.
		$state = $this->rest( 'GET', '/byok-ai/v1/providers/openai' )->get_data();
		$this->assertSame( 'endpoint_changed', $state['key']['status'] );
		$this->assertSame( 'locked', $state['endpoint_change'] );
		$this->assertStringContainsString( 'BYOK_AI_OPENAI_BASE_URL', (string) $state['key']['message'] );
		$test = $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' );
		$this->assertSame( 409, $test->get_status() );
		$this->assertSame( 409, $this->rest( 'GET', '/byok-ai/v1/providers/openai/models' )->get_status() );
		$this->assertSame( 503, $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'Hi', array( 'provider' => 'openai' ) ) )->get_status() );
		$this->assertSame( array(), FakeProvider::calls() );

		// Nor can an administrator point it anywhere else.
		$moved = $this->rest( 'PUT', '/byok-ai/v1/providers/openai', array( 'settings' => array( 'base_url' => $this->elsewhere() ) ) );
		$this->assertSame( 409, $moved->get_status() );
		$this->assertSame( 'byok_ai_endpoint_locked', $this->error_code( $moved ) );

		// Set next to the key, the endpoint is used, and can't be changed here.
		$this->env( 'BYOK_AI_OPENAI_BASE_URL', FakeProvider::base_url( 'openai' ) );
		$valid = $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' );
		$this->assertSame( 200, $valid->get_status() );
		$this->assertTrue( $valid->get_data()['valid'] );
		$this->assertCount( 1, FakeProvider::calls() );
		$this->assertSame( 'BYOK_AI_OPENAI_BASE_URL', $valid->get_data()['provider']['fields'][0]['locked_by'] );
		$refused = $this->rest( 'PUT', '/byok-ai/v1/providers/openai', array( 'settings' => array( 'base_url' => $this->elsewhere() ) ) );
		$this->assertSame( 409, $refused->get_status() );
		$this->assertContains( $this->error_code( $refused ), array( 'byok_ai_endpoint_locked', 'byok_ai_setting_external' ) );
		$this->assertCount( 1, FakeProvider::calls() );
	}

	public function test_an_azure_key_from_the_environment_needs_its_endpoint_there_too(): void {
		$this->env( 'BYOK_AI_AZURE_OPENAI_API_KEY', self::KEYS['azure_openai'] );
		$this->act_as( 'administrator' );
		$this->assertSame( 409, $this->rest( 'POST', '/byok-ai/v1/providers/azure_openai/key/validation' )->get_status() );
		$this->assertSame( array(), FakeProvider::calls() );

		$this->env( 'BYOK_AI_AZURE_OPENAI_ENDPOINT', FakeProvider::base_url( 'azure_openai' ) );
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/providers/azure_openai/key/validation' )->get_status() );
		$this->assertCount( 1, FakeProvider::calls() );
	}

	/**
	 * Cloud metadata addresses, however spelled.
	 *
	 * @return array<string, array{string}>
	 */
	public function metadata_urls(): array {
		return array(
			'dotted'            => array( 'http://169.254.169.254/latest/meta-data' ),
			'other link-local'  => array( 'http://169.254.1.1/v1' ),
			'decimal'           => array( 'http://2852039166/v1' ),
			'hex'               => array( 'http://0xa9fea9fe/v1' ),
			'hex parts'         => array( 'http://0xa9.0xfe.0xa9.0xfe/v1' ),
			'octal'             => array( 'http://0251.0376.0251.0376/v1' ),
			'two parts'         => array( 'http://169.16689662/v1' ),
			'three parts'       => array( 'http://169.254.43518/v1' ),
			'ipv4-mapped'       => array( 'http://[::ffff:169.254.169.254]/v1' ),
			'ipv4-mapped hex'   => array( 'http://[::ffff:a9fe:a9fe]/v1' ),
			'nat64'             => array( 'http://[64:ff9b::a9fe:a9fe]/v1' ),
			'aws ipv6'          => array( 'http://[fd00:ec2::254]/latest' ),
			'aws ipv6 long'     => array( 'http://[fd00:0ec2:0000:0000:0000:0000:0000:0254]/latest' ),
			'google'            => array( 'http://metadata.google.internal/computeMetadata/v1' ),
			'google upper, dot' => array( 'http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1' ),
			'google short'      => array( 'http://metadata/computeMetadata/v1' ),
			'alibaba'           => array( 'http://100.100.100.200/latest' ),
			'with port'         => array( 'https://169.254.169.254:8443/v1' ),
		);
	}

	/**
	 * Each is refused as a base URL.
	 *
	 * @dataProvider metadata_urls
	 *
	 * @param string $url Endpoint.
	 */
	public function test_cloud_metadata_endpoints_are_refused( string $url ): void {
		$this->act_as( 'administrator' );
		$before   = get_option( 'byok_ai_provider_settings' );
		$response = $this->rest( 'PUT', '/byok-ai/v1/providers/openai_compatible', array( 'settings' => array( 'base_url' => $url ) ) );
		$this->assertSame( 400, $response->get_status(), $url );
		$this->assertSame( 'byok_ai_invalid_setting', $this->error_code( $response ) );
		$this->assertStringContainsString( 'metadata', $response->get_data()['message'] );
		$this->assertSame( $before, get_option( 'byok_ai_provider_settings' ) );
	}

	/**
	 * A filter can allow one.
	 */
	public function test_a_filter_can_allow_a_metadata_endpoint(): void {
		$this->act_as( 'administrator' );
		add_filter( 'byok_ai_allow_metadata_endpoint', '__return_true' );
		try {
			$response = $this->rest( 'PUT', '/byok-ai/v1/providers/openai_compatible', array( 'settings' => array( 'base_url' => 'http://169.254.169.254/v1' ) ) );
		} finally {
			remove_filter( 'byok_ai_allow_metadata_endpoint', '__return_true' );
		}
		$this->assertSame( 200, $response->get_status() );
	}

	/**
	 * Loopback and private addresses stay allowed (local model servers, gateways).
	 *
	 * @return array<string, array{string}>
	 */
	public function local_urls(): array {
		return array(
			'ollama'       => array( 'http://localhost:11434/v1' ),
			'loopback'     => array( 'http://127.0.0.1:1234/v1' ),
			'ipv6 loop'    => array( 'http://[::1]:8080/v1' ),
			'private 10'   => array( 'http://10.0.0.5/v1' ),
			'private 192'  => array( 'http://192.168.1.20:8000/v1' ),
			'private 172'  => array( 'http://172.16.0.3/v1' ),
			'gateway'      => array( 'https://gateway.example.com/openai/v1' ),
			'hex-ish name' => array( 'http://deadbeef.example/v1' ),
		);
	}

	/**
	 * Each is saved.
	 *
	 * @dataProvider local_urls
	 *
	 * @param string $url Endpoint.
	 */
	public function test_loopback_and_private_endpoints_stay_allowed( string $url ): void {
		$this->act_as( 'administrator' );
		$response = $this->rest( 'PUT', '/byok-ai/v1/providers/openai_compatible', array( 'settings' => array( 'base_url' => $url ) ) );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
	}

	public function test_a_metadata_url_stored_behind_the_plugins_back_is_not_used(): void {
		$this->store_keys();
		$settings                      = (array) get_option( 'byok_ai_provider_settings' );
		$settings['openai_compatible'] = array( 'base_url' => 'http://169.254.169.254/v1' );
		update_option( 'byok_ai_provider_settings', $settings );
		$this->assertSame( '', $this->plugin()->settings()->get( $this->plugin()->registry()->get( 'openai_compatible' ) )['base_url'] );
		$this->assertFalse( $this->plugin()->chat()->is_usable( 'openai_compatible' ) );
	}

	public function test_an_upgrade_binds_keys_stored_before_endpoints(): void {
		// A record as version 2 wrote it: sealed for provider and site only.
		$legacy = new KeyStore( $this->plugin()->vault(), new FixedEnvironment( array(), array() ) );
		$legacy->store( 'openai', self::KEYS['openai'], KeyStore::STATUS_VALID );
		$record = get_option( 'byok_ai_key_openai' );
		unset( $record['endpoint'] );
		update_option( 'byok_ai_key_openai', $record, false );

		// The data steps of the upgrade from 2 (the table steps run DDL, which would end the test's transaction).
		$this->plugin()->installer()->upgrade( '2' );

		$bound = get_option( 'byok_ai_key_openai' );
		$this->assertSame( rtrim( FakeProvider::base_url( 'openai' ), '/' ), $bound['endpoint'] );
		$this->assertNotSame( $record['envelope'], $bound['envelope'] );
		$this->assertSame( self::KEYS['openai'], $this->plugin()->keys()->get( 'openai' ) );
		$this->assertSame( 'valid', $this->plugin()->keys()->describe( 'openai', true )['status'] );
	}
}
