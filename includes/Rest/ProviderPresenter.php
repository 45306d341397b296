<?php
/**
 * The provider resource the settings page reads.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Keys\KeyStore;
use ByokAi\Providers\Provider;
use ByokAi\Providers\ProviderSettings;

/**
 * Shapes one provider for REST responses: connection settings, field descriptions and the key's
 * state. The key itself is never part of it; only its mask is.
 */
class ProviderPresenter {

	/**
	 * Key store.
	 *
	 * @var KeyStore
	 */
	private $keys;

	/**
	 * Connection settings.
	 *
	 * @var ProviderSettings
	 */
	private $settings;

	/**
	 * Stores the dependencies.
	 *
	 * @param KeyStore         $keys     Key store.
	 * @param ProviderSettings $settings Connection settings.
	 */
	public function __construct( KeyStore $keys, ProviderSettings $settings ) {
		$this->keys     = $keys;
		$this->settings = $settings;
	}

	/**
	 * Builds the resource.
	 *
	 * @param Provider $provider Adapter.
	 * @return array<string, mixed>
	 */
	public function present( Provider $provider ): array {
		$key    = $this->keys->describe( $provider->id() );
		$fields = array();
		foreach ( $provider->settings_fields() as $name => $field ) {
			$fields[] = array( 'name' => $name ) + $field;
		}
		return array(
			'id'           => $provider->id(),
			'label'        => $provider->label(),
			'requires_key' => $provider->requires_key(),
			'key'          => array(
				'source'       => $key['source'],
				'status'       => $key['status'],
				'hint'         => $key['hint'],
				'validated_at' => null === $key['validated_at'] ? null : gmdate( 'Y-m-d\TH:i:s\Z', $key['validated_at'] ),
				'variable'     => $key['variable'],
				'message'      => $key['message'],
			),
			'settings'     => $this->settings->get( $provider ),
			'fields'       => $fields,
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
				'id'           => array( 'type' => 'string' ),
				'label'        => array( 'type' => 'string' ),
				'requires_key' => array( 'type' => 'boolean' ),
				'key'          => array(
					'type'       => 'object',
					'properties' => array(
						'source'       => array(
							'type' => 'string',
							'enum' => array( 'environment', 'constant', 'database', 'none' ),
						),
						'status'       => array(
							'type' => 'string',
							'enum' => array( 'valid', 'invalid', 'not_validated', 'undecryptable', 'environment', 'constant', 'missing' ),
						),
						'hint'         => array( 'type' => array( 'string', 'null' ) ),
						'validated_at' => array(
							'type'   => array( 'string', 'null' ),
							'format' => 'date-time',
						),
						'variable'     => array( 'type' => 'string' ),
						'message'      => array( 'type' => array( 'string', 'null' ) ),
					),
				),
				'settings'     => array(
					'type'                 => 'object',
					'additionalProperties' => array( 'type' => 'string' ),
				),
				'fields'       => array(
					'type'  => 'array',
					'items' => array( 'type' => 'object' ),
				),
			),
		);
	}
}
