<?php
/**
 * The administrator's policy on every AI Client call.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\WordPressAi;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\Spend\SpendHelpers;
use ByokAi\WordPressAi\Backend;
use ByokAi\WordPressAi\PolicyRefusal;
use ByokAi\WordPressAi\Provider\BackedModel;
use ByokAi\WordPressAi\Provider\OpenAiProvider;
use ByokAi\WordPressAi\Rules;
use WordPress\AiClient\Messages\DTO\UserMessage;
use WordPress\AiClient\Messages\DTO\MessagePart;

/**
 * Calls come from a real plugin file (in a folder declared as a plugin folder through the
 * byok_ai_caller_roots filter: the test core's own plugin folder is never written to) and go
 * through wp_ai_client_prompt() and core's prompt builder.
 * (Just over 300 lines: one rule per test, budgets included, against one calling plugin.)
 */
final class GateTest extends AiClientTestCase {

	use SpendHelpers;

	/**
	 * Folder standing in for wp-content/plugins.
	 *
	 * @var string
	 */
	private static $plugins = '';

	/**
	 * Writes the calling plugin once.
	 */
	public static function set_up_before_class(): void {
		parent::set_up_before_class();
		self::$plugins = sys_get_temp_dir() . '/byok-ai-wpai-plugins-' . getmypid();
		$folder        = self::$plugins . '/byok-test-caller';
		if ( ! is_dir( $folder ) ) {
			mkdir( $folder, 0700, true );
		}
		file_put_contents( // phpcs:ignore WordPress.WP.AlternativeFunctions -- A test fixture outside WordPress.
			$folder . '/byok-test-caller.php',
			<<<'PHP'
<?php
/* Plugin Name: BYOK test caller */
function byok_test_caller_prompt( string $text, int $max_tokens = 0 ) {
	$builder = wp_ai_client_prompt( $text )->using_provider( 'openai' );
	if ( $max_tokens > 0 ) {
		$builder = $builder->using_max_tokens( $max_tokens );
	}
	return $builder->generate_text();
}
function byok_test_caller_with_model( $model ) {
	return wp_ai_client_prompt( 'Hello' )->using_model( $model )->generate_text();
}
function byok_test_caller_direct( $model, array $messages ) {
	return $model->generateTextResult( $messages );
}
PHP
		);
	}

	/**
	 * Declares the folder, stores the keys, allows one OpenAI model.
	 */
	protected function set_up(): void {
		parent::set_up();
		require_once self::$plugins . '/byok-test-caller/byok-test-caller.php';
		add_filter( 'byok_ai_caller_roots', array( $this, 'roots' ) );
		$this->store_keys();
		$this->assertIsArray( $this->plugin()->policy()->update( array( 'models' => array( 'openai' => array( 'gpt-4o-mini' ) ) ) ) );
	}

	/**
	 * Forgets the folder.
	 */
	protected function tear_down(): void {
		remove_filter( 'byok_ai_caller_roots', array( $this, 'roots' ) );
		$this->unprice();
		parent::tear_down();
	}

	/**
	 * Adds the stand-in plugin folder.
	 *
	 * @param array<string, string> $roots Roots.
	 * @return array<string, string>
	 */
	public function roots( array $roots ): array {
		$roots[ self::$plugins ] = 'plugin';
		return $roots;
	}

	/**
	 * Returns the usage rows, newest first.
	 *
	 * @return list<array<string, string>>
	 */
	private function usage_rows(): array {
		global $wpdb;
		$table = $this->plugin()->usage()->table();
		return (array) $wpdb->get_results( "SELECT provider, model, outcome, cause, output_tokens FROM {$table} ORDER BY id DESC", ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * An allowed call answers, and its usage row names the calling plugin.
	 */
	public function test_a_call_is_recorded_with_the_calling_plugin(): void {
		$text = byok_test_caller_prompt( 'Say hello' );
		$this->assertIsString( $text, is_wp_error( $text ) ? $text->get_error_message() : '' );
		$rows = $this->usage_rows();
		$this->assertSame( 'openai', $rows[0]['provider'] );
		$this->assertSame( 'gpt-4o-mini', $rows[0]['model'] );
		$this->assertSame( 'ok', $rows[0]['outcome'] );
		$this->assertSame( 'wp-ai-client:plugin:byok-test-caller', $rows[0]['cause'] );
		$this->assertGreaterThan( 0, (int) $rows[0]['output_tokens'] );
	}

	/**
	 * A plugin the administrator denies gets a clear WP_Error, nothing is sent, the refusal is recorded.
	 */
	public function test_a_denied_plugin_is_refused(): void {
		( new Rules() )->update( array( 'callers' => array( 'plugin:byok-test-caller' => 'deny' ) ) );
		$result = byok_test_caller_prompt( 'Say hello' );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'prompt_client_error', $result->get_error_code() );
		$this->assertStringContainsString( 'plugin:byok-test-caller may not use AI', $result->get_error_message() );
		$this->assertSame( 403, $result->get_error_data()['status'] );
		$this->assertSame( PolicyRefusal::class, $result->get_error_data()['exception_class'] );
		$this->assertSame( array(), FakeProvider::calls() );
		$rows = $this->usage_rows();
		$this->assertSame( 'byok_ai_refused', $rows[0]['outcome'] );
		$this->assertSame( 'wp-ai-client:plugin:byok-test-caller', $rows[0]['cause'] );
	}

	/**
	 * Deny by default, allow one plugin: that plugin works, other code (here: core) doesn't.
	 */
	public function test_deny_by_default_with_an_allowed_plugin(): void {
		( new Rules() )->update(
			array(
				'default_caller' => 'deny',
				'callers'        => array( 'plugin:byok-test-caller' => 'allow' ),
			)
		);
		$this->assertIsString( byok_test_caller_prompt( 'Say hello' ) );
		$other = wp_ai_client_prompt( 'Say hello' )->using_provider( 'openai' )->generate_text();
		$this->assertInstanceOf( \WP_Error::class, $other );
		$this->assertStringContainsString( 'core may not use AI', $other->get_error_message() );
	}

	/**
	 * A model the administrator doesn't allow is refused before anything is sent.
	 */
	public function test_a_disallowed_model_is_refused(): void {
		$model  = new BackedModel( Backend::metadata( 'gpt-4.1' ), OpenAiProvider::metadata() );
		$result = byok_test_caller_with_model( $model );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertStringContainsString( 'the model “gpt-4.1” isn’t allowed', $result->get_error_message() );
		$this->assertSame( array(), FakeProvider::calls() );

		// Nor can it be picked by name from the provider.
		$this->assertFalse( OpenAiProvider::modelMetadataDirectory()->hasModelMetadata( 'gpt-4.1' ) );
		$this->assertTrue( OpenAiProvider::modelMetadataDirectory()->hasModelMetadata( 'gpt-4o-mini' ) );
	}

	/**
	 * Who may trigger a call: a capability the current user must have.
	 */
	public function test_only_users_with_the_capability_may_trigger_calls(): void {
		( new Rules() )->update( array( 'capability' => 'manage_options' ) );
		$this->act_as( 'editor' );
		$refused = byok_test_caller_prompt( 'Say hello' );
		$this->assertInstanceOf( \WP_Error::class, $refused );
		$this->assertSame( 403, $refused->get_error_data()['status'] );
		$this->act_as( 'administrator' );
		$this->assertIsString( byok_test_caller_prompt( 'Say hello' ) );
	}

	/**
	 * A caller over its hourly limit is refused with 429.
	 */
	public function test_a_caller_over_its_hourly_limit_is_refused(): void {
		( new Rules() )->update( array( 'hourly_limit' => 1 ) );
		$this->assertIsString( byok_test_caller_prompt( 'One' ) );
		$second = byok_test_caller_prompt( 'Two' );
		$this->assertInstanceOf( \WP_Error::class, $second );
		$this->assertSame( 429, $second->get_error_data()['status'] );
		$this->assertStringContainsString( 'hourly limit', $second->get_error_message() );
		$this->assertCount( 1, FakeProvider::calls() );
	}

	/**
	 * The output cap applies whatever the caller asks for.
	 */
	public function test_the_output_cap_applies(): void {
		$this->assertIsArray( $this->plugin()->policy()->update( array( 'max_output_tokens' => 64 ) ) );
		$this->assertIsString( byok_test_caller_prompt( 'Say hello', 5000 ) );
		$body = FakeProvider::calls()[0]['body'];
		$this->assertIsArray( $body );
		$sent = $body['max_completion_tokens'] ?? $body['max_tokens'] ?? null;
		$this->assertSame( 64, $sent );
	}

	/**
	 * Code that calls a model directly (no prompt builder, so no events) meets the same gate.
	 */
	public function test_a_direct_model_call_meets_the_gate(): void {
		( new Rules() )->update( array( 'callers' => array( 'plugin:byok-test-caller' => 'deny' ) ) );
		$model = OpenAiProvider::model( 'gpt-4o-mini' );
		try {
			byok_test_caller_direct( $model, array( new UserMessage( array( new MessagePart( 'Hello' ) ) ) ) );
			$this->fail( 'The direct call was not refused.' );
		} catch ( PolicyRefusal $refusal ) {
			$this->assertSame( 403, $refusal->getCode() );
		}
		$this->assertSame( array(), FakeProvider::calls() );

		( new Rules() )->update( array( 'callers' => array() ) );
		$result = byok_test_caller_direct( $model, array( new UserMessage( array( new MessagePart( 'Hello' ) ) ) ) );
		$this->assertNotSame( '', $result->toText() );
		$this->assertSame( 'wp-ai-client:plugin:byok-test-caller', $this->usage_rows()[0]['cause'] );
	}

	/**
	 * With the gate switched off, a denied plugin is no longer refused.
	 */
	public function test_the_gate_switch(): void {
		( new Rules() )->update(
			array(
				'gate'    => false,
				'callers' => array( 'plugin:byok-test-caller' => 'deny' ),
			)
		);
		$this->assertIsString( byok_test_caller_prompt( 'Say hello' ) );
	}

	/**
	 * A call through the plugin's own provider that a budget can't cover: the budget's message
	 * as the AI Client's error (429), nothing sent, the refusal recorded with the caller; once
	 * the cap allows it, the counter holds what the usage row says it cost.
	 */
	public function test_a_call_over_a_budget_is_refused(): void {
		$this->price( 10, 20 );
		$this->budgets( array( 'overall' => array( 'day' => 0.001 ) ) );
		$result = byok_test_caller_prompt( 'Say hello', 60 );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'prompt_client_error', $result->get_error_code() );
		$this->assertSame( 429, $result->get_error_data()['status'] );
		$this->assertStringContainsString( 'The daily AI budget has been reached, so this request was not sent.', $result->get_error_message() );
		$this->assertSame( array(), FakeProvider::calls() );
		$rows = $this->usage_rows();
		$this->assertSame( 'byok_ai_budget_exceeded', $rows[0]['outcome'] );
		$this->assertSame( 'wp-ai-client:plugin:byok-test-caller', $rows[0]['cause'] );

		$this->budgets( array( 'overall' => array( 'day' => 1 ) ) );
		$this->assertIsString( byok_test_caller_prompt( 'Say hello', 60 ) );
		$spent = $this->spent( 'overall' );
		$this->unprice();
		global $wpdb;
		$cost = $wpdb->get_var( "SELECT cost_micros FROM {$this->plugin()->usage()->table()} ORDER BY id DESC LIMIT 1" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->assertGreaterThan( 0, (int) $cost );
		$this->assertSame( (int) $cost, $spent );
	}

	/**
	 * A provider the plugin doesn't back (an "AI Provider for …" plugin) meets the budget in the
	 * gate: refused before its request when the worst case doesn't fit (a PolicyRefusal, 429),
	 * settled at its reported usage otherwise.
	 */
	public function test_a_provider_plugin_call_is_held_and_settled_by_the_gate(): void {
		require_once __DIR__ . '/fixtures/third-party-openai.php';
		\WordPress\AiClient\AiClient::defaultRegistry()->registerProvider( \ByokAi\Tests\WordPressAi\Fixtures\ThirdPartyOpenAiProvider::class );
		$loopback = static fn( $external, $host ) => '127.0.0.1' === $host ? true : (bool) $external;
		$port     = static fn( $ports ) => array_merge( (array) $ports, array( (int) wp_parse_url( FakeProvider::$url, PHP_URL_PORT ) ) );
		add_filter( 'http_request_host_is_external', $loopback, 10, 2 );
		add_filter( 'http_allowed_safe_ports', $port );
		try {
			$this->save_settings( array( 'connectors_ai_openai_api_key' => self::KEYS['openai'] ) );
			$this->integration()->keys->hand_off();
			FakeProvider::reset();
			$this->price( 10, 20 );
			$this->budgets( array( 'overall' => array( 'day' => 0.0005 ) ) );
			$refused = wp_ai_client_prompt( 'Say hello' )->using_provider( 'openai' )->using_model_preference( 'gpt-4o-mini' )->using_max_tokens( 40 )->generate_text();
			$this->assertInstanceOf( \WP_Error::class, $refused );
			$this->assertSame( 429, $refused->get_error_data()['status'] );
			$this->assertSame( PolicyRefusal::class, $refused->get_error_data()['exception_class'] );
			$this->assertStringContainsString( 'The daily AI budget has been reached', $refused->get_error_message() );
			$this->assertNotContains( 'POST', array_column( FakeProvider::calls(), 'method' ) );
			$this->assertSame( 0, $this->spent( 'overall' ) );

			$this->budgets( array( 'overall' => array( 'day' => 1 ) ) );
			$text = wp_ai_client_prompt( 'Say hello' )->using_provider( 'openai' )->using_model_preference( 'gpt-4o-mini' )->using_max_tokens( 40 )->generate_text();
			$this->assertIsString( $text, is_wp_error( $text ) ? $text->get_error_message() : '' );
			global $wpdb;
			$row = $wpdb->get_row( "SELECT input_tokens, output_tokens, cost_micros, cause FROM {$this->plugin()->usage()->table()} ORDER BY id DESC LIMIT 1", ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			$this->assertSame( 'wp-ai-client:core', $row['cause'] );
			$this->assertSame( 10 * (int) $row['input_tokens'] + 20 * (int) $row['output_tokens'], (int) $row['cost_micros'] );
			$this->assertSame( (int) $row['cost_micros'], $this->spent( 'overall' ) );
		} finally {
			$this->unprice();
			remove_filter( 'http_request_host_is_external', $loopback, 10 );
			remove_filter( 'http_allowed_safe_ports', $port );
			\WordPress\AiClient\AiClient::defaultRegistry()->registerProvider( OpenAiProvider::class );
		}
	}
}
