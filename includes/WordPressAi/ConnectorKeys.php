<?php
/**
 * Keeps the keys of Settings → Connectors in the plugin's encrypted key store.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Keys\KeyFormat;
use ByokAi\Keys\KeyStore;
use ByokAi\Keys\KeyValidator;
use ByokAi\Providers\Registry;
use ByokAi\Rest\RequestScope;
use WP_Error;
use WP_REST_Request;
use WP_REST_Server;

/**
 * One key per provider, stored once: the plugin's encrypted option (byok_ai_key_{provider}).
 * Core's connector options (connectors_ai_{id}_api_key) hold nothing; reading one gives a
 * mask of the key in effect (bullets and its last four characters, as core masks), so
 * Connectors shows "connected" with the same last four characters as Settings → BYOK AI.
 *
 * - Writing a connector option (the Connectors screen through /wp/v2/settings, options.php,
 *   WP-CLI) validates the key with the plugin's own uncached check and encrypts it into the key
 *   store; the option itself stays empty. A rejected key is removed, as core does.
 * - Core's /wp/v2/settings response filter would validate the mask through the AI Client's
 *   model-list cache; the plugin's keys are kept out of its sight (priority 9 → 11).
 * - The AI Client gets, for providers the plugin doesn't back itself, an authentication that
 *   decrypts on first use, replacing the plaintext core hands it on `init`.
 * - A plaintext key already in a connector option (a site that used Connectors before, or a
 *   key core saved while the plugin was inactive) is adopted on activation, on administration
 *   screens (admin_init), when one is added with add_option(), and when custody is turned on:
 *   not on every request, where reading the five options (not autoloaded) would cost five SQL
 *   queries. Until then the option filters mask it like any other value, so core never sees it.
 * - Deactivation (or switching custody off) writes the keys back as plaintext where core reads them.
 * - When another layer filters those options (another encryption plugin, a core secrets API),
 *   the plugin stands down for that option and says so.
 *
 * Over 300 lines for one job, the custody of the connector options: the option filters (read,
 * write) and taking custody and giving it back (settle, adopt, release) share the raw-access
 * flag and the list of kept options. The jobs around it have their own classes:
 * SettingsResponseMask (core's /wp/v2/settings filter), KeyHandOff (the AI Client's
 * authentication), OtherLayer (finding another encryption layer on an option) and
 * CustodyNotices (admin notices).
 */
class ConnectorKeys {

	private ConnectorMap $map;
	/** @var \Closure(): KeyStore Gives the key store (built when a key is read, written or handed). */
	private \Closure $keys;
	/** @var \Closure(): KeyValidator Gives the key checker (built when a key is checked). */
	private \Closure $validator;
	/** @var \Closure(): Registry Gives the provider adapters. */
	private \Closure $registry;

	/** Rules (the custody switch). */
	private Rules $rules;

	/** While true, the option filters let raw values through (the plugin's own reads and writes). */
	private bool $raw = false;

	/** @var array<string, string> Settings the plugin keeps (connector id => option name), decided on `init`. */
	private array $kept = array();

	/** @var array<string, string> Options left to another encryption layer (option name => description of the layer). */
	private array $conflicts = array();

	/** Keeps the kept values out of core's /wp/v2/settings response filter (built on first use). */
	private ?SettingsResponseMask $response_mask = null;

	/** @var array<string, string> Problems met while adopting plaintext keys (provider id => message). */
	private array $problems = array();

	/**
	 * Stores the dependencies.
	 *
	 * @param ConnectorMap $map       Connector map.
	 * @param \Closure     $keys      Gives the key store.
	 * @param \Closure     $validator Gives the key checker.
	 * @param \Closure     $registry  Gives the provider adapters.
	 * @param Rules        $rules     Rules.
	 *
	 * @phpstan-param \Closure(): KeyStore $keys
	 * @phpstan-param \Closure(): KeyValidator $validator
	 * @phpstan-param \Closure(): Registry $registry
	 */
	public function __construct( ConnectorMap $map, \Closure $keys, \Closure $validator, \Closure $registry, Rules $rules ) {
		$this->map       = $map;
		$this->keys      = $keys;
		$this->validator = $validator;
		$this->registry  = $registry;
		$this->rules     = $rules;
	}

	/**
	 * The settings response mask: owned, not shared, as it holds this instance's responses in flight.
	 */
	private function response_mask(): SettingsResponseMask {
		return $this->response_mask ??= new SettingsResponseMask();
	}

	/**
	 * The key store.
	 */
	private function keys(): KeyStore {
		return ( $this->keys )();
	}

	/**
	 * Adds the hooks (when custody is on).
	 */
	public function register(): void {
		if ( ! $this->rules->custody() ) {
			return;
		}
		$this->take_custody();
		// After plugins added their own hooks (plugins_loaded), before core reads the options (init 15–20).
		add_action( 'init', array( $this, 'stand_down' ), 2 );
		add_action( 'admin_init', array( $this, 'settle' ) );
		// Core's own hand-off (init 20) gets nothing from the kept options, without reading them.
		add_action( 'init', array( $this, 'quiet_core_hand_off' ), 19 );
		// Right after core's own hand-off (init 20), which the filters below leave with nothing to hand.
		add_action( 'init', array( $this, 'hand_off' ), 21 );
		add_filter( 'rest_post_dispatch', array( $this, 'hide_from_core' ), 9, 3 );
		add_filter( 'rest_post_dispatch', array( $this, 'show_after_core' ), 11, 3 );
		add_action( 'admin_notices', array( $this, 'render_notices' ) );
	}

	/**
	 * Adds the option filters for every mapped connector.
	 */
	private function take_custody(): void {
		foreach ( $this->map->all() as $connector => $provider ) {
			$setting                  = $this->map->setting( $connector );
			$this->kept[ $connector ] = $setting;
			add_filter( 'option_' . $setting, array( $this, 'read' ), 10, 2 );
			// After register_setting()'s own default (filter_default_option, priority 10).
			add_filter( 'default_option_' . $setting, array( $this, 'read_default' ), 20, 2 );
			add_filter( 'pre_update_option_' . $setting, array( $this, 'write' ), 10, 3 );
			add_action( 'add_option_' . $setting, array( $this, 'added' ) );
		}
	}

	/**
	 * Stands down where another layer filters a connector option, then adopts plaintext keys
	 * (activation, admin_init).
	 */
	public function settle(): void {
		$this->stand_down();
		foreach ( $this->kept as $connector => $setting ) {
			$this->adopt( $connector, $setting );
		}
	}

	/**
	 * Adopts the plaintext keys of every mapped connector option, kept or not yet (custody just
	 * turned on), except those left to another layer.
	 */
	public function adopt_all(): void {
		foreach ( $this->map->all() as $connector => $provider ) {
			$setting = $this->map->setting( $connector );
			if ( ! isset( $this->conflicts[ $setting ] ) && null === OtherLayer::on( $setting ) ) {
				$this->adopt( $connector, $setting );
			}
		}
	}

	/**
	 * Stands down where another layer filters a connector option (init 2: every request; no SQL).
	 */
	public function stand_down(): void {
		foreach ( $this->kept as $connector => $setting ) {
			$layer = OtherLayer::on( $setting );
			if ( null !== $layer ) {
				$this->conflicts[ $setting ] = $layer;
				remove_filter( 'option_' . $setting, array( $this, 'read' ), 10 );
				remove_filter( 'default_option_' . $setting, array( $this, 'read_default' ), 20 );
				remove_filter( 'pre_update_option_' . $setting, array( $this, 'write' ), 10 );
				remove_action( 'add_option_' . $setting, array( $this, 'added' ) );
				unset( $this->kept[ $connector ] );
			}
		}
	}

	/**
	 * Adopts a key added to a connector option with add_option(), which pre_update_option
	 * filters don't see (WP-CLI `option add`, another plugin).
	 *
	 * @param string $option Option name.
	 */
	public function added( $option ): void {
		$connector = array_search( (string) $option, $this->kept, true );
		if ( ! $this->raw && is_string( $connector ) ) {
			$this->adopt( $connector, (string) $option );
		}
	}

	/**
	 * Makes core's hand-off of the connector keys to the AI Client (init 20) read nothing from
	 * the kept options: it would only hand the AI Client masks, which the plugin's providers
	 * don't use and hand_off() replaces for the others, and building each mask reads a key record
	 * (five SQL queries on every request). The options read '' during core's callback only.
	 */
	public function quiet_core_hand_off(): void {
		$core = '_wp_connectors_pass_default_keys_to_ai_client';
		if ( 20 !== has_action( 'init', $core ) ) {
			return;
		}
		remove_action( 'init', $core, 20 );
		add_action(
			'init',
			function () use ( $core ): void {
				$quiet = static fn() => '';
				foreach ( $this->kept as $setting ) {
					add_filter( 'pre_option_' . $setting, $quiet );
				}
				try {
					call_user_func( $core );
				} finally {
					foreach ( $this->kept as $setting ) {
						remove_filter( 'pre_option_' . $setting, $quiet );
					}
				}
			},
			20
		);
	}

	/**
	 * Moves a plaintext key found in a connector option into the key store, and empties the option.
	 *
	 * @param string $connector Connector id.
	 * @param string $setting   Option name.
	 */
	private function adopt( string $connector, string $setting ): void {
		$plain = $this->raw_get( $setting );
		if ( '' === $plain ) {
			return;
		}
		$provider = (string) $this->map->provider( $connector );
		$key      = KeyFormat::normalize( $plain );
		if ( is_wp_error( $key ) ) {
			return;
		}
		$stored = $this->keys()->store( $provider, $key, KeyStore::STATUS_NOT_VALIDATED );
		if ( is_wp_error( $stored ) ) {
			// Core keeps working with its plaintext copy; the administrator is told why it isn't encrypted.
			$this->problems[ $provider ] = $stored->get_error_message();
			return;
		}
		$this->raw = true;
		delete_option( $setting );
		$this->raw = false;
	}

	/**
	 * Filters a connector option read: a mask of the stored key, or ''.
	 *
	 * @param mixed  $value  Stored value.
	 * @param string $option Option name.
	 * @return mixed
	 */
	public function read( $value, $option ) {
		if ( $this->raw ) {
			return $value;
		}
		return $this->mask_for( (string) $option );
	}

	/**
	 * Filters a connector option's default (the option doesn't exist): the mask too, so a key
	 * saved on Settings → BYOK AI counts as "saved in the database" on Connectors.
	 *
	 * @param mixed  $default_value Default.
	 * @param string $option        Option name.
	 * @return mixed
	 */
	public function read_default( $default_value, $option ) {
		if ( $this->raw ) {
			return $default_value;
		}
		$mask = $this->mask_for( (string) $option );
		return '' === $mask ? $default_value : $mask;
	}

	/**
	 * Returns the mask of a connector's stored key ('' when the key store has none in the database).
	 *
	 * @param string $option Option name.
	 */
	public function mask_for( string $option ): string {
		$connector = $this->map->connector_for_setting( $option );
		$provider  = null === $connector ? null : $this->map->provider( $connector );
		if ( null === $provider ) {
			return '';
		}
		$state = $this->keys()->describe( $provider );
		if ( 'database' !== $state['source'] || null === $state['hint'] ) {
			return '';
		}
		return self::mask( $state['hint'] );
	}

	/**
	 * Turns the key store's hint ("sk-…abcd", or "••••cd" for short keys) into core's mask
	 * (16 bullets and the visible tail), which core's own masking leaves unchanged.
	 *
	 * @param string $hint Hint.
	 */
	public static function mask( string $hint ): string {
		$position = strrpos( $hint, '…' );
		$tail     = false === $position ? (string) preg_replace( '/^(\x{2022})+/u', '', $hint ) : substr( $hint, $position + strlen( '…' ) );
		return str_repeat( "\u{2022}", 16 ) . $tail;
	}

	/**
	 * Intercepts a write to a connector option: validates and encrypts the key into the key
	 * store, and keeps the option itself unchanged (empty).
	 *
	 * @param mixed  $value     New value.
	 * @param mixed  $old_value Current value (the mask).
	 * @param string $option    Option name.
	 * @return mixed
	 */
	public function write( $value, $old_value, $option ) {
		if ( $this->raw ) {
			return $value;
		}
		$connector = $this->map->connector_for_setting( (string) $option );
		$provider  = null === $connector ? null : ( $this->registry )()->get( (string) $this->map->provider( $connector ) );
		if ( null === $provider || ! is_string( $value ) ) {
			return $old_value;
		}
		$value = trim( $value );
		if ( '' === $value ) {
			$this->keys()->delete( $provider->id() );
			return $old_value;
		}
		if ( $value === $old_value || 1 === preg_match( '/^(\x{2022})+[\x21-\x7e]{0,4}$/u', $value ) ) {
			// A masked value sent back unchanged.
			return $old_value;
		}
		$key = KeyFormat::normalize( $value );
		if ( is_wp_error( $key ) ) {
			$this->reject( $provider->id(), $key );
			return $old_value;
		}
		$verdict = ( $this->validator )()->validate( $provider, $key );
		if ( is_wp_error( $verdict ) && ! $this->may_save_unvalidated( $verdict ) ) {
			$this->reject( $provider->id(), $verdict );
			return $old_value;
		}
		$stored = $this->keys()->store( $provider->id(), $key, true === $verdict ? KeyStore::STATUS_VALID : KeyStore::STATUS_NOT_VALIDATED );
		if ( is_wp_error( $stored ) ) {
			$this->problems[ $provider->id() ] = $stored->get_error_message();
		}
		return $old_value;
	}

	/**
	 * Tells whether a failed validation still lets the key be saved (the provider couldn't be reached).
	 *
	 * @param WP_Error $verdict Validation failure.
	 */
	private function may_save_unvalidated( WP_Error $verdict ): bool {
		$data = $verdict->get_error_data();
		return is_array( $data ) && ! empty( $data['can_save_unvalidated'] );
	}

	/**
	 * Removes a provider's key after a rejected replacement, as core clears a connector key that
	 * fails validation, and remembers why for the administrator.
	 *
	 * @param string   $provider Provider id.
	 * @param WP_Error $error    Why.
	 */
	private function reject( string $provider, WP_Error $error ): void {
		$this->keys()->delete( $provider );
		$this->problems[ $provider ] = $error->get_error_message();
	}

	/**
	 * Takes the kept connector values out of a /wp/v2/settings response before core's filter
	 * (priority 10) would validate and re-mask them (SettingsResponseMask).
	 *
	 * @param mixed          $response Response.
	 * @param WP_REST_Server $server   Server.
	 * @param mixed          $request  Request.
	 * @return mixed
	 */
	public function hide_from_core( $response, $server, $request ) {
		// Every REST response passes here: only the settings route's builds the mask.
		if ( ! $request instanceof WP_REST_Request || RequestScope::SETTINGS_ROUTE !== $request->get_route() ) {
			return $response;
		}
		return $this->response_mask()->hide( $response, $request, array_values( $this->kept ) );
	}

	/**
	 * Puts them back after core's filter, masked.
	 *
	 * @param mixed           $response Response.
	 * @param WP_REST_Server  $server   Server.
	 * @param WP_REST_Request $request  Request.
	 * @return mixed
	 */
	public function show_after_core( $response, $server, $request ) {
		return null === $this->response_mask ? $response : $this->response_mask->show( $response, array( $this, 'mask_for' ) );
	}

	/**
	 * Gives the AI Client an authentication that decrypts on first use, for the mapped providers
	 * that another plugin implements (KeyHandOff). Runs after core's hand-off (init 20), which
	 * found only masks and empty values.
	 */
	public function hand_off(): void {
		( new KeyHandOff( $this->map, $this->keys ) )->run( array_keys( $this->kept ) );
	}

	/**
	 * Writes every key the store holds in its database back into core's connector options, as
	 * plaintext, so WordPress's AI keeps working without the plugin (deactivation, custody off).
	 *
	 * @return list<string> Providers whose key couldn't be written back (undecryptable): the
	 *                      administrator must enter those again on Connectors.
	 */
	public function release(): array {
		$lost = array();
		foreach ( $this->map->all() as $connector => $provider ) {
			$setting = $this->map->setting( $connector );
			if ( isset( $this->conflicts[ $setting ] ) || 'database' !== $this->keys()->describe( $provider )['source'] ) {
				continue;
			}
			$key = $this->keys()->get( $provider );
			if ( ! is_string( $key ) || '' === $key ) {
				$lost[] = $provider;
				continue;
			}
			$this->raw = true;
			update_option( $setting, $key, false );
			$this->raw = false;
		}
		return $lost;
	}

	/**
	 * Options left to another layer (option name => layer).
	 *
	 * @return array<string, string>
	 */
	public function conflicts(): array {
		return $this->conflicts;
	}

	/**
	 * Problems met this request (provider id => message).
	 *
	 * @return array<string, string>
	 */
	public function problems(): array {
		return $this->problems;
	}

	/**
	 * Reads a connector option as stored.
	 *
	 * @param string $setting Option name.
	 */
	private function raw_get( string $setting ): string {
		$this->raw = true;
		$value     = get_option( $setting, '' );
		$this->raw = false;
		return is_string( $value ) ? $value : '';
	}

	/**
	 * Tells administrators where custody stood down or couldn't encrypt.
	 */
	public function render_notices(): void {
		CustodyNotices::render( $this->conflicts, $this->problems );
	}
}
