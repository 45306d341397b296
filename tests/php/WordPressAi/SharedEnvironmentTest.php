<?php
/**
 * A key set under core's name (OPENAI_API_KEY) is named so on BYOK AI's settings page.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\WordPressAi;

use ByokAi\WordPressAi\SharedEnvironment;

/**
 * SharedEnvironment::name_of() and GET /byok-ai/v1/settings with a key from core's variable.
 */
class SharedEnvironmentTest extends AiClientTestCase {

	/**
	 * Variables this test set, to unset afterwards.
	 *
	 * @var list<string>
	 */
	private array $set = array();

	/**
	 * Unsets the variables.
	 */
	protected function tear_down(): void {
		foreach ( $this->set as $name ) {
			putenv( $name );
		}
		$this->set = array();
		parent::tear_down();
	}

	/**
	 * Sets an environment variable for this test.
	 *
	 * @param string $name  Name.
	 * @param string $value Value.
	 */
	private function env( string $name, string $value ): void {
		putenv( $name . '=' . $value );
		$this->set[] = $name;
	}

	public function test_name_of_tells_which_name_set_the_key(): void {
		$environment = new SharedEnvironment( array( 'BYOK_AI_TEST_WPAI_API_KEY' => 'TEST_WPAI_API_KEY' ) );
		$this->assertSame( 'BYOK_AI_TEST_WPAI_API_KEY', $environment->name_of( 'BYOK_AI_TEST_WPAI_API_KEY' ), 'Nothing set: the plugin\'s name.' );

		$this->env( 'TEST_WPAI_API_KEY', 'sk-core-0000000000000000AAAA' );
		$this->assertSame( 'TEST_WPAI_API_KEY', $environment->name_of( 'BYOK_AI_TEST_WPAI_API_KEY' ) );
		$this->assertSame( 'sk-core-0000000000000000AAAA', $environment->lookup( 'BYOK_AI_TEST_WPAI_API_KEY' )['value'] ?? null );

		$this->env( 'BYOK_AI_TEST_WPAI_API_KEY', 'sk-plugin-00000000000000BBBB' );
		$this->assertSame( 'BYOK_AI_TEST_WPAI_API_KEY', $environment->name_of( 'BYOK_AI_TEST_WPAI_API_KEY' ), 'The plugin\'s variable comes first.' );
		$this->assertSame( 'sk-plugin-00000000000000BBBB', $environment->lookup( 'BYOK_AI_TEST_WPAI_API_KEY' )['value'] ?? null );
		$this->assertSame( 'OTHER_NAME', $environment->name_of( 'OTHER_NAME' ), 'A name without alias is itself.' );
	}

	public function test_settings_name_core_variable_when_the_key_comes_from_it(): void {
		$this->act_as( 'administrator' );
		$this->env( 'OPENAI_API_KEY', self::KEYS['openai'] );

		$openai = $this->openai_row();
		$this->assertSame( 'environment', $openai['key']['source'] );
		$this->assertSame( 'OPENAI_API_KEY', $openai['key']['variable'] );
		$this->assertStringNotContainsString( self::KEYS['openai'], (string) wp_json_encode( $openai ) );

		$this->env( 'BYOK_AI_OPENAI_API_KEY', self::KEYS['openai'] );
		$this->assertSame( 'BYOK_AI_OPENAI_API_KEY', $this->openai_row()['key']['variable'], 'The plugin\'s own variable wins and is named.' );
	}

	public function test_settings_name_the_plugin_variable_without_an_external_key(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( 'BYOK_AI_OPENAI_API_KEY', $this->openai_row()['key']['variable'] );
	}

	/**
	 * The OpenAI row of GET /byok-ai/v1/settings.
	 *
	 * @return array<string, mixed>
	 */
	private function openai_row(): array {
		$response = $this->rest( 'GET', '/byok-ai/v1/settings' );
		$this->assertSame( 200, $response->get_status() );
		foreach ( $response->get_data()['providers'] as $provider ) {
			if ( 'openai' === $provider['id'] ) {
				return $provider;
			}
		}
		$this->fail( 'No OpenAI row.' );
	}
}
