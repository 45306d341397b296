<?php
/**
 * Non-secret connection settings of each provider.
 *
 * @package ByokAi
 */

namespace ByokAi\Providers;

use WP_Error;

/**
 * Stores base URLs, deployments and similar per provider in one option, sanitized against
 * each adapter's field list. Only administrators reach it (through the plugin's own routes):
 * these values decide where a key is sent.
 */
class ProviderSettings {

	public const OPTION = 'byok_ai_provider_settings';

	/**
	 * Provider adapters.
	 *
	 * @var Registry
	 */
	private $registry;

	/**
	 * Stores the registry.
	 *
	 * @param Registry $registry Providers.
	 */
	public function __construct( Registry $registry ) {
		$this->registry = $registry;
	}

	/**
	 * Registers the option with its default and sanitizer. It is not shown in REST: the plugin's
	 * own routes, restricted to administrators, read and write it.
	 */
	public function register(): void {
		register_setting(
			'byok_ai',
			self::OPTION,
			array(
				'type'              => 'object',
				'default'           => array(),
				'sanitize_callback' => array( $this, 'sanitize_option' ),
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
		$stored = get_option( self::OPTION, array() );
		$values = is_array( $stored ) && isset( $stored[ $provider->id() ] ) && is_array( $stored[ $provider->id() ] ) ? $stored[ $provider->id() ] : array();
		$result = array();
		foreach ( $provider->settings_fields() as $name => $field ) {
			$result[ $name ] = isset( $values[ $name ] ) && is_string( $values[ $name ] ) ? $values[ $name ] : $field['default'];
		}
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
			return new WP_Error(
				'byok_ai_unknown_setting',
				sprintf(
					/* translators: %s: comma-separated setting names. */
					__( 'Unknown settings: %s.', 'byok-ai' ),
					implode( ', ', array_map( 'strval', $unknown ) )
				),
				array( 'status' => 400 )
			);
		}
		$settings = array_merge( $this->get( $provider ), $values );
		$clean    = array();
		foreach ( $fields as $name => $field ) {
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
			return self::check_base_url( $value ) ? untrailingslashit( $value ) : $this->field_error( $field, __( 'must be an http:// or https:// URL without credentials, query or fragment', 'byok-ai' ) );
		}
		if ( isset( $field['pattern'] ) && ! preg_match( '/' . str_replace( '/', '\/', $field['pattern'] ) . '/', $value ) ) {
			return $this->field_error( $field, __( 'contains characters that aren’t allowed', 'byok-ai' ) );
		}
		return $value;
	}

	/**
	 * Tells whether a string is a usable base URL: http(s), a host, no user info, query or fragment.
	 *
	 * Loopback and private hosts are allowed on purpose: local model servers (Ollama, LM Studio)
	 * live there, and only administrators can set this value.
	 *
	 * @param string $url Candidate.
	 */
	public static function check_base_url( string $url ): bool {
		if ( strlen( $url ) > 2048 || preg_match( '/[\s\x00-\x1f\x7f]/', $url ) ) {
			return false;
		}
		$parts = wp_parse_url( $url );
		return is_array( $parts )
			&& isset( $parts['scheme'], $parts['host'] )
			&& in_array( strtolower( $parts['scheme'] ), array( 'http', 'https' ), true )
			&& '' !== $parts['host']
			&& ! isset( $parts['user'] )
			&& ! isset( $parts['pass'] )
			&& ! isset( $parts['query'] )
			&& ! isset( $parts['fragment'] );
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
