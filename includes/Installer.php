<?php
/**
 * Creates and removes what the plugin keeps outside options.
 *
 * @package ByokAi
 */

namespace ByokAi;

use ByokAi\Ai\Policy;
use ByokAi\Assistant\RateLimiter;
use ByokAi\Keys\KeyStore;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use ByokAi\Usage\UsageLog;

/**
 * Brings a site's schema up to date lazily (once per version, on any request), so single sites,
 * network-activated plugins and sites created later all get their table and capabilities
 * without relying on the activation hook alone. Keeps the tables small with a daily cleanup,
 * scheduled by the install and kept scheduled by administration screens and cron runs, and
 * unscheduled on deactivation.
 */
final class Installer {

	public const VERSION_OPTION = 'byok_ai_db_version';
	/** 4: the spend ledger; 5: the options read on every request exist, autoloaded. */
	public const SCHEMA_VERSION = '5';

	/** The daily cleanup's cron hook. */
	public const CLEANUP_HOOK = 'byok_ai_daily_cleanup';

	/** Days of usage records kept by default. */
	public const USAGE_RETENTION_DAYS = 91;

	private UsageLog $usage;

	/** Rules (role capability). */
	private Policy $policy;

	private RateLimiter $limiter;

	/** Keys (bound to their endpoint on upgrade). */
	private ?KeyStore $keys = null;

	private ?Registry $registry = null;

	/**
	 * Stores the dependencies.
	 *
	 * @param UsageLog      $usage    Usage records.
	 * @param Policy        $policy   Rules.
	 * @param RateLimiter   $limiter  Visitor counters.
	 * @param KeyStore|null $keys     Keys.
	 * @param Registry|null $registry Providers.
	 */
	public function __construct( UsageLog $usage, Policy $policy, RateLimiter $limiter, ?KeyStore $keys = null, ?Registry $registry = null ) {
		$this->usage    = $usage;
		$this->policy   = $policy;
		$this->limiter  = $limiter;
		$this->keys     = $keys;
		$this->registry = $registry;
	}

	/**
	 * Tells whether the current site's tables and options are at this version's schema (an
	 * autoloaded option: no query), so a request needs no installer.
	 *
	 * @since 0.2.0
	 */
	public static function is_current(): bool {
		return self::SCHEMA_VERSION === get_option( self::VERSION_OPTION, '' );
	}

	/**
	 * Installs or upgrades the current site when its recorded schema version is older.
	 */
	public function maybe_install(): void {
		if ( self::is_current() ) {
			return;
		}
		$installed = get_option( self::VERSION_OPTION, '' );
		$this->usage->install();
		$this->limiter->install();
		( new Spend\Ledger() )->install();
		$this->upgrade( (string) $installed );
		self::preload_options();
		update_option( self::VERSION_OPTION, self::SCHEMA_VERSION, true );
		self::schedule();
	}

	/**
	 * The data steps of an install or upgrade from a schema version ('' for none), after the tables.
	 *
	 * @param string $installed Version installed before.
	 */
	public function upgrade( string $installed ): void {
		if ( '' === $installed ) {
			// First install only: afterwards the administrator decides which roles have it.
			$this->policy->grant_default_roles();
			return;
		}
		if ( version_compare( $installed, '3', '<' ) ) {
			// Before 3, every role that could edit posts got the capability. Sites that kept that
			// default move to the new one (roles that can publish); a choice of roles stays.
			$this->policy->narrow_old_default_roles();
			// Keys stored before keys had endpoints are bound to the endpoint set now.
			if ( null !== $this->keys && null !== $this->registry ) {
				foreach ( $this->registry->ids() as $id ) {
					$this->keys->bind_legacy( $id );
				}
			}
		}
	}

	/**
	 * Creates, autoloaded, the options the plugin reads on every request of a site that never
	 * saved them: a missing option costs one SQL query per request (WordPress remembers a missing
	 * one only for the request): the connection settings (read by the key store on 7.0+, where
	 * core reads the Connectors keys on every request), the rules for WordPress's AI (read at
	 * plugins_loaded on 7.0+) and the policy (read by every chat and visitor answer). Each is
	 * saved autoloaded anyway. Keys stay out: they are never autoloaded.
	 */
	public static function preload_options(): void {
		$options = array( ProviderSettings::OPTION, Policy::OPTION, WordPressAi\Rules::OPTION );
		$missing = new \stdClass(); // Not a registered setting's default: the option really is missing.
		foreach ( $options as $option ) {
			if ( get_option( $option, $missing ) === $missing ) {
				add_option( $option, array(), '', true );
			}
		}
		// One written without autoload (by hand, another tool) would still cost its query.
		wp_set_option_autoload_values( array_fill_keys( $options, true ) );
	}

	/**
	 * Schedules the daily cleanup for the current site when it isn't (init).
	 */
	public static function schedule(): void {
		if ( false === wp_next_scheduled( self::CLEANUP_HOOK ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'daily', self::CLEANUP_HOOK );
		}
	}

	/**
	 * Unschedules it (deactivation, uninstall).
	 */
	public static function unschedule(): void {
		wp_clear_scheduled_hook( self::CLEANUP_HOOK );
	}

	/**
	 * The daily cleanup: usage records past their retention, counters of ended windows and
	 * expired leases.
	 */
	public function cleanup(): void {
		/**
		 * Filters how many days of usage records are kept. The usage dashboard shows up to the
		 * last 90 days, so fewer than 91 counts as 91; 0 keeps every record.
		 *
		 * @since 0.1.0
		 *
		 * @param int $days Days; 91 by default.
		 */
		$days = (int) apply_filters( 'byok_ai_usage_retention_days', self::USAGE_RETENTION_DAYS );
		if ( $days > 0 ) {
			$this->usage->prune( time() - max( self::USAGE_RETENTION_DAYS, $days ) * DAY_IN_SECONDS );
		}
		$this->limiter->prune( time() );
	}

	/**
	 * Removes the tables, the capability, the version marker and the cleanup of the current site
	 * (uninstall).
	 */
	public function uninstall(): void {
		$this->unschedule();
		$this->usage->uninstall();
		$this->limiter->uninstall();
		( new Spend\Services( $this->registry ?? Registry::with_defaults() ) )->uninstall();
		$this->policy->revoke_all_roles();
		delete_option( self::VERSION_OPTION );
	}
}
