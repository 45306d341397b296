<?php
/**
 * Where each provider's key comes from, and the encrypted copy in the database.
 *
 * @package ByokAi
 */

namespace ByokAi\Keys;

use ByokAi\Config\Environment;
use ByokAi\Crypto\Vault;
use WP_Error;

/**
 * Resolves provider keys from, in order: the environment variable, the wp-config constant
 * (both named BYOK_AI_{PROVIDER}_API_KEY), the encrypted option.
 *
 * The option (byok_ai_key_{provider}, never autoloaded) holds the envelope and what the
 * settings page shows without decrypting: the mask, the validation status and its time.
 *
 * @phpstan-type KeyRecord array{envelope: string, hint: string, status: 'valid'|'invalid'|'not_validated', validated_at: int|null, updated_at: int}
 * @phpstan-type KeyState array{source: 'environment'|'constant'|'database'|'none', status: 'valid'|'invalid'|'not_validated'|'undecryptable'|'environment'|'constant'|'missing', hint: string|null, validated_at: int|null, variable: string, message: string|null}
 */
class KeyStore {

	public const OPTION_PREFIX = 'byok_ai_key_';

	public const STATUS_VALID         = 'valid';
	public const STATUS_INVALID       = 'invalid';
	public const STATUS_NOT_VALIDATED = 'not_validated';

	/**
	 * Encryption.
	 *
	 * @var Vault
	 */
	private $vault;

	/**
	 * Environment and constant reader.
	 *
	 * @var Environment
	 */
	private $environment;

	/**
	 * Stores the dependencies.
	 *
	 * @param Vault       $vault       Encryption.
	 * @param Environment $environment Environment and constant reader.
	 */
	public function __construct( Vault $vault, Environment $environment ) {
		$this->vault       = $vault;
		$this->environment = $environment;
	}

	/**
	 * Returns the environment variable / constant name for a provider's key.
	 *
	 * @param string $provider Provider id.
	 */
	public static function variable( string $provider ): string {
		return 'BYOK_AI_' . strtoupper( $provider ) . '_API_KEY';
	}

	/**
	 * Describes a provider's key for the settings page, without decrypting it.
	 *
	 * @param string $provider Provider id.
	 * @return KeyState
	 */
	public function describe( string $provider ): array {
		$variable = self::variable( $provider );
		$state    = array(
			'source'       => 'none',
			'status'       => 'missing',
			'hint'         => null,
			'validated_at' => null,
			'variable'     => $variable,
			'message'      => null,
		);

		$external = $this->environment->lookup( $variable );
		if ( null !== $external ) {
			$state['source'] = $external['source'];
			$state['status'] = $external['source'];
			$state['hint']   = KeyFormat::mask( trim( $external['value'] ) );
			return $state;
		}

		$record = $this->record( $provider );
		if ( null === $record ) {
			return $state;
		}
		$state['source']       = 'database';
		$state['hint']         = $record['hint'];
		$state['status']       = $record['status'];
		$state['validated_at'] = $record['validated_at'];

		$usable = $this->vault->can_open( $record['envelope'] );
		if ( is_wp_error( $usable ) ) {
			$state['status']  = 'undecryptable';
			$state['message'] = $usable->get_error_message();
		}
		return $state;
	}

	/**
	 * Returns the plaintext key for use in this request, null when none is configured, or why it can't be used.
	 *
	 * @param string $provider Provider id.
	 * @return string|WP_Error|null
	 */
	public function get( string $provider ) {
		$external = $this->environment->lookup( self::variable( $provider ) );
		if ( null !== $external ) {
			return trim( $external['value'] );
		}
		$record = $this->record( $provider );
		if ( null === $record ) {
			return null;
		}
		return $this->vault->open( $record['envelope'], $this->slot( $provider ) );
	}

	/**
	 * Encrypts and stores a key with its validation status. Fails closed: nothing is written
	 * when encryption isn't possible.
	 *
	 * @param string                            $provider Provider id.
	 * @param string                            $key      Normalized key.
	 * @param 'valid'|'invalid'|'not_validated' $status   Validation outcome.
	 * @return true|WP_Error
	 */
	public function store( string $provider, string $key, string $status ) {
		$envelope = $this->vault->seal( $key, $this->slot( $provider ) );
		if ( is_wp_error( $envelope ) ) {
			$envelope->add_data( array( 'status' => 500 ) );
			return $envelope;
		}
		$now    = time();
		$record = array(
			'envelope'     => $envelope,
			'hint'         => KeyFormat::mask( $key ),
			'status'       => $status,
			'validated_at' => self::STATUS_NOT_VALIDATED === $status ? null : $now,
			'updated_at'   => $now,
		);
		$this->write( $provider, $record );
		return true;
	}

	/**
	 * Records a new validation outcome for the stored key.
	 *
	 * @param string                            $provider Provider id.
	 * @param 'valid'|'invalid'|'not_validated' $status   Outcome.
	 */
	public function set_status( string $provider, string $status ): void {
		$record = $this->record( $provider );
		if ( null === $record ) {
			return;
		}
		$record['status']       = $status;
		$record['validated_at'] = self::STATUS_NOT_VALIDATED === $status ? $record['validated_at'] : time();
		$this->write( $provider, $record );
	}

	/**
	 * Deletes the stored key. delete_option() also clears the object cache copy.
	 *
	 * @param string $provider Provider id.
	 */
	public function delete( string $provider ): void {
		delete_option( self::OPTION_PREFIX . $provider );
	}

	/**
	 * Reads a provider's record, or null when there is none or it is malformed.
	 *
	 * @param string $provider Provider id.
	 * @return KeyRecord|null
	 */
	private function record( string $provider ): ?array {
		$record = get_option( self::OPTION_PREFIX . $provider, null );
		if ( ! is_array( $record ) || ! isset( $record['envelope'], $record['hint'], $record['status'] ) || ! is_string( $record['envelope'] ) ) {
			return null;
		}
		$status = in_array( $record['status'], array( self::STATUS_VALID, self::STATUS_INVALID, self::STATUS_NOT_VALIDATED ), true ) ? $record['status'] : self::STATUS_NOT_VALIDATED;
		return array(
			'envelope'     => $record['envelope'],
			'hint'         => (string) $record['hint'],
			'status'       => $status,
			'validated_at' => isset( $record['validated_at'] ) ? (int) $record['validated_at'] : null,
			'updated_at'   => isset( $record['updated_at'] ) ? (int) $record['updated_at'] : 0,
		);
	}

	/**
	 * Writes a record, never autoloaded.
	 *
	 * @param string $provider Provider id.
	 * @param array  $record   Record.
	 * @phpstan-param KeyRecord $record
	 */
	private function write( string $provider, array $record ): void {
		$option = self::OPTION_PREFIX . $provider;
		if ( false === get_option( $option, false ) ) {
			add_option( $option, $record, '', false );
			return;
		}
		update_option( $option, $record, false );
	}

	/**
	 * Names the slot a provider's envelope is bound to: provider and site.
	 *
	 * @param string $provider Provider id.
	 */
	private function slot( string $provider ): string {
		return 'key:' . $provider . '@blog:' . get_current_blog_id();
	}
}
