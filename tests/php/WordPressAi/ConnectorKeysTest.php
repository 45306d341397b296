<?php
/**
 * One key per provider for Settings → Connectors and Settings → BYOK AI.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\WordPressAi;

use ByokAi\Tests\FakeProvider;
use ByokAi\WordPressAi\ConnectorKeys;
use ByokAi\WordPressAi\ConnectorMap;
use ByokAi\WordPressAi\LazyApiKeyAuthentication;
use ByokAi\WordPressAi\Rules;
use WordPress\AiClient\AiClient;

/**
 * Through core's own code: /wp/v2/settings (the Connectors screen's save), core's connector data
 * for the screen, core's key-source check, wp_ai_client_prompt().
 */
final class ConnectorKeysTest extends AiClientTestCase {

	/**
	 * A key saved on Connectors is validated, encrypted at rest (nothing in core's option) and
	 * answers a wp_ai_client_prompt() call against the fake provider.
	 */
	public function test_a_key_saved_on_connectors_is_encrypted_and_answers_a_prompt(): void {
		$key  = self::KEYS['openai'];
		$data = $this->save_settings( array( 'connectors_ai_openai_api_key' => $key ) );

		$this->assertSame( str_repeat( "\u{2022}", 16 ) . 'QRST', $data['connectors_ai_openai_api_key'] );
		$this->assertNull( $this->raw_option( 'connectors_ai_openai_api_key' ), 'Core\'s option holds nothing.' );
		$record = (string) $this->raw_option( 'byok_ai_key_openai' );
		$this->assertStringContainsString( 'byokai1.', $record );
		$this->assert_no_key_in( $record );
		$this->assertSame( 'valid', $this->plugin()->keys()->describe( 'openai' )['status'] );
		$validations = array_filter(
			FakeProvider::calls(),
			static function ( array $call ): bool {
				return 'GET' === $call['method'] && '/openai/v1/models' === $call['path'];
			}
		);
		$this->assertCount( 1, $validations, 'Validated once, by the plugin\'s own check.' );

		FakeProvider::reset();
		$text = wp_ai_client_prompt( 'Say hello' )->using_provider( 'openai' )->generate_text();
		$this->assertIsString( $text, is_wp_error( $text ) ? $text->get_error_message() : '' );
		$this->assertNotSame( '', $text );
		$calls = FakeProvider::calls();
		$this->assertCount( 1, $calls );
		$this->assertSame( '/openai/v1/chat/completions', $calls[0]['path'] );
		$this->assertContains( 'authorization', array_map( 'strtolower', $calls[0]['headerNames'] ) );
	}

	/**
	 * A key saved in BYOK AI shows as connected on Connectors, from the database, with the same
	 * last four characters on both screens.
	 */
	public function test_a_key_saved_in_byok_ai_shows_connected_on_connectors_with_the_same_mask(): void {
		$this->act_as( 'administrator' );
		$response = $this->rest( 'PUT', '/byok-ai/v1/providers/anthropic/key', array( 'key' => self::KEYS['anthropic'] ) );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );

		$connectors = _wp_connectors_get_connector_script_module_data( array() )['connectors'];
		$this->assertTrue( $connectors['anthropic']['authentication']['isConnected'] );
		$this->assertSame( 'database', $connectors['anthropic']['authentication']['keySource'] );
		$this->assertFalse( $connectors['openai']['authentication']['isConnected'] );
		$this->assertSame( 'none', $connectors['openai']['authentication']['keySource'] );

		$settings = $this->rest( 'GET', '/wp/v2/settings' )->get_data();
		$this->assertSame( str_repeat( "\u{2022}", 16 ) . 'WXYZ', $settings['connectors_ai_anthropic_api_key'] );
		$this->assertSame( '', $settings['connectors_ai_openai_api_key'] );
		$hint = $this->plugin()->keys()->describe( 'anthropic' )['hint'];
		$this->assertStringEndsWith( 'WXYZ', (string) $hint );
	}

	/**
	 * The Connectors screen lists the plugin's five providers, each with core's key setting,
	 * registered for /wp/v2/settings.
	 */
	public function test_connectors_lists_the_plugin_providers(): void {
		$connectors = _wp_connectors_get_connector_script_module_data( array() )['connectors'];
		$expected   = array(
			'anthropic'         => 'connectors_ai_anthropic_api_key',
			'azure-openai'      => 'connectors_ai_azure_openai_api_key',
			'google'            => 'connectors_ai_google_api_key',
			'openai'            => 'connectors_ai_openai_api_key',
			'openai-compatible' => 'connectors_ai_openai_compatible_api_key',
		);
		$settings   = get_registered_settings();
		foreach ( $expected as $id => $setting ) {
			$this->assertSame( $setting, $connectors[ $id ]['authentication']['settingName'], $id );
			$this->assertArrayHasKey( $setting, $settings );
		}
		// OpenAI-compatible servers may need no key: with a base URL they count as connected.
		$this->assertTrue( $connectors['openai-compatible']['authentication']['isConnected'] );
		$this->assertFalse( $connectors['openai']['authentication']['isConnected'] );
	}

	/**
	 * A key the provider rejects is not kept (core clears a rejected key too), checked without
	 * any cache: a wrong key after a right one fails.
	 */
	public function test_a_rejected_key_is_not_kept_even_after_a_good_one(): void {
		$this->save_settings( array( 'connectors_ai_openai_api_key' => self::KEYS['openai'] ) );
		$data = $this->save_settings( array( 'connectors_ai_openai_api_key' => 'sk-proj-invalid-0123456789abcdefgh' ) );
		$this->assertSame( '', $data['connectors_ai_openai_api_key'] );
		$this->assertSame( 'missing', $this->plugin()->keys()->describe( 'openai' )['status'] );
		$this->assertNull( $this->raw_option( 'connectors_ai_openai_api_key' ) );
	}

	/**
	 * Sending the mask back (the screen re-saving what it was shown) changes nothing; an empty
	 * value removes the key.
	 */
	public function test_a_mask_sent_back_keeps_the_key_and_empty_removes_it(): void {
		$data = $this->save_settings( array( 'connectors_ai_google_api_key' => self::KEYS['gemini'] ) );
		FakeProvider::reset();
		$again = $this->save_settings( array( 'connectors_ai_google_api_key' => $data['connectors_ai_google_api_key'] ) );
		$this->assertSame( $data['connectors_ai_google_api_key'], $again['connectors_ai_google_api_key'] );
		$this->assertSame( array(), FakeProvider::calls(), 'No validation for an unchanged key.' );
		$this->assertSame( 'valid', $this->plugin()->keys()->describe( 'gemini' )['status'] );

		$cleared = $this->save_settings( array( 'connectors_ai_google_api_key' => '' ) );
		$this->assertSame( '', $cleared['connectors_ai_google_api_key'] );
		$this->assertSame( 'missing', $this->plugin()->keys()->describe( 'gemini' )['status'] );
	}

	/**
	 * Core's environment variable / constant names count for BYOK AI too (environment first).
	 */
	public function test_core_key_variables_count_on_both_screens(): void {
		putenv( 'ANTHROPIC_API_KEY=' . self::KEYS['anthropic'] );
		try {
			$state = $this->plugin()->keys()->describe( 'anthropic' );
			$this->assertSame( 'environment', $state['source'] );
			$this->assertStringEndsWith( 'WXYZ', (string) $state['hint'] );
			$connectors = _wp_connectors_get_connector_script_module_data( array() )['connectors'];
			$this->assertSame( 'env', $connectors['anthropic']['authentication']['keySource'] );
		} finally {
			putenv( 'ANTHROPIC_API_KEY' );
		}
	}

	/**
	 * The AI Client never holds a plaintext key: providers the plugin backs read the store per
	 * call; others get an authentication that decrypts on first use.
	 */
	public function test_the_ai_client_holds_no_plaintext_key(): void {
		$this->store_keys();
		_wp_connectors_pass_default_keys_to_ai_client();
		$this->integration()->keys->hand_off();
		$registry = AiClient::defaultRegistry();
		foreach ( array( 'anthropic', 'openai', 'google' ) as $connector ) {
			$auth = $registry->getProviderRequestAuthentication( $connector );
			if ( null !== $auth ) {
				$this->assert_no_key_in( (string) wp_json_encode( $auth->toArray() ) );
			}
		}
		$resolved = '';
		$lazy     = new LazyApiKeyAuthentication(
			static function () use ( &$resolved ): string {
				$resolved = 'asked';
				return 'sk-lazy-0123456789';
			}
		);
		$this->assertSame( '', $resolved, 'Nothing is read before a request is signed.' );
		$this->assertSame( array( 'apiKey' => '' ), $lazy->toArray() );
		$this->assertSame( 'sk-lazy-0123456789', $lazy->getApiKey() );
		$this->assertSame( 'asked', $resolved );
	}

	/**
	 * Nothing is decrypted until a provider request is made: with a tampered envelope, what a
	 * page does without an AI call (core's hand-off on init, the Connectors screen's data, the
	 * settings route) never tries to open it; the first prompt does, and fails closed.
	 */
	public function test_nothing_is_decrypted_until_a_request_is_made(): void {
		$this->save_settings( array( 'connectors_ai_openai_api_key' => self::KEYS['openai'] ) );
		$record = get_option( 'byok_ai_key_openai' );
		$this->assertIsArray( $record );
		$envelope           = (string) $record['envelope'];
		$last               = substr( $envelope, -1 );
		$record['envelope'] = substr( $envelope, 0, -1 ) . ( 'A' === $last ? 'B' : 'A' );
		update_option( 'byok_ai_key_openai', $record, false );
		FakeProvider::reset();

		_wp_connectors_pass_default_keys_to_ai_client();
		$this->integration()->keys->hand_off();
		$connectors = _wp_connectors_get_connector_script_module_data( array() )['connectors'];
		$this->assertSame( 'database', $connectors['openai']['authentication']['keySource'] );
		$this->assertSame( 200, $this->rest( 'GET', '/wp/v2/settings' )->get_status() );
		$this->assertNull( get_option( 'byok_ai_key_openai' )['damaged'] ?? null, 'No decryption was attempted.' );

		$result = wp_ai_client_prompt( 'Say hello' )->using_provider( 'openai' )->generate_text();
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( array(), FakeProvider::calls() );
		$this->assertNotNull( get_option( 'byok_ai_key_openai' )['damaged'] ?? null, 'The request tried to decrypt, and found the damage.' );
	}

	/**
	 * Deactivation writes the key back as plaintext where core reads it (so core doesn't send an
	 * envelope or a mask as the bearer token); activating again adopts it back into the store.
	 */
	public function test_deactivation_gives_core_its_plaintext_back_and_activation_adopts_it(): void {
		$this->save_settings( array( 'connectors_ai_openai_api_key' => self::KEYS['openai'] ) );
		do_action( 'deactivate_' . plugin_basename( BYOK_AI_FILE ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's deactivation hook, as deactivate_plugins() fires it.
		$this->assertSame( self::KEYS['openai'], $this->raw_option( 'connectors_ai_openai_api_key' ) );

		// What core does once the plugin's filters are gone: its own source check and hand-off.
		$keys = $this->integration()->keys;
		remove_filter( 'option_connectors_ai_openai_api_key', array( $keys, 'read' ), 10 );
		remove_filter( 'default_option_connectors_ai_openai_api_key', array( $keys, 'read_default' ), 20 );
		wp_cache_delete( 'connectors_ai_openai_api_key', 'options' );
		$this->assertSame( 'database', _wp_connectors_get_api_key_source( 'connectors_ai_openai_api_key', 'OPENAI_API_KEY', 'OPENAI_API_KEY' ) );
		$this->assertSame( self::KEYS['openai'], get_option( 'connectors_ai_openai_api_key' ) );
		add_filter( 'option_connectors_ai_openai_api_key', array( $keys, 'read' ), 10, 2 );
		add_filter( 'default_option_connectors_ai_openai_api_key', array( $keys, 'read_default' ), 20, 2 );

		// Activated again: the plaintext is adopted and core's option emptied.
		$keys->settle();
		$this->assertNull( $this->raw_option( 'connectors_ai_openai_api_key' ) );
		$this->assertSame( self::KEYS['openai'], $this->plugin()->keys()->get( 'openai' ) );
	}

	/**
	 * With hand_back off, deactivation leaves core's options empty (the keys are re-entered on
	 * Connectors): no plaintext copy is written.
	 */
	public function test_deactivation_without_hand_back_writes_no_plaintext(): void {
		$this->save_settings( array( 'connectors_ai_openai_api_key' => self::KEYS['openai'] ) );
		( new Rules() )->update( array( 'hand_back' => false ) );
		do_action( 'deactivate_' . plugin_basename( BYOK_AI_FILE ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's deactivation hook, as deactivate_plugins() fires it.
		$this->assertNull( $this->raw_option( 'connectors_ai_openai_api_key' ) );
		$this->assertSame( self::KEYS['openai'], $this->plugin()->keys()->get( 'openai' ), 'Deactivation keeps the plugin\'s own data.' );
	}

	/**
	 * A site that used Connectors before: its plaintext keys move into the encrypted store.
	 */
	public function test_plaintext_connector_keys_are_adopted(): void {
		global $wpdb;
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => 'connectors_ai_anthropic_api_key',
				'option_value' => self::KEYS['anthropic'],
				'autoload'     => 'on',
			)
		);
		wp_cache_flush();
		$this->integration()->keys->settle();
		$this->assertNull( $this->raw_option( 'connectors_ai_anthropic_api_key' ) );
		$this->assertSame( self::KEYS['anthropic'], $this->plugin()->keys()->get( 'anthropic' ) );
		$this->assertSame( 'not_validated', $this->plugin()->keys()->describe( 'anthropic' )['status'] );
	}

	/**
	 * A key added with add_option() (WP-CLI `option add`, another plugin), which no
	 * pre_update_option filter sees, is adopted at once; so is one found on an administration
	 * screen (admin_init), where plaintext left while the plugin was inactive is looked for.
	 */
	public function test_keys_added_behind_the_filters_are_adopted(): void {
		add_option( 'connectors_ai_openai_api_key', self::KEYS['openai'] );
		$this->assertNull( $this->raw_option( 'connectors_ai_openai_api_key' ) );
		$this->assertSame( self::KEYS['openai'], $this->plugin()->keys()->get( 'openai' ) );

		global $wpdb;
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => 'connectors_ai_anthropic_api_key',
				'option_value' => self::KEYS['anthropic'],
				'autoload'     => 'off',
			)
		);
		wp_cache_flush();
		$this->assertNull( $this->plugin()->keys()->get( 'anthropic' ), 'Not adopted on a request that doesn\'t look.' );
		$keys = $this->integration()->keys;
		$this->assertSame( 10, has_action( 'admin_init', array( $keys, 'settle' ) ) );
		$keys->settle(); // What admin_init runs (the whole action needs wp-admin loaded).
		$this->assertNull( $this->raw_option( 'connectors_ai_anthropic_api_key' ) );
		$this->assertSame( self::KEYS['anthropic'], $this->plugin()->keys()->get( 'anthropic' ) );
	}

	/**
	 * With another encryption layer on a connector option, the plugin stands down for it, leaves
	 * its value alone and tells administrators.
	 */
	public function test_custody_stands_down_for_another_encryption_layer(): void {
		$other = static function ( $value ) {
			return $value;
		};
		add_filter( 'pre_update_option_connectors_ai_google_api_key', $other );
		$custody = new ConnectorKeys( new ConnectorMap(), fn() => $this->plugin()->keys(), fn() => $this->plugin()->validator(), fn() => $this->plugin()->registry(), new Rules() );
		try {
			$custody->register();
			$custody->settle();
			$this->assertArrayHasKey( 'connectors_ai_google_api_key', $custody->conflicts() );
			$this->assertFalse( has_filter( 'option_connectors_ai_google_api_key', array( $custody, 'read' ) ) );
			$this->assertNotFalse( has_filter( 'option_connectors_ai_openai_api_key', array( $custody, 'read' ) ) );

			$this->act_as( 'administrator' );
			ob_start();
			$custody->render_notices();
			$notice = (string) ob_get_clean();
			$this->assertStringContainsString( 'connectors_ai_google_api_key', $notice );
		} finally {
			remove_filter( 'pre_update_option_connectors_ai_google_api_key', $other );
			foreach ( ( new ConnectorMap() )->all() as $connector => $provider ) {
				$setting = ( new ConnectorMap() )->setting( $connector );
				remove_filter( 'option_' . $setting, array( $custody, 'read' ), 10 );
				remove_filter( 'default_option_' . $setting, array( $custody, 'read_default' ), 20 );
				remove_filter( 'pre_update_option_' . $setting, array( $custody, 'write' ), 10 );
				remove_action( 'add_option_' . $setting, array( $custody, 'added' ) );
			}
			remove_action( 'init', array( $custody, 'stand_down' ), 2 );
			remove_action( 'admin_init', array( $custody, 'settle' ) );
			remove_action( 'init', array( $custody, 'quiet_core_hand_off' ), 19 );
			remove_action( 'init', array( $custody, 'hand_off' ), 21 );
			remove_filter( 'rest_post_dispatch', array( $custody, 'hide_from_core' ), 9 );
			remove_filter( 'rest_post_dispatch', array( $custody, 'show_after_core' ), 11 );
			remove_action( 'admin_notices', array( $custody, 'render_notices' ) );
		}
	}

	/**
	 * The switch: custody off writes the keys back for core and the plugin keeps out of core's options.
	 */
	public function test_switching_custody_off_hands_the_keys_back(): void {
		$this->save_settings( array( 'connectors_ai_openai_api_key' => self::KEYS['openai'] ) );
		$this->assertSame( array(), $this->integration()->set_custody( false ) );
		$this->assertSame( self::KEYS['openai'], $this->raw_option( 'connectors_ai_openai_api_key' ) );
		$this->assertFalse( ( new Rules() )->custody() );
	}
}
