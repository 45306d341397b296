<?php
/**
 * Which Connectors entry is which BYOK AI provider.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

/**
 * Maps WordPress's connector ids (and AI Client provider ids) to the plugin's provider ids, and
 * names what core derives from them: the option holding the key and core's environment
 * variable / constant.
 */
final class ConnectorMap {

	/**
	 * Connector id => plugin provider id. Core's built-in connectors are anthropic, google and
	 * openai; the plugin adds the other two as AI Client providers.
	 */
	private const MAP = array(
		'anthropic'         => 'anthropic',
		'openai'            => 'openai',
		'google'            => 'gemini',
		'azure-openai'      => 'azure_openai',
		'openai-compatible' => 'openai_compatible',
	);

	/**
	 * Returns every connector id => provider id pair.
	 *
	 * @return array<string, string>
	 */
	public function all(): array {
		return self::MAP;
	}

	/**
	 * Returns the plugin's provider id for a connector, or null for a connector the plugin doesn't keep.
	 *
	 * @param string $connector Connector id.
	 */
	public function provider( string $connector ): ?string {
		return self::MAP[ $connector ] ?? null;
	}

	/**
	 * Returns the connector id for a plugin provider, or null.
	 *
	 * @param string $provider Provider id.
	 */
	public function connector( string $provider ): ?string {
		$connector = array_search( $provider, self::MAP, true );
		return false === $connector ? null : $connector;
	}

	/**
	 * Returns the option core keeps a connector's key in: connectors_ai_{id}_api_key, with dashes
	 * turned into underscores as _wp_connectors_register_default_ai_providers() does.
	 *
	 * @param string $connector Connector id.
	 */
	public function setting( string $connector ): string {
		return 'connectors_ai_' . str_replace( '-', '_', $connector ) . '_api_key';
	}

	/**
	 * Returns core's environment variable and constant name for a connector's key
	 * ({CONSTANT_CASE_ID}_API_KEY), e.g. GOOGLE_API_KEY.
	 *
	 * @param string $connector Connector id.
	 */
	public function core_variable( string $connector ): string {
		return strtoupper( str_replace( '-', '_', $connector ) ) . '_API_KEY';
	}

	/**
	 * Returns the connector whose key option this is, or null.
	 *
	 * @param string $setting Option name.
	 */
	public function connector_for_setting( string $setting ): ?string {
		foreach ( array_keys( self::MAP ) as $connector ) {
			if ( $this->setting( $connector ) === $setting ) {
				return $connector;
			}
		}
		return null;
	}
}
