<?php
/**
 * Providers that another plugin implements (an "AI Provider for …" plugin): the key still lives
 * in BYOK AI's store, decrypted when a request is signed, and the gate and usage log apply.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\WordPressAi;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\WordPressAi\Fixtures\ThirdPartyOpenAiProvider;
use ByokAi\WordPressAi\LazyApiKeyAuthentication;
use ByokAi\WordPressAi\PolicyRefusal;
use ByokAi\WordPressAi\Provider\OpenAiProvider;
use ByokAi\WordPressAi\Rules;
use WordPress\AiClient\AiClient;
use WordPress\AiClient\Messages\DTO\MessagePart;
use WordPress\AiClient\Messages\DTO\UserMessage;

/**
 * The stand-in provider plugin sends through core's WP_AI_Client_HTTP_Client
 * (wp_safe_remote_request) to the fake provider on loopback.
 *
 * Covers ConnectorKeys, LazyApiKeyAuthentication and Gate with a third-party provider plugin.
 */
final class ProviderPluginTest extends AiClientTestCase {

	/**
	 * Registers the provider plugin's class for "openai", lets core's safe HTTP reach the fake,
	 * saves the key on Connectors.
	 */
	protected function set_up(): void {
		parent::set_up();
		require_once __DIR__ . '/fixtures/third-party-openai.php';
		AiClient::defaultRegistry()->registerProvider( ThirdPartyOpenAiProvider::class );
		// wp_safe_remote_request() refuses loopback hosts and ports other than 80/443/8080.
		add_filter( 'http_request_host_is_external', array( $this, 'loopback_is_fine' ), 10, 2 );
		add_filter( 'http_allowed_safe_ports', array( $this, 'fake_port' ) );
		$this->assertIsArray( $this->plugin()->policy()->update( array( 'models' => array( 'openai' => array( 'gpt-4o-mini' ) ) ) ) );
		$this->save_settings( array( 'connectors_ai_openai_api_key' => self::KEYS['openai'] ) );
		$this->integration()->keys->hand_off();
		FakeProvider::reset();
	}

	/**
	 * Gives "openai" back to the plugin's own provider.
	 */
	protected function tear_down(): void {
		AiClient::defaultRegistry()->registerProvider( OpenAiProvider::class );
		remove_filter( 'http_request_host_is_external', array( $this, 'loopback_is_fine' ), 10 );
		remove_filter( 'http_allowed_safe_ports', array( $this, 'fake_port' ) );
		parent::tear_down();
	}

	/**
	 * Lets 127.0.0.1 through wp_safe_remote_request().
	 *
	 * @param bool   $external Whether the host counts as external.
	 * @param string $host     Host.
	 */
	public function loopback_is_fine( $external, $host ): bool {
		return '127.0.0.1' === $host ? true : (bool) $external;
	}

	/**
	 * Adds the fake's port to the safe ports.
	 *
	 * @param array<int> $ports Ports.
	 * @return array<int>
	 */
	public function fake_port( $ports ): array {
		$ports[] = (int) wp_parse_url( FakeProvider::$url, PHP_URL_PORT );
		return $ports;
	}

	/**
	 * The provider plugin signs with the key decrypted on first use; the call is recorded with its caller.
	 */
	public function test_a_provider_plugin_uses_the_stored_key_and_the_call_is_recorded(): void {
		$auth = AiClient::defaultRegistry()->getProviderRequestAuthentication( 'openai' );
		$this->assertInstanceOf( LazyApiKeyAuthentication::class, $auth );
		$this->assertSame( array(), FakeProvider::calls() );

		$text = wp_ai_client_prompt( 'Say hello' )->using_provider( 'openai' )->using_model_preference( 'gpt-4o-mini' )->generate_text();
		$this->assertIsString( $text, is_wp_error( $text ) ? $text->get_error_message() : '' );
		$paths = array_map(
			static function ( array $call ): string {
				return $call['method'] . ' ' . $call['path'];
			},
			FakeProvider::calls()
		);
		$this->assertContains( 'POST /openai/v1/chat/completions', $paths );
		foreach ( FakeProvider::calls() as $call ) {
			$this->assertContains( 'authorization', array_map( 'strtolower', $call['headerNames'] ) );
			$this->assertNotSame( 'invalid', $call['scenario'], 'The fake accepted the key: the real one was sent, not a mask or an envelope.' );
		}

		global $wpdb;
		$row = $wpdb->get_row( "SELECT provider, model, outcome, cause, output_tokens FROM {$this->plugin()->usage()->table()} ORDER BY id DESC LIMIT 1", ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->assertSame( 'openai', $row['provider'] );
		$this->assertSame( 'gpt-4o-mini', $row['model'] );
		$this->assertSame( 'ok', $row['outcome'] );
		$this->assertSame( 'wp-ai-client:core', $row['cause'] );
		$this->assertGreaterThan( 0, (int) $row['output_tokens'] );
	}

	/**
	 * A key is handed only to a provider plugin that sends to the host the key was entered for.
	 */
	public function test_a_key_is_not_handed_to_a_provider_plugin_for_another_host(): void {
		$settings           = get_option( 'byok_ai_provider_settings' );
		$settings['openai'] = array( 'base_url' => 'http://127.0.0.2:9/v1' );
		update_option( 'byok_ai_provider_settings', $settings );
		$this->assertTrue( $this->plugin()->keys()->store( 'openai', self::KEYS['openai'], 'valid' ) );
		$before = new \WordPress\AiClient\Providers\Http\DTO\ApiKeyRequestAuthentication( 'placeholder' );
		AiClient::defaultRegistry()->setProviderRequestAuthentication( 'openai', $before );
		$this->integration()->keys->hand_off();
		$this->assertSame( $before, AiClient::defaultRegistry()->getProviderRequestAuthentication( 'openai' ) );

		// Entered for the host the provider plugin sends to: handed over.
		$this->point_at_fake( 'openai' );
		$this->assertTrue( $this->plugin()->keys()->store( 'openai', self::KEYS['openai'], 'valid' ) );
		$this->integration()->keys->hand_off();
		$this->assertInstanceOf( LazyApiKeyAuthentication::class, AiClient::defaultRegistry()->getProviderRequestAuthentication( 'openai' ) );
	}

	/**
	 * A model the administrator doesn't allow is refused for the provider plugin too.
	 */
	public function test_a_disallowed_model_is_refused_for_a_provider_plugin(): void {
		$result = wp_ai_client_prompt( 'Say hello' )->using_provider( 'openai' )->using_model_preference( 'gpt-4.1' )->generate_text();
		// gpt-4.1 is listed by the provider: the gate refuses it... unless the builder fell back to an allowed one.
		if ( is_string( $result ) ) {
			$this->fail( 'A disallowed model answered: ' . $result );
		}
		$this->assertStringContainsString( 'isn’t allowed', $result->get_error_message() );
		$posts = array_filter(
			FakeProvider::calls(),
			static function ( array $call ): bool {
				return 'POST' === $call['method'];
			}
		);
		$this->assertSame( array(), $posts );
	}

	/**
	 * Code driving the provider plugin's model directly (no prompt builder, no events) meets the
	 * gate at the HTTP transport.
	 */
	public function test_a_direct_call_meets_the_gate_at_the_transport(): void {
		( new Rules() )->update( array( 'default_caller' => 'deny' ) );
		$model = AiClient::defaultRegistry()->getProviderModel( 'openai', 'gpt-4o-mini' );
		try {
			$model->generateTextResult( array( new UserMessage( array( new MessagePart( 'Hello' ) ) ) ) );
			$this->fail( 'The direct call was not refused.' );
		} catch ( PolicyRefusal $refusal ) {
			$this->assertStringContainsString( 'core may not use AI', $refusal->getMessage() );
		}
		$posts = array_filter(
			FakeProvider::calls(),
			static function ( array $call ): bool {
				return 'POST' === $call['method'];
			}
		);
		$this->assertSame( array(), $posts );

		( new Rules() )->update( array( 'default_caller' => 'allow' ) );
		$result = $model->generateTextResult( array( new UserMessage( array( new MessagePart( 'Hello' ) ) ) ) );
		$this->assertNotSame( '', $result->toText() );
		global $wpdb;
		$row = $wpdb->get_row( "SELECT provider, model, outcome, cause FROM {$this->plugin()->usage()->table()} ORDER BY id DESC LIMIT 1", ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->assertSame( array( '127.0.0.1', 'gpt-4o-mini', 'ok', 'wp-ai-client:core' ), array_values( $row ) );
	}
}
