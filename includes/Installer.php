<?php
/**
 * Creates and removes what the plugin keeps outside options.
 *
 * @package ByokAi
 */

namespace ByokAi;

use ByokAi\Ai\Policy;
use ByokAi\Assistant\RateLimiter;
use ByokAi\Usage\UsageLog;

/**
 * Brings a site's schema up to date lazily (once per version, on any request), so single sites,
 * network-activated plugins and sites created later all get their table and capabilities
 * without relying on the activation hook alone.
 */
final class Installer {

	public const VERSION_OPTION = 'byok_ai_db_version';
	public const SCHEMA_VERSION = '2';

	/**
	 * Usage records.
	 *
	 * @var UsageLog
	 */
	private $usage;

	/**
	 * Rules (role capability).
	 *
	 * @var Policy
	 */
	private $policy;

	/**
	 * Visitor counters.
	 *
	 * @var RateLimiter
	 */
	private $limiter;

	/**
	 * Stores the dependencies.
	 *
	 * @param UsageLog    $usage   Usage records.
	 * @param Policy      $policy  Rules.
	 * @param RateLimiter $limiter Visitor counters.
	 */
	public function __construct( UsageLog $usage, Policy $policy, RateLimiter $limiter ) {
		$this->usage   = $usage;
		$this->policy  = $policy;
		$this->limiter = $limiter;
	}

	/**
	 * Installs or upgrades the current site when its recorded schema version is older.
	 */
	public function maybe_install(): void {
		$installed = get_option( self::VERSION_OPTION, '' );
		if ( self::SCHEMA_VERSION === $installed ) {
			return;
		}
		$this->usage->install();
		$this->limiter->install();
		if ( '' === $installed ) {
			// First install only: afterwards the administrator decides which roles have it.
			$this->policy->grant_default_roles();
		}
		update_option( self::VERSION_OPTION, self::SCHEMA_VERSION, true );
	}

	/**
	 * Removes the tables, the capability and the version marker of the current site (uninstall).
	 */
	public function uninstall(): void {
		$this->usage->uninstall();
		$this->limiter->uninstall();
		$this->policy->revoke_all_roles();
		delete_option( self::VERSION_OPTION );
	}
}
