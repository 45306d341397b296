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
use ByokAi\Rest\RequestScope;
use ByokAi\Rest\SettingsController;
use ByokAi\Rest\UsageController;
use ByokAi\Usage\UsageLog;

/**
 * The plugin's one entry point: adds the hooks, and builds each service the first time a request
 * uses it (issue 13: a request that uses no part of the plugin builds next to nothing).
 */
final class Plugin {

	private static ?Plugin $instance = null;

	private ?Registry $registry = null;

	private ?Vault $vault = null;

	private ?KeyStore $keys = null;

	private ?ProviderSettings $settings = null;

	private ?KeyValidator $validator = null;

	private ?Policy $policy = null;

	private ?UsageLog $usage = null;

	private ?ChatService $chat = null;

	private ?AssistantService $assistant = null;

	private ?SummaryCache $summaries = null;

	private ?Api $api = null;

	private ?UserLimit $user_limit = null;

	private ?Installer $installer = null;

	private ?Environment $environment = null;

	private ?HttpClient $http = null;

	private ?Secret $secret = null;

	private ?RateLimiter $limiter = null;

	/** The AI Assistant block (its service is built when a block renders or answers). */
	public Block $block;

	/** WordPress's own AI (Connectors keys, AI Client gate, providers, abilities); null before 7.0. */
	public ?WordPressAi\Integration $wordpress_ai = null;

	/**
	 * Nothing is built here but the block's hooks holder; services come on first use.
	 */
	private function __construct() {
		$this->block = new Block( fn(): AssistantService => $this->assistant(), fn(): Policy => $this->policy(), BYOK_AI_FILE );
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
	 * Environment and constant reader of the key store: on WordPress 7.0+ a key in core's
	 * variables (OPENAI_API_KEY…) counts too, one key per provider for both screens.
	 */
	public function environment(): Environment {
		return $this->environment ??= WordPressAi\Support::available() ? new WordPressAi\SharedEnvironment( WordPressAi\SharedEnvironment::aliases( new WordPressAi\ConnectorMap() ) ) : new Environment();
	}

	/** The provider adapters. */
	public function registry(): Registry {
		return $this->registry ??= Registry::with_defaults();
	}

	/** The sealed-box of stored keys. */
	public function vault(): Vault {
		return $this->vault ??= new Vault( $this->secret() );
	}

	/** The providers' endpoints and options. */
	public function settings(): ProviderSettings {
		return $this->settings ??= new ProviderSettings( $this->registry(), $this->environment() );
	}

	/** The encrypted keys. */
	public function keys(): KeyStore {
		return $this->keys ??= new KeyStore( $this->vault(), $this->environment(), $this->settings() );
	}

	/** Checks a key against its provider. */
	public function validator(): KeyValidator {
		return $this->validator ??= new KeyValidator( $this->http(), $this->settings() );
	}

	/** The administrator's rules for AI use. */
	public function policy(): Policy {
		return $this->policy ??= new Policy( $this->registry() );
	}

	/** The usage records. */
	public function usage(): UsageLog {
		return $this->usage ??= new UsageLog();
	}

	/** The proxy: one chat through the policy, the fallback chain, budgets and the usage log. */
	public function chat(): ChatService {
		return $this->chat ??= new ChatService( $this->registry(), $this->keys(), $this->settings(), $this->policy(), $this->http(), $this->usage() );
	}

	/** Answers of the AI Assistant block. */
	public function assistant(): AssistantService {
		return $this->assistant ??= AssistantService::assemble( $this->chat(), $this->policy(), $this->registry(), $this->settings(), new Conversation( $this->secret() ), $this->limiter(), $this->summaries(), new Assistant\Moderation( $this->settings(), $this->keys(), $this->http(), $this->usage() ) );
	}

	/** Stored summaries of the block. */
	public function summaries(): SummaryCache {
		return $this->summaries ??= new SummaryCache();
	}

	/** PHP API for other plugins (byok_ai()). */
	public function api(): Api {
		return $this->api ??= new Api( $this->chat() );
	}

	/** Per-person limit on logged-in AI use. */
	public function user_limit(): UserLimit {
		return $this->user_limit ??= new UserLimit( $this->policy(), $this->limiter() );
	}

	/** Tables, options and the daily cleanup. */
	public function installer(): Installer {
		return $this->installer ??= new Installer( $this->usage(), $this->policy(), $this->limiter(), $this->keys(), $this->registry() );
	}

	/** The HTTP client to the providers. */
	private function http(): HttpClient {
		return $this->http ??= new HttpClient();
	}

	/** The site's secret (BYOK_AI_ENCRYPTION_KEY, or else its salts). */
	private function secret(): Secret {
		return $this->secret ??= new Secret( $this->environment() );
	}

	/** The atomic counters. */
	private function limiter(): RateLimiter {
		return $this->limiter ??= new RateLimiter();
	}

	/**
	 * Adds the hooks. Callbacks that need a service build it when they run.
	 *
	 * @param string $file Main plugin file.
	 */
	private function register( string $file ): void {
		add_action(
			'init',
			function (): void {
				ProviderSettings::register( fn(): ProviderSettings => $this->settings() );
			}
		);
		add_action(
			'init',
			function (): void {
				if ( ! Installer::is_current() ) {
					$this->installer()->maybe_install();
				}
			},
			5
		);
		register_activation_hook(
			$file,
			function (): void {
				$this->installer()->maybe_install();
			}
		);
		// The daily cleanup is scheduled on install and kept scheduled by administration screens
		// and cron runs, not checked on every visitor's request (issue 13).
		if ( is_admin() || wp_doing_cron() ) {
			add_action( 'init', array( Installer::class, 'schedule' ) );
		}
		add_action(
			Installer::CLEANUP_HOOK,
			function (): void {
				$this->installer()->cleanup();
			}
		);
		register_deactivation_hook( $file, array( Installer::class, 'unschedule' ) );
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
		$this->block->register();
		$this->summaries()->register();

		if ( WordPressAi\Support::available() ) {
			$this->wordpress_ai = new WordPressAi\Integration( $this, $file );
			$this->wordpress_ai->register( $file );
		}

		if ( is_admin() ) {
			( new SettingsPage() )->register();
			( new KeyNotice( $this->registry(), $this->keys() ) )->register();
			$this->chat()->spend()->alerts->register();
		}
	}

	/**
	 * Registers the REST routes.
	 */
	public function register_routes(): void {
		if ( ! RequestScope::serves_routes() ) {
			return; // Another namespace's request: none of them (one check instead of seven).
		}
		$presenter   = fn(): ProviderPresenter => new ProviderPresenter( $this->keys(), $this->settings(), $this->environment() );
		$controllers = array(
			'settings'  => fn(): array => array( new SettingsController( $this->registry(), $this->vault(), $presenter() ) ),
			'providers' => function () use ( $presenter ): array {
				$provider = array( $this->registry(), $this->keys(), $this->settings(), $this->validator(), $this->vault(), $presenter() );
				return array(
					new ProviderController( ...$provider ),
					new ProviderKeyController( ...$provider ),
					new KeyValidationController( ...$provider ),
					new ModelsController( $this->registry(), $this->chat() ),
				);
			},
			'chat'      => fn(): array => array( new ChatController( $this->registry(), $this->chat(), $this->user_limit() ) ),
			'policy'    => fn(): array => array( new PolicyController( $this->registry(), $this->policy() ) ),
			'usage'     => fn(): array => array( new UsageController( $this->registry(), $this->usage() ) ),
			'assistant' => fn(): array => array( new AssistantController( $this->registry(), $this->assistant(), $this->policy(), $this->user_limit() ) ),
			'spend'     => fn(): array => array( new Rest\SpendController( $this->registry(), $this->chat()->spend() ) ),
		);
		// Only the controllers a request may reach (issue 13: a chat builds one, not ten).
		foreach ( $controllers as $base => $build ) {
			if ( RequestScope::serves_routes( $base ) ) {
				foreach ( $build() as $controller ) {
					$controller->register_routes();
				}
			}
		}
	}
}
