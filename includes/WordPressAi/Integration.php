<?php
/**
 * Wires BYOK AI into WordPress's own AI (7.0+): key custody, the gate, providers, abilities.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Assistant\RateLimiter;
use ByokAi\Keys\KeyStore;
use ByokAi\Keys\KeyValidator;
use ByokAi\Plugin;
use ByokAi\Providers\Registry;
use ByokAi\Rest\RequestScope;
use WordPress\AiClient\AiClient;

/**
 * Built only where Support::available() says the AI Client and Connectors exist, so WordPress
 * 6.6–6.9 load none of this folder.
 */
class Integration {

	/**
	 * The plugin's providers as AI Client provider classes.
	 */
	public const PROVIDERS = array(
		Provider\AnthropicProvider::class,
		Provider\OpenAiProvider::class,
		Provider\GoogleProvider::class,
		Provider\AzureOpenAiProvider::class,
		Provider\OpenAiCompatibleProvider::class,
	);

	public Rules $rules;
	public ConnectorKeys $keys;

	private Plugin $plugin;
	private ConnectorMap $map;
	private string $file;
	private ?Gate $gate       = null;
	private ?Backend $backend = null;

	/**
	 * Builds what every request needs (the rules, and key custody: core reads the connector
	 * options on `init`); the gate and the providers' backend come on first use.
	 *
	 * @param Plugin $plugin The plugin's services.
	 * @param string $file   Main plugin file.
	 */
	public function __construct( Plugin $plugin, string $file ) {
		$this->plugin = $plugin;
		$this->file   = $file;
		$this->map    = new ConnectorMap();
		$this->rules  = new Rules();
		$this->keys   = new ConnectorKeys( $this->map, fn(): KeyStore => $plugin->keys(), fn(): KeyValidator => $plugin->validator(), fn(): Registry => $plugin->registry(), $this->rules );
	}

	/**
	 * The gate of AI Client calls.
	 */
	public function gate(): Gate {
		$plugin              = $this->plugin;
		return $this->gate ??= new Gate( $this->rules, $plugin->policy(), $plugin->registry(), $plugin->settings(), $this->map, new RateLimiter(), $plugin->usage(), new CallerResolver( dirname( $this->file ) ), $plugin->chat()->spend() );
	}

	/**
	 * The backend of the plugin's AI Client providers.
	 */
	public function backend(): Backend {
		$plugin                 = $this->plugin;
		return $this->backend ??= new Backend( $plugin->chat(), $plugin->registry(), $plugin->settings(), $plugin->policy(), $this->map, $this->gate() );
	}

	/**
	 * Adds the hooks.
	 *
	 * @param string $file Main plugin file.
	 */
	public function register( string $file ): void {
		Provider\BackedProvider::connect( fn(): Backend => $this->backend() );
		// Before core builds the connector list from the AI Client registry (init 15).
		add_action( 'init', array( $this, 'register_providers' ), 14 );
		// After provider plugins registered theirs (by init 15, when core lists the connectors).
		add_action( 'init', array( $this, 'gate_transport' ), 16 );
		$this->keys->register();
		// Early, so that a refusal comes before other listeners act on a call that won't happen.
		add_action(
			'wp_ai_client_before_generate_result',
			function ( $event ): void {
				$this->gate()->before( $event );
			},
			1
		);
		add_action(
			'wp_ai_client_after_generate_result',
			function ( $event ): void {
				$this->gate()->after( $event );
			},
			1000
		);
		if ( Support::has_abilities() ) {
			$abilities = fn(): Abilities => new Abilities( $this->plugin->assistant(), $this->plugin->policy(), $this->plugin->summaries() );
			add_action(
				'wp_abilities_api_categories_init',
				static function () use ( $abilities ): void {
					$abilities()->register_category();
				}
			);
			add_action(
				'wp_abilities_api_init',
				static function () use ( $abilities ): void {
					$abilities()->register_abilities();
				}
			);
		}
		register_deactivation_hook( $file, array( $this, 'deactivate' ) );
		// Keys core saved while the plugin was inactive are adopted when it comes back.
		register_activation_hook( $file, array( $this->keys, 'settle' ) );
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	/**
	 * Registers GET/PUT /byok-ai/v1/wordpress-ai (for requests that may reach it: RequestScope::serves_routes()).
	 */
	public function register_routes(): void {
		if ( ! RequestScope::serves_routes( 'wordpress-ai' ) ) {
			return;
		}
		( new RulesController( $this->plugin->registry(), $this, new CallerUsage( $this->plugin->usage() ) ) )->register_routes();
	}

	/**
	 * Registers the plugin's providers with the AI Client, except ids another plugin already
	 * provides (an official provider plugin keeps its id; the plugin still keeps its key).
	 */
	public function register_providers(): void {
		try {
			$registry = AiClient::defaultRegistry();
			try {
				$registry->getHttpTransporter();
			} catch ( \RuntimeException $e ) {
				// None yet: the first registerProvider() would discover one now, on every request.
				$registry->setHttpTransporter( new GatedTransporter( new DiscoveredTransporter(), fn(): Gate => $this->gate() ) );
			}
			foreach ( self::PROVIDERS as $class ) {
				if ( ! $registry->hasProvider( $class::connector_id() ) ) {
					$registry->registerProvider( $class );
				}
			}
		} catch ( \Exception $e ) {
			wp_trigger_error( __METHOD__, $e->getMessage() );
		}
	}

	/**
	 * Puts the gate on the AI Client's HTTP transport, for calls that skip the prompt builder.
	 */
	public function gate_transport(): void {
		try {
			$registry  = AiClient::defaultRegistry();
			$transport = $registry->getHttpTransporter();
			if ( ! $transport instanceof GatedTransporter ) {
				$registry->setHttpTransporter( new GatedTransporter( $transport, fn(): Gate => $this->gate() ) );
			}
		} catch ( \Exception $e ) {
			// No HTTP client discovered yet: no provider can send anything either.
			unset( $e );
		}
	}

	/**
	 * Deactivation: writes the Connectors keys back as plaintext for core, which reads them itself
	 * (unless the administrator chose to re-enter them instead: rule hand_back).
	 */
	public function deactivate(): void {
		if ( $this->rules->custody() && $this->rules->get()['hand_back'] ) {
			$this->keys->release();
		}
	}

	/**
	 * Turns custody on or off. Off writes the keys back into core's options first; on adopts them
	 * now (ConnectorKeys::adopt_all()).
	 *
	 * @param bool $on Custody.
	 * @return list<string> Providers whose key couldn't be written back (to enter again on Connectors).
	 */
	public function set_custody( bool $on ): array {
		$lost = array();
		if ( ! $on && $this->rules->custody() ) {
			$lost = $this->keys->release();
		}
		$this->rules->update( array( 'custody' => $on ) );
		if ( $on ) {
			$this->keys->adopt_all();
		}
		return $lost;
	}
}
