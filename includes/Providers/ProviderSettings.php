<?php
/**
 * Non-secret connection settings of each provider.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers;

use ByokAi\Config\Environment;
use ByokAi\Rest\UnknownNames;
use WP_Error;

/**
 * Stores base URLs, deployments and similar per provider in one option, sanitized against
 * each adapter's field list. Only administrators reach it (through the plugin's own routes):
 * these values decide where a key is sent.
 *
 * A URL field can also be set outside the database, as BYOK_AI_{PROVIDER}_{FIELD} (environment
 * variable, then wp-config constant), e.g. BYOK_AI_OPENAI_BASE_URL or BYOK_AI_AZURE_OPENAI_ENDPOINT:
 * it then wins over the stored value and can't be changed through REST. The URL fields together
 * are the provider's endpoint, the place a key is bound to (KeyEndpoints).
 *
 * About 300 lines for one job, a provider's settings wherever they are set (option, environment,
 * wp-config) and the endpoint they make; which URLs are allowed is EndpointUrl's.
 */
class ProviderSettings {

	public const OPTION = 'byok_ai_provider_settings';

	private Registry $registry;
	private Environment $environment;

	/** @var array<string, array{0: Provider, 1: array<mixed>, 2: array<string, mixed>, 3: array<string, string>}> Per provider id: the adapter, stored values and external settings get() last saw, and its result (a chat asks ~8 times). */
	private array $seen = array();

	/**
	 * Stores the registry.
	 *
	 * @param Registry         $registry    Providers.
	 * @param Environment|null $environment Reader for endpoints set outside the database.
	 */
	public function __construct( Registry $registry, ?Environment $environment = null ) {
		$this->registry    = $registry;
		$this->environment = $environment ?? new Environment();
	}

	/**
	 * Returns the adapter of a provider id, or null.
	 *
	 * @param string $id Provider id.
	 */
	public function provider( string $id ): ?Provider {
		return $this->registry->get( $id );
	}

	/**
	 * Names the environment variable / constant that sets a provider's field, e.g. BYOK_AI_OPENAI_BASE_URL.
	 *
	 * @param string $provider Provider id.
	 * @param string $field    Field name.
	 */
	public static function variable( string $provider, string $field ): string {
		return 'BYOK_AI_' . strtoupper( $provider ) . '_' . strtoupper( $field );
	}

	/**
	 * Returns the URL fields set in the environment or wp-config, with where each comes from.
	 * A value that isn't a usable base URL counts as set but empty (fails closed).
	 *
	 * @param Provider $provider Adapter.
	 * @return array<string, array{value: string, source: 'environment'|'constant', variable: string}>
	 */
	public function external( Provider $provider ): array {
		$external = array();
		foreach ( $provider->settings_fields() as $name => $field ) {
			if ( 'url' !== $field['type'] ) {
				continue;
			}
			$variable = self::variable( $provider->id(), $name );
			$found    = $this->environment->lookup( $variable );
			if ( null === $found ) {
				continue;
			}
			$value             = trim( $found['value'] );
			$external[ $name ] = array(
				'value'    => true === EndpointUrl::check( $value ) ? untrailingslashit( $value ) : '',
				'source'   => $found['source'],
				'variable' => $variable,
			);
		}
		return $external;
	}

	/**
	 * Returns where a provider's requests go now: its URL fields, canonical, in one string.
	 *
	 * @param Provider $provider Adapter.
	 */
	public function endpoint( Provider $provider ): string {
		return $this->describe_endpoint( $provider, $this->get( $provider ) );
	}

	/**
	 * Returns the only endpoint a key from the environment or wp-config may be sent to: the URL
	 * fields set there too, or else the provider's defaults.
	 *
	 * @param Provider $provider Adapter.
	 */
	public function external_key_endpoint( Provider $provider ): string {
		$values   = array();
		$external = $this->external( $provider );
		foreach ( $provider->settings_fields() as $name => $field ) {
			$values[ $name ] = isset( $external[ $name ] ) ? $external[ $name ]['value'] : $field['default'];
		}
		return $this->describe_endpoint( $provider, $values );
	}

	/**
	 * Joins a provider's URL values into one canonical string ('' when none is set).
	 *
	 * @param Provider              $provider Adapter.
	 * @param array<string, string> $values   Field values.
	 */
	private function describe_endpoint( Provider $provider, array $values ): string {
		$parts = array();
		foreach ( $provider->settings_fields() as $name => $field ) {
			if ( 'url' === $field['type'] ) {
				$parts[] = self::canonical_url( $values[ $name ] ?? '' );
			}
		}
		return implode( ' ', array_filter( $parts ) );
	}

	/**
	 * Canonical form of a base URL: lowercase scheme and host, no default port, no trailing slash.
	 *
	 * @param string $url URL.
	 */
	public static function canonical_url( string $url ): string {
		$parts = wp_parse_url( trim( $url ) );
		if ( ! is_array( $parts ) || ! isset( $parts['scheme'], $parts['host'] ) ) {
			return '';
		}
		$scheme = strtolower( $parts['scheme'] );
		$port   = isset( $parts['port'] ) && ! ( ( 'https' === $scheme && 443 === $parts['port'] ) || ( 'http' === $scheme && 80 === $parts['port'] ) ) ? ':' . $parts['port'] : '';
		return $scheme . '://' . strtolower( $parts['host'] ) . $port . rtrim( $parts['path'] ?? '', '/' );
	}

	/**
	 * Registers the option with its default and sanitizer. It is not shown in REST: the plugin's
	 * own routes, restricted to administrators, read and write it. Static, with the instance
	 * given by a closure, so that registering (on every request's `init`) builds nothing until
	 * the option is saved.
	 *
	 * @param \Closure $settings Gives the instance that sanitizes.
	 *
	 * @phpstan-param \Closure(): self $settings
	 */
	public static function register( \Closure $settings ): void {
		register_setting(
			'byok_ai',
			self::OPTION,
			array(
				'type'              => 'object',
				'default'           => array(),
				'sanitize_callback' => static fn( $value ): array => $settings()->sanitize_option( $value ),
				'show_in_rest'      => false,
			)
		);
	}

	/**
	 * Returns a provider's settings, filled with defaults.
	 *
	 * @param Provider $provider Adapter.
	 * @return array<string, string>
	 */
	public function get( Provider $provider ): array {
		$stored   = get_option( self::OPTION, array() );
		$values   = is_array( $stored ) && isset( $stored[ $provider->id() ] ) && is_array( $stored[ $provider->id() ] ) ? $stored[ $provider->id() ] : array();
		$external = $this->external( $provider );
		// Compared by value, so a changed option or variable shows at once.
		$seen = $this->seen[ $provider->id() ] ?? null;
		if ( null !== $seen && $seen[0] === $provider && $seen[1] === $values && $seen[2] === $external ) {
			return $seen[3];
		}
		$result = array();
		foreach ( $provider->settings_fields() as $name => $field ) {
			$result[ $name ] = isset( $values[ $name ] ) && is_string( $values[ $name ] ) ? $values[ $name ] : $field['default'];
			if ( isset( $external[ $name ] ) ) {
				$result[ $name ] = $external[ $name ]['value'];
			} elseif ( 'url' === $field['type'] && '' !== $result[ $name ] && true !== EndpointUrl::check( $result[ $name ] ) ) {
				// Stored before a rule existed, or edited behind the plugin's back: not used.
				$result[ $name ] = '';
			}
		}
		$this->seen[ $provider->id() ] = array( $provider, $values, $external, $result );
		return $result;
	}

	/**
	 * Validates and saves a provider's settings. Unknown names are an error, not silently dropped.
	 *
	 * @param Provider             $provider Adapter.
	 * @param array<string, mixed> $values   Submitted values.
	 * @return array<string, string>|WP_Error Saved settings, or the first problem found.
	 */
	public function update( Provider $provider, array $values ) {
		$fields  = $provider->settings_fields();
		$unknown = array_diff( array_keys( $values ), array_keys( $fields ) );
		if ( $unknown ) {
			return UnknownNames::error(
				'byok_ai_unknown_setting',
				/* translators: %s: comma-separated setting names. */
				__( 'Unknown settings: %s.', 'byok-ai' ),
				array_map( 'strval', $unknown )
			);
		}
		$current = $this->get( $provider );
		foreach ( $this->external( $provider ) as $name => $external ) {
			if ( array_key_exists( $name, $values ) && ( ! is_string( $values[ $name ] ) || untrailingslashit( trim( $values[ $name ] ) ) !== $current[ $name ] ) ) {
				return new WP_Error(
					'byok_ai_setting_external',
					sprintf(
						/* translators: 1: setting label, 2: environment variable or constant name. */
						__( '%1$s is set by %2$s in the server’s configuration and can’t be changed here.', 'byok-ai' ),
						$fields[ $name ]['label'],
						$external['variable']
					),
					array(
						'status' => 409,
						'field'  => $name,
					)
				);
			}
			unset( $values[ $name ] );
		}
		$settings = array_merge( $current, $values );
		$clean    = array();
		foreach ( $fields as $name => $field ) {
			if ( isset( $this->external( $provider )[ $name ] ) ) {
				continue;
			}
			$value = $this->check_field( $field, $settings[ $name ] ?? '' );
			if ( is_wp_error( $value ) ) {
				$value->add_data(
					array(
						'status' => 400,
						'field'  => $name,
					)
				);
				return $value;
			}
			$clean[ $name ] = $value;
		}

		$stored = get_option( self::OPTION, array() );
		$stored = is_array( $stored ) ? $stored : array();

		$stored[ $provider->id() ] = $clean;
		update_option( self::OPTION, $stored, true );
		return $clean;
	}

	/**
	 * Keeps only known providers and fields that pass their checks (sanitize_option callback).
	 *
	 * @param mixed $value Raw option value.
	 * @return array<string, array<string, string>>
	 */
	public function sanitize_option( $value ): array {
		$clean = array();
		if ( ! is_array( $value ) ) {
			return $clean;
		}
		foreach ( $this->registry->all() as $id => $provider ) {
			if ( ! isset( $value[ $id ] ) || ! is_array( $value[ $id ] ) ) {
				continue;
			}
			foreach ( $provider->settings_fields() as $name => $field ) {
				$checked = $this->check_field( $field, $value[ $id ][ $name ] ?? $field['default'] );
				if ( ! is_wp_error( $checked ) ) {
					$clean[ $id ][ $name ] = $checked;
				}
			}
		}
		return $clean;
	}

	/**
	 * Checks one value against its field.
	 *
	 * @param array{type: 'url'|'text', label: string, required: bool, default: string, pattern?: string} $field Field.
	 * @param mixed                                                                                       $value Value.
	 * @return string|WP_Error
	 */
	private function check_field( array $field, $value ) {
		if ( ! is_string( $value ) ) {
			return $this->field_error( $field, __( 'must be text', 'byok-ai' ) );
		}
		$value = trim( $value );
		if ( '' === $value ) {
			if ( ! $field['required'] ) {
				return '';
			}
			// A required field left empty goes back to its default, when it has one.
			return '' !== $field['default'] ? $field['default'] : $this->field_error( $field, __( 'is required', 'byok-ai' ) );
		}
		if ( 'url' === $field['type'] ) {
			$checked = EndpointUrl::check( $value );
			if ( 'metadata' === $checked ) {
				return $this->field_error( $field, __( 'points at a cloud metadata address, which would hand the server’s credentials to whoever controls the key’s requests', 'byok-ai' ) );
			}
			return true === $checked ? untrailingslashit( $value ) : $this->field_error( $field, __( 'must be an http:// or https:// URL without credentials, query or fragment', 'byok-ai' ) );
		}
		if ( isset( $field['pattern'] ) && ! preg_match( '/' . str_replace( '/', '\/', $field['pattern'] ) . '/', $value ) ) {
			return $this->field_error( $field, __( 'contains characters that aren’t allowed', 'byok-ai' ) );
		}
		return $value;
	}

	/**
	 * Builds a field error.
	 *
	 * @param array{label: string} $field   Field.
	 * @param string               $problem What is wrong, completing "<label> …".
	 */
	private function field_error( array $field, string $problem ): WP_Error {
		return new WP_Error(
			'byok_ai_invalid_setting',
			/* translators: 1: setting label, 2: what is wrong with it. */
			sprintf( __( '%1$s %2$s.', 'byok-ai' ), $field['label'], $problem )
		);
	}
}
