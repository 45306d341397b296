<?php
/**
 * Where each provider's key comes from, and the encrypted copy in the database.
 *
 * @package ByokAi
 */

namespace ByokAi\Keys;

use ByokAi\Config\Environment;
use ByokAi\Crypto\Vault;
use ByokAi\Providers\ProviderSettings;
use WP_Error;

/**
 * Resolves provider keys from, in order: the environment variable, the wp-config constant
 * (both named BYOK_AI_{PROVIDER}_API_KEY), the encrypted option.
 *
 * Every key is bound to an endpoint (ProviderSettings::endpoint()), and get() refuses to hand it
 * out for any other:
 * - a key from the environment or wp-config goes only to the provider's default endpoint, or to
 *   one that is itself set there (BYOK_AI_{PROVIDER}_BASE_URL, BYOK_AI_AZURE_OPENAI_ENDPOINT);
 * - a key stored in the database goes only to the endpoint it was entered for. That endpoint is
 *   part of the envelope's associated data, so the binding is authenticated, and it is kept next
 *   to the envelope (in clear, it isn't secret) so a changed endpoint is told apart from damage.
 *
 * The option (byok_ai_key_{provider}, never autoloaded) holds the envelope and what the
 * settings page shows without decrypting: the mask, the validation status and its time, the
 * endpoint, and `damaged` (a hash of an envelope found not to open, so screens that don't
 * decrypt know it too).
 *
 * Over 300 lines for one job, a key's life from where it comes from to the record that holds
 * it (resolve, seal, open, status, damage): the endpoint rules it applies are in KeyEndpoints.
 *
 * @phpstan-type KeyRecord array{envelope: string, hint: string, status: 'valid'|'invalid'|'not_validated', validated_at: int|null, updated_at: int, endpoint: string|null, damaged: string|null}
 * @phpstan-type KeyState array{source: 'environment'|'constant'|'database'|'none', status: 'valid'|'invalid'|'not_validated'|'damaged'|'secret_changed'|'endpoint_changed'|'environment'|'constant'|'missing', hint: string|null, validated_at: int|null, variable: string, message: string|null, endpoint: string|null, endpoint_now: string|null}
 */
class KeyStore {

	public const OPTION_PREFIX = 'byok_ai_key_';

	public const STATUS_VALID         = 'valid';
	public const STATUS_INVALID       = 'invalid';
	public const STATUS_NOT_VALIDATED = 'not_validated';

	/** States of a key that can't be used as it is. */
	public const STATUS_DAMAGED          = 'damaged';
	public const STATUS_SECRET_CHANGED   = 'secret_changed';
	public const STATUS_ENDPOINT_CHANGED = 'endpoint_changed';

	private Vault $vault;
	private Environment $environment;

	/** Where a key may go (null settings bind nothing: unit tests of storage). */
	private KeyEndpoints $endpoints;

	/**
	 * Stores the dependencies.
	 *
	 * @param Vault                 $vault       Encryption.
	 * @param Environment           $environment Environment and constant reader.
	 * @param ProviderSettings|null $settings    Connection settings (endpoints).
	 */
	public function __construct( Vault $vault, Environment $environment, ?ProviderSettings $settings = null ) {
		$this->vault       = $vault;
		$this->environment = $environment;
		$this->endpoints   = new KeyEndpoints( $settings );
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
	 * Describes a provider's key for the settings page.
	 *
	 * With $verify (administration screens and routes only) the envelope is actually opened, so
	 * a damaged one shows as damaged; what is found is remembered in the record, so that screens
	 * that don't decrypt (the front end) know it too. Without, only what can be known without
	 * decrypting is checked: the secret's identifier and the endpoint.
	 *
	 * @param string $provider Provider id.
	 * @param bool   $verify   Whether to decrypt to check the envelope.
	 * @return KeyState
	 */
	public function describe( string $provider, bool $verify = false ): array {
		$variable = self::variable( $provider );
		$state    = array(
			'source'       => 'none',
			'status'       => 'missing',
			'hint'         => null,
			'validated_at' => null,
			'variable'     => $variable,
			'message'      => null,
			'endpoint'     => null,
			'endpoint_now' => $this->endpoints->now( $provider ),
		);

		$external = $this->environment->lookup( $variable );
		if ( null !== $external ) {
			$state['source']   = $external['source'];
			$state['status']   = $external['source'];
			$state['hint']     = KeyFormat::mask( trim( $external['value'] ) );
			$state['endpoint'] = $this->endpoints->external( $provider );
			$refused           = $this->endpoints->check_external( $provider );
			if ( is_wp_error( $refused ) ) {
				$state['status']  = self::STATUS_ENDPOINT_CHANGED;
				$state['message'] = $refused->get_error_message();
			}
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
		$state['endpoint']     = $record['endpoint'] ?? $state['endpoint_now'];

		$problem = $this->check_record( $provider, $record, $verify );
		if ( is_wp_error( $problem ) ) {
			$state['status']  = self::status_of( $problem );
			$state['message'] = $problem->get_error_message();
		}
		return $state;
	}

	/**
	 * Returns the plaintext key for use in this request, null when none is configured, or why it
	 * can't be used (byok_ai_key_endpoint_changed, byok_ai_secret_changed, byok_ai_envelope_invalid…).
	 *
	 * @param string $provider Provider id.
	 * @return string|WP_Error|null
	 */
	public function get( string $provider ) {
		$external = $this->environment->lookup( self::variable( $provider ) );
		if ( null !== $external ) {
			$refused = $this->endpoints->check_external( $provider );
			return is_wp_error( $refused ) ? $refused : trim( $external['value'] );
		}
		$record = $this->record( $provider );
		if ( null === $record ) {
			return null;
		}
		$moved = $this->endpoints->check_bound( $provider, $record['endpoint'] );
		if ( is_wp_error( $moved ) ) {
			return $moved;
		}
		$plaintext = $this->vault->open( $record['envelope'], $this->slot( $provider, $record['endpoint'] ) );
		if ( is_wp_error( $plaintext ) ) {
			$this->remember( $provider, $record, $plaintext );
		}
		return $plaintext;
	}

	/**
	 * Encrypts and stores a key with its validation status, bound to the provider's endpoint now.
	 * Fails closed: nothing is written when encryption isn't possible.
	 *
	 * @param string                            $provider Provider id.
	 * @param string                            $key      Normalized key.
	 * @param 'valid'|'invalid'|'not_validated' $status   Validation outcome.
	 * @return true|WP_Error
	 */
	public function store( string $provider, string $key, string $status ) {
		$endpoint = $this->endpoints->now( $provider );
		$envelope = $this->vault->seal( $key, $this->slot( $provider, $endpoint ) );
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
			'endpoint'     => $endpoint,
			'damaged'      => null,
		);
		$this->write( $provider, $record );
		return true;
	}

	/**
	 * Binds a key stored before keys had endpoints to the endpoint in effect now (upgrade).
	 *
	 * @param string $provider Provider id.
	 * @return bool Whether a key was bound.
	 */
	public function bind_legacy( string $provider ): bool {
		$record = $this->record( $provider );
		if ( null === $record || null !== $record['endpoint'] ) {
			return false;
		}
		$plaintext = $this->vault->open( $record['envelope'], $this->slot( $provider, null ) );
		if ( ! is_string( $plaintext ) ) {
			return false;
		}
		$endpoint = $this->endpoints->now( $provider );
		$envelope = $this->vault->seal( $plaintext, $this->slot( $provider, $endpoint ) );
		if ( is_wp_error( $envelope ) ) {
			return false;
		}
		$record['envelope'] = $envelope;
		$record['endpoint'] = $endpoint;
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
	 * Maps a vault or binding error to a key status.
	 *
	 * @param WP_Error $error Error.
	 * @return 'damaged'|'secret_changed'|'endpoint_changed'
	 */
	public static function status_of( WP_Error $error ): string {
		switch ( $error->get_error_code() ) {
			case 'byok_ai_envelope_invalid':
				return self::STATUS_DAMAGED;
			case 'byok_ai_key_endpoint_changed':
				return self::STATUS_ENDPOINT_CHANGED;
			default:
				// byok_ai_secret_changed, or no usable secret at all (salts removed, secret too short).
				return self::STATUS_SECRET_CHANGED;
		}
	}

	/**
	 * Finds what keeps a stored key from being used, if anything.
	 *
	 * @param string $provider Provider id.
	 * @param array  $record   Record.
	 * @phpstan-param KeyRecord $record
	 * @param bool   $verify   Whether to decrypt.
	 * @return true|WP_Error
	 */
	private function check_record( string $provider, array $record, bool $verify ) {
		$moved = $this->endpoints->check_bound( $provider, $record['endpoint'] );
		if ( is_wp_error( $moved ) ) {
			return $moved;
		}
		$usable = $this->vault->can_open( $record['envelope'] );
		if ( is_wp_error( $usable ) ) {
			return $usable;
		}
		if ( ! $verify ) {
			return null !== $record['damaged'] && hash_equals( $record['damaged'], self::fingerprint( $record['envelope'] ) ) ? Vault::damaged() : true;
		}
		$plaintext = $this->vault->open( $record['envelope'], $this->slot( $provider, $record['endpoint'] ) );
		$this->remember( $provider, $record, $plaintext );
		return is_wp_error( $plaintext ) ? $plaintext : true;
	}

	/**
	 * Remembers in the record whether its envelope opens, when that changed.
	 *
	 * @param string          $provider Provider id.
	 * @param array           $record   Record.
	 * @param string|WP_Error $opened   What opening it gave.
	 * @phpstan-param KeyRecord $record
	 */
	private function remember( string $provider, array $record, $opened ): void {
		$damaged = is_wp_error( $opened ) && 'byok_ai_envelope_invalid' === $opened->get_error_code() ? self::fingerprint( $record['envelope'] ) : null;
		if ( $damaged !== $record['damaged'] ) {
			$record['damaged'] = $damaged;
			$this->write( $provider, $record );
		}
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
			// Records written before keys had endpoints have none; Installer binds them on upgrade.
			'endpoint'     => isset( $record['endpoint'] ) && is_string( $record['endpoint'] ) ? $record['endpoint'] : null,
			'damaged'      => isset( $record['damaged'] ) && is_string( $record['damaged'] ) ? $record['damaged'] : null,
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
	 * Identifies an envelope without revealing anything about it.
	 *
	 * @param string $envelope Envelope.
	 */
	private static function fingerprint( string $envelope ): string {
		return hash( 'sha256', $envelope );
	}

	/**
	 * Names the slot a provider's envelope is bound to: provider, site and endpoint (none for
	 * envelopes sealed before keys had endpoints).
	 *
	 * @param string      $provider Provider id.
	 * @param string|null $endpoint Endpoint.
	 */
	private function slot( string $provider, ?string $endpoint ): string {
		$slot = 'key:' . $provider . '@blog:' . get_current_blog_id();
		return null === $endpoint ? $slot : $slot . '|endpoint:' . $endpoint;
	}
}
