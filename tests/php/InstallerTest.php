<?php
/**
 * The installer: options preloaded for idle requests, the daily cleanup that keeps the plugin's
 * tables small.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests;

use ByokAi\Assistant\RateLimiter;
use ByokAi\Ai\Policy;
use ByokAi\Installer;
use ByokAi\Providers\ProviderSettings;
use ByokAi\WordPressAi\Rules;

/**
 * Preloaded options; scheduling, what the cleanup deletes and keeps, and unscheduling on
 * deactivation.
 */
class InstallerTest extends TestCase {

	/**
	 * Records a usage row at a moment.
	 *
	 * @param int $at Unix time.
	 */
	private function usage_at( int $at ): void {
		global $wpdb;
		$this->assertSame(
			1,
			$wpdb->insert( // phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
				$this->plugin()->usage()->table(),
				array(
					'created_at' => gmdate( 'Y-m-d H:i:s', $at ),
					'provider'   => 'openai',
					'outcome'    => 'ok',
				)
			)
		);
	}

	/**
	 * The dates of the usage rows left, oldest first.
	 *
	 * @return list<string>
	 */
	private function usage_dates(): array {
		global $wpdb;
		return $wpdb->get_col( 'SELECT created_at FROM ' . $this->plugin()->usage()->table() . ' ORDER BY created_at' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * The install schedules one daily event, which administration screens and cron runs keep
	 * scheduled (not every request: issue 13); deactivation removes it.
	 */
	public function test_scheduled_daily_and_removed_on_deactivation(): void {
		$this->assertFalse( has_action( 'init', array( Installer::class, 'schedule' ) ), 'Not checked on a request that is neither an administration screen nor a cron run.' );
		wp_clear_scheduled_hook( Installer::CLEANUP_HOOK );
		delete_option( Installer::VERSION_OPTION );
		$this->plugin()->installer()->maybe_install();
		$event = wp_get_scheduled_event( Installer::CLEANUP_HOOK );
		$this->assertIsObject( $event );
		$this->assertSame( 'daily', $event->schedule );
		Installer::schedule();
		$this->assertSame( $event->timestamp, wp_next_scheduled( Installer::CLEANUP_HOOK ), 'Scheduled once, not again on every request.' );

		do_action( 'deactivate_' . plugin_basename( BYOK_AI_FILE ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's deactivation hook, fired as deactivate_plugins() does.
		$this->assertFalse( wp_next_scheduled( Installer::CLEANUP_HOOK ) );
	}

	/**
	 * The options read on every request exist, autoloaded, so a site that never saved them pays
	 * no query for them; a saved value stays as it is, autoloaded even if it was saved without. (That maybe_install() does it on a fresh
	 * site, IdleCostTest sees: the test site was installed by it.)
	 */
	public function test_preloads_the_options_read_on_every_request(): void {
		$options = array( ProviderSettings::OPTION, Policy::OPTION, Rules::OPTION );
		foreach ( $options as $option ) {
			delete_option( $option );
		}
		update_option( Policy::OPTION, array( 'visitor_ip_limit' => 7 ), false );
		Installer::preload_options();
		wp_cache_delete( 'alloptions', 'options' );
		$autoloaded = wp_load_alloptions();
		foreach ( $options as $option ) {
			$this->assertArrayHasKey( $option, $autoloaded, "$option is autoloaded." );
		}
		$this->assertSame( array(), get_option( Rules::OPTION ) );
		$this->assertSame( array( 'visitor_ip_limit' => 7 ), get_option( Policy::OPTION ), 'A saved value is kept.' );
	}

	/**
	 * Usage records older than the retention go; recent ones, and the last 30 days the usage panel
	 * shows, stay. Counters of ended windows go too.
	 */
	public function test_cleanup_prunes_old_usage_and_ended_counters(): void {
		global $wpdb;
		$now = time();
		foreach ( array( 400, 92, 89, 29, 0 ) as $days ) {
			$this->usage_at( $now - $days * DAY_IN_SECONDS );
		}
		$limiter = new RateLimiter();
		$this->assertNull( $limiter->hit( 'ended', 5, 60, $now - 600 ) );
		$this->assertNull( $limiter->hit( 'current', 5, 60, $now ) );

		do_action( 'byok_ai_daily_cleanup' );

		$this->assertSame(
			array( gmdate( 'Y-m-d H:i:s', $now - 89 * DAY_IN_SECONDS ), gmdate( 'Y-m-d H:i:s', $now - 29 * DAY_IN_SECONDS ), gmdate( 'Y-m-d H:i:s', $now ) ),
			$this->usage_dates(),
			'91 days are kept (the dashboard shows 90).'
		);
		$buckets = $wpdb->get_col( 'SELECT bucket FROM ' . $limiter->table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
		$this->assertSame( array( 'current@' . intdiv( $now, 60 ) ), $buckets );
	}

	/**
	 * The retention filter: fewer than 91 days still keeps the dashboard's 90; 0 keeps everything.
	 */
	public function test_retention_filter(): void {
		$now = time();
		foreach ( array( 400, 95, 60 ) as $days ) {
			$this->usage_at( $now - $days * DAY_IN_SECONDS );
		}
		$days = 7;
		$keep = static function () use ( &$days ): int {
			return $days;
		};
		add_filter( 'byok_ai_usage_retention_days', $keep );
		try {
			$days = 0;
			do_action( 'byok_ai_daily_cleanup' );
			$this->assertCount( 3, $this->usage_dates(), '0 keeps every record.' );

			$days = 7;
			do_action( 'byok_ai_daily_cleanup' );
			$this->assertSame( array( gmdate( 'Y-m-d H:i:s', $now - 60 * DAY_IN_SECONDS ) ), $this->usage_dates(), 'Counted as 91 days.' );
		} finally {
			remove_filter( 'byok_ai_usage_retention_days', $keep );
		}
	}
}
