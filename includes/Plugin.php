<?php
/**
 * Wires the plugin's services and hooks.
 *
 * @package ByokAi
 */

namespace ByokAi;

use ByokAi\Admin\KeyNotice;
use ByokAi\Ai\ChatService;
use ByokAi\Ai\Policy;
use ByokAi\Ai\UserLimit;
use ByokAi\Assistant\AssistantService;
use ByokAi\Assistant\Block;
use ByokAi\Assistant\Conversation;
use ByokAi\Assistant\RateLimiter;
use ByokAi\Assistant\SummaryCache;
use ByokAi\Admin\SettingsPage;
use ByokAi\Config\Environment;
use ByokAi\Crypto\Secret;
use ByokAi\Crypto\Vault;
use ByokAi\Http\HttpClient;
use ByokAi\Keys\KeyStore;
use ByokAi\Keys\KeyValidator;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use ByokAi\Rest\AssistantController;
use ByokAi\Rest\ChatController;
use ByokAi\Rest\KeyValidationController;
use ByokAi\Rest\ModelsController;
use ByokAi\Rest\PolicyController;
use ByokAi\Rest\ProviderController;
use ByokAi\Rest\ProviderKeyController;
use ByokAi\Rest\ProviderPresenter;
use ByokAi\Rest\SettingsController;
use ByokAi\Rest\StreamResponse;
use ByokAi\Rest\UsageController;
use ByokAi\Usage\UsageLog;

/**
 * The plugin's one entry point: builds the object graph once and adds hooks.
 */
final class Plugin {

	private static ?Plugin $instance = null;

	public Registry $registry;

	public Vault $vault;

	public KeyStore $keys;

	public ProviderSettings $settings;

	public KeyValidator $validator;

	/** The administrator's rules for AI use. */
	public Policy $policy;

	public UsageLog $usage;

	public ChatService $chat;

	/** Answers of the AI Assistant block. */
	public AssistantService $assistant;

	public Block $block;

	public SummaryCache $summaries;

	/** PHP API for other plugins (byok_ai()). */
	public Api $api;

	/** WordPress's own AI (Connectors keys, AI Client gate, providers, abilities); null before 7.0. */
	public ?WordPressAi\Integration $wordpress_ai = null;

	/** Per-person limit on logged-in AI use. */
	public UserLimit $user_limit;

	public Installer $installer;

	/** Environment and constant reader of the key store (core's key names count on 7.0+). */
	private Environment $environment;

	/**
	 * Builds the services. Nothing runs until register().
	 */
	private function __construct() {
		// On WordPress 7.0+ a key in core's variables (OPENAI_API_KEY…) counts too: one key per provider for both screens.
		$environment       = WordPressAi\Support::available() ? new WordPressAi\SharedEnvironment( WordPressAi\SharedEnvironment::aliases( new WordPressAi\ConnectorMap() ) ) : new Environment();
		$this->environment = $environment;
		$http              = new HttpClient();
		$secret            = new Secret( $environment );
		$limiter           = new RateLimiter();
		$this->registry    = Registry::with_defaults();
		$this->vault       = new Vault( $secret );
		$this->settings    = new ProviderSettings( $this->registry, $environment );
		$this->keys        = new KeyStore( $this->vault, $environment, $this->settings );
		$this->validator   = new KeyValidator( $http, $this->settings );
		$this->policy      = new Policy( $this->registry );
		$this->usage       = new UsageLog();
		$this->chat        = new ChatService( $this->registry, $this->keys, $this->settings, $this->policy, $http, $this->usage );
		$this->api         = new Api( $this->chat );
		$this->summaries   = new SummaryCache();
		$this->assistant   = AssistantService::assemble( $this->chat, $this->policy, $this->registry, $this->settings, new Conversation( $secret ), $limiter, $this->summaries, new Assistant\Moderation( $this->settings, $this->keys, $http, $this->usage ) );
		$this->block       = new Block( $this->assistant, $this->policy, BYOK_AI_FILE );
		$this->installer   = new Installer( $this->usage, $this->policy, $limiter, $this->keys, $this->registry );
		$this->user_limit  = new UserLimit( $this->policy, $limiter );
	}

	/**
	 * Starts the plugin once.
	 *
	 * @since 0.1.0
	 *
	 * @param string $file Main plugin file.
	 */
	public static function boot( string $file ): self {
		if ( null === self::$instance ) {
			self::$instance = new self();
			self::$instance->register( $file );
		}
		return self::$instance;
	}

	/**
	 * Returns the running instance.
	 *
	 * @since 0.1.0
	 */
	public static function instance(): ?self {
		return self::$instance;
	}

	/**
	 * Adds the hooks.
	 *
	 * @param string $file Main plugin file.
	 */
	private function register( string $file ): void {
		add_action(
			'init',
			function (): void {
				$this->settings->register();
			}
		);
		add_action( 'init', array( $this->installer, 'maybe_install' ), 5 );
		register_activation_hook( $file, array( $this->installer, 'maybe_install' ) );
		add_action( 'init', array( $this->installer, 'schedule' ) );
		add_action( Installer::CLEANUP_HOOK, array( $this->installer, 'cleanup' ) );
		register_deactivation_hook( $file, array( $this->installer, 'unschedule' ) );
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
		$this->block->register();
		$this->summaries->register();
		// After core's own filters on this hook (rest_send_cors_headers at 10): once a stream starts,
		// no header can follow.
		add_filter( 'rest_pre_serve_request', array( StreamResponse::class, 'serve' ), 100, 2 );

		if ( WordPressAi\Support::available() ) {
			$this->wordpress_ai = WordPressAi\Integration::build( $this, $file );
			$this->wordpress_ai->register( $file );
		}

		if ( is_admin() ) {
			( new SettingsPage() )->register();
			( new KeyNotice( $this->registry, $this->keys ) )->register();
			$this->chat->spend()->alerts->register();
		}
	}

	/**
	 * Registers the REST routes.
	 */
	public function register_routes(): void {
		if ( ! self::serves_routes() ) {
			return;
		}
		$presenter   = new ProviderPresenter( $this->keys, $this->settings, $this->environment );
		$provider    = array( $this->registry, $this->keys, $this->settings, $this->validator, $this->vault, $presenter );
		$controllers = array(
			new SettingsController( $this->registry, $this->vault, $presenter ),
			new ProviderController( ...$provider ),
			new ProviderKeyController( ...$provider ),
			new KeyValidationController( ...$provider ),
			new ChatController( $this->registry, $this->chat, $this->user_limit ),
			new PolicyController( $this->registry, $this->policy ),
			new ModelsController( $this->registry, $this->chat ),
			new UsageController( $this->registry, $this->usage ),
			new AssistantController( $this->registry, $this->assistant, $this->policy, $this->user_limit ),
			new Rest\SpendController( $this->registry, $this->chat->spend() ),
		);
		foreach ( $controllers as $controller ) {
			$controller->register_routes();
		}
	}

	/**
	 * Tells whether this request may need the block editor's scripts and styles registered: an
	 * administration screen, the REST routes that list them (/wp/v2/block-types), or no web
	 * request at all (WP-CLI). Not the front end nor other REST routes (judged from the URL, on
	 * `init`): registering an editor script builds wp_scripts(), which costs an SQL query
	 * (can_compress_scripts) and a few milliseconds on requests that print no script.
	 *
	 * @since 0.2.0
	 */
	public static function needs_editor_assets(): bool {
		if ( is_admin() || ! isset( $_SERVER['REQUEST_URI'] ) ) {
			return true;
		}
		$route = self::requested_rest_route();
		return null !== $route && 0 === strpos( $route . '/', '/wp/v2/block-types/' );
	}

	/**
	 * The REST route this request asks for, from its URL (usable on `init`, before WordPress
	 * parses the request), or null when it isn't a REST request.
	 */
	private static function requested_rest_route(): ?string {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- Only read to tell a REST request, as core's parse_request() does.
		if ( isset( $_GET['rest_route'] ) ) {
			return is_string( $_GET['rest_route'] ) ? '/' . trim( sanitize_text_field( wp_unslash( $_GET['rest_route'] ) ), '/' ) : '/';
		}
		// phpcs:enable WordPress.Security.NonceVerification.Recommended
		if ( ! isset( $_SERVER['REQUEST_URI'] ) || '' === (string) get_option( 'permalink_structure' ) ) {
			return null;
		}
		$path   = (string) wp_parse_url( esc_url_raw( wp_unslash( $_SERVER['REQUEST_URI'] ) ), PHP_URL_PATH );
		$prefix = untrailingslashit( (string) wp_parse_url( get_rest_url(), PHP_URL_PATH ) );
		if ( '' === $prefix || 0 !== strpos( $path . '/', $prefix . '/' ) ) {
			return null;
		}
		return '/' . trim( substr( $path, strlen( $prefix ) ), '/' );
	}

	/**
	 * Tells whether this request may reach the plugin's routes. A REST request to another
	 * namespace (any /wp/v2/… route, say) is answered without them, so it pays nothing for the
	 * plugin's controllers and schemas. Everything else registers them: the plugin's namespace,
	 * the index (which lists the namespaces), batch requests, and anything that isn't a routed
	 * REST request (rest_do_request() from PHP, preloading, WP-CLI, tests).
	 *
	 * @since 0.2.0
	 */
	public static function serves_routes(): bool {
		if ( ! defined( 'REST_REQUEST' ) || ! REST_REQUEST || ! isset( $GLOBALS['wp'] ) || ! $GLOBALS['wp'] instanceof \WP ) {
			return true;
		}
		$route = $GLOBALS['wp']->query_vars['rest_route'] ?? '';
		if ( ! is_string( $route ) ) {
			return true;
		}
		$route = '/' . trim( $route, '/' );
		/**
		 * Filters whether the plugin registers its REST routes for this request.
		 *
		 * @since 0.2.0
		 *
		 * @param bool   $serves Whether the route may be the plugin's (or lists it).
		 * @param string $route  The requested route, e.g. /wp/v2/posts.
		 */
		return (bool) apply_filters( 'byok_ai_serves_routes', '/' === $route || 0 === strpos( $route . '/', '/byok-ai/' ) || 0 === strpos( $route . '/', '/batch/' ), $route );
	}
}
