<?php
/**
 * The plugin's providers through wp_ai_client_prompt(): each reaches its wire format.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\WordPressAi\Provider;

use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\WordPressAi\AiClientTestCase;

/**
 * Anthropic, OpenAI, Google (Gemini), Azure OpenAI and OpenAI-compatible servers, as AI Client
 * providers backed by the plugin's adapters and keys.
 */
final class BackedProviderTest extends AiClientTestCase {

	/**
	 * Connector id, expected upstream path.
	 *
	 * @return array<string, array{0: string, 1: string}>
	 */
	public function providers(): array {
		return array(
			'anthropic'         => array( 'anthropic', '#^/anthropic/v1/messages$#' ),
			'openai'            => array( 'openai', '#^/openai/v1/chat/completions$#' ),
			'google'            => array( 'google', '#^/gemini/v1beta/models/[^/]+:generateContent$#' ),
			'azure-openai'      => array( 'azure-openai', '#^/azure/openai/deployments/gpt-4o-mini/chat/completions$#' ),
			'openai-compatible' => array( 'openai-compatible', '#^/compat/v1/chat/completions$#' ),
		);
	}

	/**
	 * Each provider answers a prompt with system instructions through its adapter.
	 *
	 * @dataProvider providers
	 *
	 * @param string $connector Connector id.
	 * @param string $path      Expected upstream path (regular expression).
	 */
	public function test_a_prompt_reaches_the_provider( string $connector, string $path ): void {
		$this->store_keys();
		if ( 'openai-compatible' === $connector ) {
			$this->assertIsArray( $this->plugin()->policy()->update( array( 'models' => array( 'openai_compatible' => array( 'llama3.2' ) ) ) ) );
		}
		$result = wp_ai_client_prompt( 'Say hello' )
			->using_provider( $connector )
			->using_system_instruction( 'Answer briefly.' )
			->generate_text_result();
		$this->assertInstanceOf( \WordPress\AiClient\Results\DTO\GenerativeAiResult::class, $result, is_wp_error( $result ) ? $result->get_error_message() : '' );
		$this->assertNotSame( '', $result->toText() );
		$this->assertSame( $connector, $result->getProviderMetadata()->getId() );
		$this->assertGreaterThan( 0, $result->getTokenUsage()->getCompletionTokens() );
		$calls = FakeProvider::calls();
		$this->assertCount( 1, $calls );
		$this->assertMatchesRegularExpression( $path, $calls[0]['path'] );
		$this->assertStringContainsString( 'Answer briefly.', (string) wp_json_encode( $calls[0]['body'] ) );
	}

	/**
	 * Registering the providers on `init` discovers no HTTP client (issue 13): the registry's
	 * transport is gated, and finds its client when a request is first sent through it.
	 */
	public function test_registering_discovers_no_http_client(): void {
		$transport = \WordPress\AiClient\AiClient::defaultRegistry()->getHttpTransporter();
		$this->assertInstanceOf( \ByokAi\WordPressAi\GatedTransporter::class, $transport );
		$this->assertInstanceOf( \ByokAi\WordPressAi\DiscoveredTransporter::class, $transport->inner() );
	}

	/**
	 * Without a key, a provider isn't configured: the AI Client picks none and says so.
	 */
	public function test_without_a_key_no_provider_is_offered(): void {
		$result = wp_ai_client_prompt( 'Say hello' )->using_provider( 'anthropic' )->generate_text();
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( array(), FakeProvider::calls() );
		$this->assertFalse( \WordPress\AiClient\AiClient::defaultRegistry()->isProviderConfigured( 'anthropic' ) );
	}

	/**
	 * Provider errors come back as the builder's WP_Error with the plugin's message, no key in it.
	 */
	public function test_provider_errors_are_mapped(): void {
		$this->assertTrue( $this->plugin()->keys()->store( 'openai', 'sk-proj-BYOKTEST-ratelimited-0123456789', 'valid' ) );
		$result = wp_ai_client_prompt( 'Say hello' )->using_provider( 'openai' )->generate_text();
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 429, $result->get_error_data()['status'] );
		$this->assertStringNotContainsString( 'ratelimited-0123456789', $result->get_error_message() );
	}
}
