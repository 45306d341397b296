<?php
/**
 * Class 1 of issue 11: Azure OpenAI reasoning deployments.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Providers\AzureOpenAi;

use ByokAi\Http\Request;
use ByokAi\Providers\AzureOpenAi\AzureOpenAiProvider;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\Providers\TranscriptCase;

require_once dirname( __DIR__ ) . '/TranscriptCase.php';

/**
 * Deployments of o-series and gpt-5 models take max_completion_tokens and only the default temperature,
 * need api-version 2024-12-01-preview or later, and the key check must work on them. The fake's
 * Azure route answers them with the recorded refusals (azure_openai/unsupported-max-tokens,
 * unsupported-temperature, api-version-too-old).
 */
class AzureOpenAiProviderTest extends TranscriptCase {

	/**
	 * A deployment named after its reasoning model gets max_completion_tokens, no temperature
	 * and the lowest reasoning effort, in one call.
	 */
	public function test_reasoning_deployment_answers_without_refused_parameters(): void {
		$this->azure( 'o3-mini', '2024-12-01-preview' );
		$response = $this->chat( 'azure_openai', 'one two', array( 'temperature' => 0.7 ) );

		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'Echo: one two', $response->get_data()['text'] );
		$calls = FakeProvider::calls();
		$this->assertCount( 1, $calls );
		$this->assertArrayHasKey( 'max_completion_tokens', $calls[0]['body'] );
		$this->assertArrayNotHasKey( 'max_tokens', $calls[0]['body'] );
		$this->assertArrayNotHasKey( 'temperature', $calls[0]['body'] );
		$this->assertSame( 'low', $calls[0]['body']['reasoning_effort'] );
	}

	/**
	 * A reasoning model behind a name that doesn't say so refuses the temperature (recorded
	 * 400 unsupported_value): the request is sent again once without it, plain and streamed.
	 */
	public function test_refused_temperature_is_dropped_and_sent_again(): void {
		$this->azure( 'reasoning-prod', '2025-04-01-preview' );
		$response = $this->chat( 'azure_openai', 'one two', array( 'temperature' => 0.7 ) );
		$this->assertSame( 'Echo: one two', $response->get_data()['text'] ?? null, (string) wp_json_encode( $response->get_data() ) );
		$calls = FakeProvider::calls();
		$this->assertCount( 2, $calls );
		$this->assertSame( 0.7, $calls[0]['body']['temperature'] );
		$this->assertArrayNotHasKey( 'temperature', $calls[1]['body'] );

		FakeProvider::reset();
		$events = $this->stream( 'azure_openai', 'three four', array( 'temperature' => 0.5 ) );
		$this->assertSame( 'done', end( $events )[0] );
		$this->assertSame( 'Echo: three four', $this->streamed_text( $events ) );
		$this->assertCount( 2, FakeProvider::calls() );
		$this->assertSame( array( 'ok', 'ok' ), array_column( $this->usage_rows(), 'outcome' ), 'one usage row per answer, not per attempt' );
	}

	/**
	 * The adapter reads the recorded refusals: max_tokens becomes max_completion_tokens,
	 * temperature is left out, and a refusal of something it didn't send changes nothing.
	 */
	public function test_recorded_refusals_revise_the_request(): void {
		$azure   = new AzureOpenAiProvider();
		$request = Request::json(
			'http://127.0.0.1/x',
			array( 'api-key' => 'k' ),
			array(
				'messages'    => array(),
				'max_tokens'  => 16,
				'temperature' => 0.7,
			)
		);

		$revised = $azure->revise_request( $request, $this->recorded( 'azure_openai/unsupported-max-tokens' ) );
		$this->assertNotNull( $revised );
		$body = json_decode( (string) $revised->body, true );
		$this->assertSame( 16, $body['max_completion_tokens'] );
		$this->assertArrayNotHasKey( 'max_tokens', $body );
		$this->assertSame( 'k', $revised->headers['api-key'] );

		$revised = $azure->revise_request( $revised, $this->recorded( 'azure_openai/unsupported-temperature' ) );
		$this->assertNotNull( $revised );
		$this->assertArrayNotHasKey( 'temperature', json_decode( (string) $revised->body, true ) );

		$this->assertNull( $azure->revise_request( $revised, $this->recorded( 'azure_openai/unsupported-temperature' ) ), 'nothing left to drop' );
		$this->assertNull( $azure->revise_request( $request, $this->recorded( 'azure_openai/content-filter-prompt' ) ) );
		$this->assertSame( 'valid', $azure->classify_validation( $this->recorded( 'azure_openai/unsupported-max-tokens' ) ), 'a parameter refusal proves key and deployment' );
	}

	/**
	 * OpenAI reasoning models get the lowest effort they take: "none" from gpt-5.1 on,
	 * "minimal" for the first gpt-5 models, "low" for the o-series; no temperature; and a
	 * refused effort (recorded 400 unsupported_value) is raised to "low" once.
	 */
	public function test_openai_reasoning_effort_per_family(): void {
		$models = array(
			'gpt-5.4-mini'      => 'none',
			'gpt-5-mini'        => 'minimal',
			'o4-mini'           => 'low',
			'gpt-5-chat-latest' => null,
			'gpt-4.1'           => null,
		);
		$this->allow( 'openai', array_keys( $models ) );
		foreach ( $models as $model => $effort ) {
			FakeProvider::reset();
			$this->chat(
				'openai',
				'hi',
				array(
					'model'       => $model,
					'temperature' => 0.3,
				)
			);
			$body = FakeProvider::calls()[0]['body'];
			$this->assertSame( $effort, $body['reasoning_effort'] ?? null, $model );
			$this->assertSame( null === $effort ? 0.3 : null, $body['temperature'] ?? null, $model );
		}

		$openai  = new \ByokAi\Providers\OpenAi\OpenAiProvider();
		$request = Request::json( 'http://127.0.0.1/x', array(), array( 'reasoning_effort' => 'none' ) );
		$revised = $openai->revise_request( $request, $this->recorded( 'openai/unsupported-reasoning-effort' ) );
		$this->assertNotNull( $revised );
		$this->assertSame( array( 'reasoning_effort' => 'low' ), json_decode( (string) $revised->body, true ) );
		$revised = $openai->revise_request( $revised, $this->recorded( 'openai/unsupported-reasoning-effort' ) );
		$this->assertNotNull( $revised );
		$this->assertSame( array(), json_decode( (string) $revised->body, true ) );
		$this->assertNull( $openai->revise_request( $revised, $this->recorded( 'openai/unsupported-reasoning-effort' ) ) );
		$revised = $openai->revise_request( Request::json( 'http://127.0.0.1/x', array(), array( 'max_tokens' => 9 ) ), $this->recorded( 'openai/unsupported-max-tokens' ) );
		$this->assertNotNull( $revised );
		$this->assertSame( array( 'max_completion_tokens' => 9 ), json_decode( (string) $revised->body, true ) );
	}

	/**
	 * The key check (a 1-token chat) works on a reasoning deployment; with an api-version too
	 * old for the model, the administrator reads Azure's own explanation.
	 */
	public function test_key_check_on_reasoning_deployment(): void {
		$this->azure( 'o3-mini', '2024-12-01-preview' );
		$azure = $this->plugin()->registry()->get( 'azure_openai' );
		$this->assertNotNull( $azure );
		$this->assertTrue( $this->plugin()->validator()->validate( $azure, self::KEYS['azure_openai'] ) );
		$body = FakeProvider::calls()[0]['body'];
		$this->assertSame( 1, $body['max_completion_tokens'] );
		$this->assertArrayNotHasKey( 'max_tokens', $body );

		$this->azure( 'o3-mini', '2024-10-21' );
		$error = $this->plugin()->validator()->validate( $azure, self::KEYS['azure_openai'] );
		$this->assertInstanceOf( \WP_Error::class, $error );
		$this->assertStringContainsString( 'enabled only for api versions 2024-12-01-preview and later', $error->get_error_message() );
	}

	/**
	 * A chat on an api-version too old for the model gets its own code, telling the
	 * administrator to change the API version (with Azure's words as the detail).
	 */
	public function test_api_version_too_old_is_readable(): void {
		$this->azure( 'o3-mini', '2024-10-21' );
		$response = $this->chat( 'azure_openai', 'hello' );

		$this->assertSame( 'byok_ai_api_version', $this->error_code( $response ) );
		$this->assertSame( 502, $response->get_status() );
		$this->assertStringContainsString( 'API version', $response->get_data()['message'] );
		$this->assertStringNotContainsString( 'endpoint or deployment', $response->get_data()['message'] );
		$this->assertStringContainsString( '2024-12-01-preview', $response->get_data()['data']['detail'] );
		$this->assertSame( 'api_version', ( new AzureOpenAiProvider() )->classify_error( $this->recorded( 'azure_openai/api-version-too-old' ) ) );
	}

	/**
	 * The default api-version stays the GA one; newer previews are accepted by the setting.
	 */
	public function test_default_api_version_is_ga_and_previews_are_accepted(): void {
		$fields = ( new AzureOpenAiProvider() )->settings_fields();
		$this->assertSame( '2024-10-21', $fields['api_version']['default'] );
		foreach ( array( '2024-12-01-preview', '2025-04-01-preview', '2024-10-21' ) as $version ) {
			$this->assertSame( 1, preg_match( '#' . $fields['api_version']['pattern'] . '#', $version ), $version );
		}
		$this->assertSame( 0, preg_match( '#' . $fields['api_version']['pattern'] . '#', '2024-10-21&x=1' ) );
	}
}
