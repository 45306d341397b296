<?php
/**
 * PHPStan bootstrap: the constants that WordPress and byok-ai.php define at runtime.
 *
 * Only read by PHPStan (phpstan.neon.dist lists it under bootstrapFiles); never loaded by
 * WordPress or PHPUnit. The values are placeholders: phpstan.neon.dist lists every constant
 * here under dynamicConstantNames, so PHPStan uses only their types.
 *
 * The optional wp-config constants (BYOK_AI_ENCRYPTION_KEY, BYOK_AI_{PROVIDER}_API_KEY) are
 * deliberately not defined: the code reads them through defined()/constant().
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- ABSPATH and WPINC are core's constants.

// WordPress core (wp-load.php, wp-settings.php).
define( 'ABSPATH', __DIR__ . '/' );
define( 'WPINC', 'wp-includes' );
define( 'ARRAY_A', 'ARRAY_A' );
define( 'MINUTE_IN_SECONDS', 60 );
define( 'HOUR_IN_SECONDS', 3600 );
define( 'DAY_IN_SECONDS', 86400 );

// byok-ai.php.
define( 'BYOK_AI_VERSION', '0.1.0' );
define( 'BYOK_AI_FILE', dirname( __DIR__, 2 ) . '/byok-ai.php' );
define( 'BYOK_AI_MIN_PHP', '7.4' );
define( 'BYOK_AI_MIN_WP', '6.1' );
