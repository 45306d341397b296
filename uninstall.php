<?php
/**
 * Removes every copy of the plugin's data when it is deleted (deactivation keeps it): keys,
 * settings, rules, the usage and counter tables, stored summaries, the capability and the daily
 * cleanup, on every site of a network.
 *
 * @package ByokAi
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

require_once __DIR__ . '/includes/autoload.php';

/**
 * Deletes the plugin's data from the current site.
 */
function byok_ai_uninstall_site(): void {
	$registry = ByokAi\Providers\Registry::with_defaults();
	foreach ( $registry->ids() as $provider ) {
		delete_option( ByokAi\Keys\KeyStore::OPTION_PREFIX . $provider );
	}
	delete_option( ByokAi\Providers\ProviderSettings::OPTION );
	delete_option( ByokAi\Ai\Policy::OPTION );
	// Rules for WordPress's AI (7.0+). Connectors keys were written back for core on deactivation.
	delete_option( ByokAi\WordPressAi\Rules::OPTION );
	delete_post_meta_by_key( ByokAi\Assistant\SummaryCache::META );
	( new ByokAi\Installer( new ByokAi\Usage\UsageLog(), new ByokAi\Ai\Policy( $registry ), new ByokAi\Assistant\RateLimiter() ) )->uninstall();
}

if ( is_multisite() ) {
	foreach ( get_sites(
		array(
			'fields' => 'ids',
			'number' => 0,
		)
	) as $byok_ai_site ) {
		switch_to_blog( (int) $byok_ai_site );
		byok_ai_uninstall_site();
		restore_current_blog();
	}
} else {
	byok_ai_uninstall_site();
}
