<?php
/**
 * Removes every copy of the plugin's data when it is deleted (deactivation keeps it).
 *
 * @package ByokAi
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

require_once __DIR__ . '/includes/autoload.php';

foreach ( ByokAi\Providers\Registry::with_defaults()->ids() as $byok_ai_provider ) {
	delete_option( ByokAi\Keys\KeyStore::OPTION_PREFIX . $byok_ai_provider );
}
delete_option( ByokAi\Providers\ProviderSettings::OPTION );
