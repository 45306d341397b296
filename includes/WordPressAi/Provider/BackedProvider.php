<?php
/**
 * An AI Client provider that runs on the plugin's adapters and keys.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi\Provider;

use ByokAi\WordPressAi\Backend;
use WordPress\AiClient\Providers\AbstractProvider;
use WordPress\AiClient\Providers\Contracts\ModelMetadataDirectoryInterface;
use WordPress\AiClient\Providers\Contracts\ProviderAvailabilityInterface;
use WordPress\AiClient\Providers\DTO\ProviderMetadata;
use WordPress\AiClient\Providers\Enums\ProviderTypeEnum;
use WordPress\AiClient\Providers\Http\Enums\RequestAuthenticationMethod;
use WordPress\AiClient\Providers\Models\Contracts\ModelInterface;
use WordPress\AiClient\Providers\Models\DTO\ModelMetadata;

/**
 * Runs an AI Client provider on the plugin. php-ai-client identifies providers by class and calls them statically, so each connector is a
 * small subclass naming its id; the shared Backend is handed over once by connect().
 * Authentication is declared as an API key so that Connectors shows a key field; the key itself
 * is read from the plugin's store by the chat engine, for each call.
 */
abstract class BackedProvider extends AbstractProvider {

	/** The backend every subclass runs on. */
	/** @var (\Closure(): Backend)|null Gives the backend, built on first use. */
	private static ?\Closure $backend = null;

	/**
	 * Hands the backend to the providers (once, when the plugin registers them): a closure, so
	 * that requests that make no AI call don't build it.
	 *
	 * @param \Closure $backend Gives the backend.
	 *
	 * @phpstan-param \Closure(): Backend $backend
	 */
	public static function connect( \Closure $backend ): void {
		self::$backend = $backend;
	}

	/**
	 * Returns the backend, or null before connect().
	 */
	public static function backend(): ?Backend {
		return null === self::$backend ? null : ( self::$backend )();
	}

	/**
	 * The connector id, e.g. "openai".
	 */
	abstract public static function connector_id(): string;

	/**
	 * The provider's name.
	 */
	abstract protected static function label(): string;

	/**
	 * Where to get a key, or null.
	 */
	protected static function credentials_url(): ?string {
		return null;
	}

	/**
	 * Cloud service (default) or a server the site owner runs.
	 */
	protected static function type(): ProviderTypeEnum {
		return ProviderTypeEnum::cloud();
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function createProviderMetadata(): ProviderMetadata {
		return new ProviderMetadata(
			static::connector_id(),
			static::label(),
			static::type(),
			static::credentials_url(),
			RequestAuthenticationMethod::apiKey(),
			self::description()
		);
	}

	/**
	 * The providers' description, which only the Connectors screen shows: translated there (in
	 * wp-admin) and left in English elsewhere, since core lists the connectors on every request's
	 * `init` and translating would load the plugin's translations each time (issue 13).
	 */
	private static function description(): string {
		return is_admin() ? __( 'Through BYOK AI: encrypted key, the site’s AI rules and usage log.', 'byok-ai' ) : 'Through BYOK AI: encrypted key, the site’s AI rules and usage log.';
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function createProviderAvailability(): ProviderAvailabilityInterface {
		return new BackedAvailability( static::connector_id() );
	}

	/**
	 * {@inheritDoc}
	 */
	protected static function createModelMetadataDirectory(): ModelMetadataDirectoryInterface {
		return new BackedModelDirectory( static::connector_id() );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param ModelMetadata    $model_metadata    Model.
	 * @param ProviderMetadata $provider_metadata Provider.
	 */
	protected static function createModel( ModelMetadata $model_metadata, ProviderMetadata $provider_metadata ): ModelInterface {
		return new BackedModel( $model_metadata, $provider_metadata );
	}
}
