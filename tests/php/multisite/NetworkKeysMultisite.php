<?php
/**
 * On a real network: subsite administrators use the network's key but can't send it elsewhere.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Multisite;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * The network's key comes from the environment (BYOK_AI_OPENAI_API_KEY), as a network sets it in
 * wp-config.php for every site. Requests go through the REST routes of the subsite (/sub/), as a
 * subsite administrator (manage_options there, not a super administrator) and as a super
 * administrator (manage_network_options).
 *
 * Covers KeyStore, ProviderSettings and the key/settings/chat routes on a network.
 */
class NetworkKeysMultisite extends TestCase {

	/**
	 * Environment variables set by a test.
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
	 * Back to the main site, variables removed.
	 */
	protected function tear_down(): void {
		while ( ms_is_switched() ) {
			restore_current_blog();
		}
		foreach ( $this->variables as $name ) {
			putenv( $name );
		}
		$this->variables = array();
		parent::tear_down();
	}

	/**
	 * Another endpoint: a server the subsite administrator controls.
	 */
	private function elsewhere(): string {
		return FakeProvider::base_url( 'openai_compatible' );
	}

	/**
	 * Logs in, on the subsite, as its administrator (not a super administrator).
	 */
	private function as_subsite_admin(): int {
		switch_to_blog( BYOK_AI_TESTS_SUBSITE );
		$user = $this->make_user( 'administrator' );
		wp_set_current_user( $user );
		$this->assertTrue( current_user_can( 'manage_options' ) );
		$this->assertFalse( current_user_can( 'manage_network_options' ) );
		$this->assertFalse( is_super_admin( $user ) );
		return $user;
	}

	/**
	 * Logs in, on the subsite, as a super administrator.
	 */
	private function as_super_admin(): int {
		switch_to_blog( BYOK_AI_TESTS_SUBSITE );
		$user = $this->make_user( 'subscriber' );
		grant_super_admin( $user );
		wp_set_current_user( $user );
		$this->assertTrue( current_user_can( 'manage_network_options' ) );
		return $user;
	}

	/**
	 * Sets the subsite's stored base URL directly, as it may have been before the network's key
	 * existed.
	 *
	 * @param string $url Base URL.
	 */
	private function store_subsite_base_url( string $url ): void {
		$this->assertSame( BYOK_AI_TESTS_SUBSITE, get_current_blog_id() );
		update_option( 'byok_ai_provider_settings', array( 'openai' => array( 'base_url' => $url ) ) );
	}

	/**
	 * A subsite administrator tests the key, lists models and chats with the network's key, at the endpoint the network set.
	 */
	public function test_a_subsite_admin_uses_the_networks_key_where_the_network_sends_it(): void {
		$this->env( 'BYOK_AI_OPENAI_API_KEY', self::KEYS['openai'] );
		$this->env( 'BYOK_AI_OPENAI_BASE_URL', FakeProvider::base_url( 'openai' ) );
		$this->as_subsite_admin();

		$provider = $this->rest( 'GET', '/byok-ai/v1/providers/openai' )->get_data();
		$this->assertSame( 'environment', $provider['key']['status'] );
		$this->assertSame( 'network', $provider['endpoint_change'] );

		$test = $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' );
		$this->assertSame( 200, $test->get_status() );
		$this->assertTrue( $test->get_data()['valid'] );
		$this->assertSame( 200, $this->rest( 'GET', '/byok-ai/v1/providers/openai/models' )->get_status() );
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'Hi', array( 'provider' => 'openai' ) ) )->get_status() );
		$calls = FakeProvider::calls();
		$this->assertCount( 3, $calls );
		foreach ( $calls as $call ) {
			$this->assertSame( 'openai', $call['provider'] );
			$this->assertStringStartsWith( '/openai/v1/', $call['path'] );
			$this->assertContains( 'authorization', $call['headerNames'] );
		}
	}

	/**
	 * Changing where the network's key goes needs manage_network_options.
	 */
	public function test_a_subsite_admin_cannot_redirect_the_networks_key(): void {
		$this->env( 'BYOK_AI_OPENAI_API_KEY', self::KEYS['openai'] );
		$this->as_subsite_admin();
		$before = get_option( 'byok_ai_provider_settings' );

		$moved = $this->rest( 'PUT', '/byok-ai/v1/providers/openai', array( 'settings' => array( 'base_url' => $this->elsewhere() ) ) );
		$this->assertSame( 403, $moved->get_status() );
		$this->assertSame( 'byok_ai_network_key', $this->error_code( $moved ) );
		$this->assertSame( $before, get_option( 'byok_ai_provider_settings' ) );

		// Nor with the endpoint the network set.
		$this->env( 'BYOK_AI_OPENAI_BASE_URL', FakeProvider::base_url( 'openai' ) );
		$locked = $this->rest( 'PUT', '/byok-ai/v1/providers/openai', array( 'settings' => array( 'base_url' => $this->elsewhere() ) ) );
		$this->assertSame( 403, $locked->get_status() );
		$this->assertSame( array(), FakeProvider::calls() );
	}

	/**
	 * A base URL stored on the subsite (say, before the network's key existed) gets no key.
	 */
	public function test_a_redirect_stored_on_the_subsite_carries_no_key_anywhere(): void {
		$this->env( 'BYOK_AI_OPENAI_API_KEY', self::KEYS['openai'] );
		$this->as_subsite_admin();
		$this->store_subsite_base_url( $this->elsewhere() );

		$test = $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' );
		$this->assertSame( 409, $test->get_status() );
		$this->assertSame( 'byok_ai_key_endpoint_changed', $this->error_code( $test ) );
		$models = $this->rest( 'GET', '/byok-ai/v1/providers/openai/models' );
		$this->assertSame( 409, $models->get_status() );
		$chat = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'Hi', array( 'provider' => 'openai' ) ) );
		$this->assertSame( 503, $chat->get_status() );
		$this->assertSame( array(), FakeProvider::calls(), 'The network’s key reached no server.' );
		$this->assertSame( 'endpoint_changed', $this->rest( 'GET', '/byok-ai/v1/settings' )->get_data()['providers'][1]['key']['status'] );

		// Where the network sets the endpoint, that is where the key goes, whatever the subsite stored.
		$this->env( 'BYOK_AI_OPENAI_BASE_URL', FakeProvider::base_url( 'openai' ) );
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' )->get_status() );
		$this->assertSame( array( '/openai/v1/models' ), array_column( FakeProvider::calls(), 'path' ) );
	}

	/**
	 * Even a super administrator moves the network's key only where it is set: the environment or wp-config.
	 */
	public function test_a_super_admin_changes_where_the_networks_key_goes_only_in_the_network_configuration(): void {
		$this->env( 'BYOK_AI_OPENAI_API_KEY', self::KEYS['openai'] );
		$this->as_super_admin();
		$provider = $this->rest( 'GET', '/byok-ai/v1/providers/openai' )->get_data();
		$this->assertSame( 'locked', $provider['endpoint_change'] );

		$moved = $this->rest( 'PUT', '/byok-ai/v1/providers/openai', array( 'settings' => array( 'base_url' => $this->elsewhere() ) ) );
		$this->assertSame( 409, $moved->get_status() );
		$this->assertSame( 'byok_ai_endpoint_locked', $this->error_code( $moved ) );
		$this->assertStringContainsString( 'BYOK_AI_OPENAI_BASE_URL', $moved->get_data()['message'] );
		$this->assertSame( array(), FakeProvider::calls() );
	}

	/**
	 * A subsite's own stored key is bound to its endpoint like any stored key.
	 */
	public function test_a_subsite_admin_moves_their_own_key_only_by_entering_it_again(): void {
		$this->as_subsite_admin();
		$this->store_subsite_base_url( FakeProvider::base_url( 'openai' ) );
		$saved = $this->rest( 'PUT', '/byok-ai/v1/providers/openai/key', array( 'key' => self::KEYS['openai'] ) );
		$this->assertSame( 200, $saved->get_status() );
		$this->assertSame( 'reenter', $saved->get_data()['endpoint_change'] );
		FakeProvider::reset();

		$moved = $this->rest( 'PUT', '/byok-ai/v1/providers/openai', array( 'settings' => array( 'base_url' => $this->elsewhere() ) ) );
		$this->assertSame( 200, $moved->get_status() );
		$this->assertSame( 'endpoint_changed', $moved->get_data()['key']['status'] );
		$this->assertSame( 409, $this->rest( 'POST', '/byok-ai/v1/providers/openai/key/validation' )->get_status() );
		$this->assertSame( array(), FakeProvider::calls() );

		// The main site never sees the subsite's key.
		restore_current_blog();
		$this->assertFalse( get_option( 'byok_ai_key_openai' ) );
	}

	/**
	 * An envelope is bound to its site.
	 */
	public function test_a_subsites_envelope_does_not_open_on_another_site(): void {
		$this->as_subsite_admin();
		$this->store_subsite_base_url( FakeProvider::base_url( 'openai' ) );
		$this->assertTrue( $this->plugin()->keys()->store( 'openai', self::KEYS['openai'], 'valid' ) );
		$record = get_option( 'byok_ai_key_openai' );
		restore_current_blog();

		update_option( 'byok_ai_key_openai', $record, false );
		$key = $this->plugin()->keys()->get( 'openai' );
		$this->assertInstanceOf( \WP_Error::class, $key );
		$this->assertSame( 'byok_ai_envelope_invalid', $key->get_error_code() );
	}
}
