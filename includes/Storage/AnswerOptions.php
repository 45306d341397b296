<?php
/**
 * The options an answer reads, loaded together.
 *
 * @package ByokAi
 */

namespace ByokAi\Storage;

use ByokAi\Assistant\Moderation;
use ByokAi\Keys\KeyStore;
use ByokAi\Spend\BudgetRules;
use ByokAi\Spend\Currency;
use ByokAi\Spend\Prices;

/**
 * The options a chat or a visitor's answer reads that are not autoloaded (Installer::preload_options()
 * lists those read on every request, autoloaded): the providers' keys, the currency, the prices,
 * the budgets and the moderation switch. Each read alone is its own SQL query; prime() loads them
 * all in one (wp_prime_option_caches(), which also remembers the missing ones), so the routes that
 * answer call it once, first. They stay out of the autoloaded options: requests that don't answer
 * must not pay for them.
 */
final class AnswerOptions {

	/**
	 * Names the options.
	 *
	 * @param string[] $providers Registered provider ids (one key option each).
	 * @return list<string>
	 */
	public static function names( array $providers ): array {
		$names = array( Currency::OPTION, Prices::OPTION, BudgetRules::OPTION, Moderation::OPTION );
		foreach ( $providers as $provider ) {
			$names[] = KeyStore::OPTION_PREFIX . $provider;
		}
		return $names;
	}

	/**
	 * Loads into the options cache, in one query, those that aren't there yet.
	 *
	 * @param string[] $providers Registered provider ids.
	 */
	public static function prime( array $providers ): void {
		wp_prime_option_caches( self::names( $providers ) );
	}
}
