<?php
/**
 * The provider resource the settings page reads.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Config\Environment;
use ByokAi\Keys\KeyStore;
use ByokAi\Providers\Provider;
use ByokAi\Providers\ProviderSettings;

/**
 * Shapes one provider for REST responses: connection settings, field descriptions and the key's
 * state. The key itself is never part of it; only its mask is.
 */
class ProviderPresenter {

	private KeyStore $keys;

	private ProviderSettings $settings;

	/** Where external keys are read (names the variable that set one), if given. */
	private ?Environment $environment;

	/**
	 * Stores the dependencies.
	 *
	 * @param KeyStore         $keys        Key store.
	 * @param ProviderSettings $settings    Connection settings.
	 * @param Environment|null $environment The key store's environment reader.
	 */
	public function __construct( KeyStore $keys, ProviderSettings $settings, ?Environment $environment = null ) {
		$this->keys        = $keys;
		$this->settings    = $settings;
		$this->environment = $environment;
	}

	/**
	 * Builds the resource.
	 *
	 * @param Provider $provider Adapter.
	 * @return array<string, mixed>
	 */
	public function present( Provider $provider ): array {
		// Administrators only reach this: the envelope is opened to tell the truth about it.
		$key      = $this->keys->describe( $provider->id(), true );
		$external = $this->settings->external( $provider );
		$fields   = array();
		foreach ( $provider->settings_fields() as $name => $field ) {
			$fields[] = array( 'name' => $name ) + $field + array(
				// Changing a URL field changes where the key goes.
				'binds_key' => 'url' === $field['type'],
				// Set in the environment or wp-config: read-only here.
				'locked_by' => isset( $external[ $name ] ) ? $external[ $name ]['variable'] : null,
			);
		}
		$external_key = in_array( $key['source'], array( 'environment', 'constant' ), true );
		// On WordPress 7.0+ the key may come from core's name (OPENAI_API_KEY): name that one.
		$variable = $external_key && $this->environment instanceof \ByokAi\WordPressAi\SharedEnvironment ? $this->environment->name_of( $key['variable'] ) : $key['variable'];
		return array(
			'id'              => $provider->id(),
			'label'           => $provider->label(),
			'requires_key'    => $provider->requires_key(),
			'key'             => array(
				'source'       => $key['source'],
				'status'       => $key['status'],
				'hint'         => $key['hint'],
				'validated_at' => null === $key['validated_at'] ? null : gmdate( 'Y-m-d\TH:i:s\Z', $key['validated_at'] ),
				'variable'     => $variable,
				'message'      => $key['message'],
				'endpoint'     => $key['endpoint'],
				'endpoint_now' => $key['endpoint_now'],
			),
			// What changing a URL field does to the key: 'reenter' (the stored key stays bound to its
			// endpoint and must be entered again), 'locked' (the key comes from the environment or
			// wp-config and only goes where that says), 'network' (the same, and on multisite only a
			// network administrator could change it), 'none' (no key).
			'endpoint_change' => $external_key ? ( is_multisite() && ! current_user_can( 'manage_network_options' ) ? 'network' : 'locked' ) : ( 'database' === $key['source'] ? 'reenter' : 'none' ),
			'settings'        => $this->settings->get( $provider ),
			'fields'          => $fields,
		);
	}

	/**
	 * JSON schema of the resource.
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'byok-ai-provider',
			'type'       => 'object',
			'properties' => array(
				'id'              => array(
					'type'     => 'string',
					'readonly' => true,
				),
				'label'           => array(
					'type'     => 'string',
					'readonly' => true,
				),
				'requires_key'    => array(
					'type'     => 'boolean',
					'readonly' => true,
				),
				'key'             => array(
					'type'       => 'object',
					'readonly'   => true,
					'properties' => array(
						'source'       => array(
							'type' => 'string',
							'enum' => array( 'environment', 'constant', 'database', 'none' ),
						),
						'status'       => array(
							'type' => 'string',
							'enum' => array( 'valid', 'invalid', 'not_validated', 'damaged', 'secret_changed', 'endpoint_changed', 'environment', 'constant', 'missing' ),
						),
						'hint'         => array( 'type' => array( 'string', 'null' ) ),
						'validated_at' => array(
							'type'   => array( 'string', 'null' ),
							'format' => 'date-time',
						),
						'variable'     => array( 'type' => 'string' ),
						'message'      => array( 'type' => array( 'string', 'null' ) ),
						'endpoint'     => array(
							'description' => 'Where the key may be sent (canonical URL fields); null without a key.',
							'type'        => array( 'string', 'null' ),
						),
						'endpoint_now' => array(
							'description' => 'Where requests go with the current settings.',
							'type'        => array( 'string', 'null' ),
						),
					),
				),
				'endpoint_change' => array(
					'type'     => 'string',
					'enum'     => array( 'reenter', 'locked', 'network', 'none' ),
					'readonly' => true,
				),
				// The one writable field (PUT /providers/{id}); ProviderSettings checks each value.
				'settings'        => array(
					'description'          => __( 'Connection settings, by field name.', 'byok-ai' ),
					'type'                 => 'object',
					'required'             => true,
					'maxProperties'        => 8,
					'additionalProperties' => array(
						'type'      => 'string',
						'maxLength' => 2048,
					),
				),
				'fields'          => array(
					'type'     => 'array',
					'items'    => array( 'type' => 'object' ),
					'readonly' => true,
				),
			),
		);
	}
}
