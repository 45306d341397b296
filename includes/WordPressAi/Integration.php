<?php
/**
 * Wires BYOK AI into WordPress's own AI (7.0+): key custody, the gate, providers, abilities.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Assistant\RateLimiter;
use ByokAi\Plugin;
use ByokAi\Providers\Registry;
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
	public Gate $gate;

	/** Backend of the plugin's AI Client providers. */
	public Backend $backend;

	/** Abilities, or null where the Abilities API is missing. */
	public ?Abilities $abilities = null;

	/** Provider adapters (for the route). */
	private Registry $registry;
	private CallerUsage $callers;

	/**
	 * Stores the parts.
	 *
	 * @param Rules          $rules     Rules.
	 * @param ConnectorKeys  $keys      Key custody.
	 * @param Gate           $gate      Gate.
	 * @param Backend        $backend   Backend.
	 * @param Abilities|null $abilities Abilities.
	 * @param Registry       $registry  Provider adapters.
	 * @param CallerUsage    $callers   Usage per caller.
	 */
	public function __construct( Rules $rules, ConnectorKeys $keys, Gate $gate, Backend $backend, ?Abilities $abilities, Registry $registry, CallerUsage $callers ) {
		$this->registry  = $registry;
		$this->callers   = $callers;
		$this->rules     = $rules;
		$this->keys      = $keys;
		$this->gate      = $gate;
		$this->backend   = $backend;
		$this->abilities = $abilities;
	}

	/**
	 * Builds the parts from the plugin's services.
	 *
	 * @param Plugin $plugin The plugin.
	 * @param string $file   Main plugin file.
	 */
	public static function build( Plugin $plugin, string $file ): self {
		$map     = new ConnectorMap();
		$rules   = new Rules();
		$gate    = new Gate( $rules, $plugin->policy, $plugin->registry, $plugin->settings, $map, new RateLimiter(), $plugin->usage, new CallerResolver( dirname( $file ) ), $plugin->chat->spend() );
		$backend = new Backend( $plugin->chat, $plugin->registry, $plugin->settings, $plugin->policy, $map, $gate );
		$keys    = new ConnectorKeys( $map, $plugin->keys, $plugin->validator, $plugin->registry, $rules );
		return new self( $rules, $keys, $gate, $backend, Support::has_abilities() ? new Abilities( $plugin->assistant, $plugin->policy, $plugin->summaries ) : null, $plugin->registry, new CallerUsage( $plugin->usage ) );
	}

	/**
	 * Adds the hooks.
	 *
	 * @param string $file Main plugin file.
	 */
	public function register( string $file ): void {
		Provider\BackedProvider::connect( $this->backend );
		// Before core builds the connector list from the AI Client registry (init 15).
		add_action( 'init', array( $this, 'register_providers' ), 14 );
		// After provider plugins registered theirs (by init 15, when core lists the connectors).
		add_action( 'init', array( $this, 'gate_transport' ), 16 );
		$this->keys->register();
		$this->gate->register();
		if ( null !== $this->abilities ) {
			$this->abilities->register();
		}
		register_deactivation_hook( $file, array( $this, 'deactivate' ) );
		// Keys core saved while the plugin was inactive are adopted when it comes back.
		register_activation_hook( $file, array( $this->keys, 'settle' ) );
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	/**
	 * Registers GET/PUT /byok-ai/v1/wordpress-ai (for requests that may reach it: Plugin::serves_routes()).
	 */
	public function register_routes(): void {
		if ( ! Plugin::serves_routes() ) {
			return;
		}
		( new RulesController( $this->registry, $this, $this->callers ) )->register_routes();
	}

	/**
	 * Registers the plugin's providers with the AI Client, except ids another plugin already
	 * provides (an official provider plugin keeps its id; the plugin still keeps its key).
	 */
	public function register_providers(): void {
		try {
			$registry = AiClient::defaultRegistry();
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
				$registry->setHttpTransporter( new GatedTransporter( $transport, $this->gate ) );
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
