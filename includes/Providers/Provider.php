<?php
/**
 * What every provider adapter provides.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers;

use ByokAi\Http\Request;
use ByokAi\Http\Response;
use WP_Error;

/**
 * One provider wire format: its settings, its keys and how to check a key against it.
 *
 * Adapters only describe requests; HttpClient sends them, so every upstream call shares one
 * transport with one set of safety rules.
 *
 * @phpstan-type Field array{type: 'url'|'text', label: string, required: bool, default: string, pattern?: string, help?: string}
 */
interface Provider {

	/**
	 * Returns the provider's id, e.g. "openai": used in option names, routes and environment variables.
	 */
	public function id(): string;

	/**
	 * Returns the provider's name for people.
	 */
	public function label(): string;

	/**
	 * Tells whether the provider needs an API key at all (local OpenAI-compatible servers may not).
	 */
	public function requires_key(): bool;

	/**
	 * Describes the administrator-only, non-secret settings (base URL, deployment…).
	 *
	 * @return array<string, Field>
	 */
	public function settings_fields(): array;

	/**
	 * Tells whether a key that looks like it comes from $vendor belongs in this provider's field.
	 *
	 * @param string|null $vendor Vendor guessed from the key's prefix (KeyFormat::vendor()), or null.
	 */
	public function accepts_key_vendor( ?string $vendor ): bool;

	/**
	 * Builds the cheapest request that proves a key works.
	 *
	 * @param string                $key      API key (may be '' where requires_key() is false).
	 * @param array<string, string> $settings Sanitized settings.
	 * @return Request|WP_Error WP_Error when the settings are incomplete.
	 */
	public function validation_request( string $key, array $settings );

	/**
	 * Reads the answer to validation_request().
	 *
	 * @param Response $response Upstream answer.
	 * @return 'valid'|'invalid'|'forbidden'|'unavailable'|'rejected'
	 */
	public function classify_validation( Response $response ): string;
}
