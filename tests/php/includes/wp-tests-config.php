<?php
/**
 * WordPress configuration for the PHPUnit suite: a real install in MariaDB.
 *
 * @package ByokAi\Tests
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- this is a wp-config file: it defines core's own constants.

$byok_ai_core = getenv( 'WP_CORE_DIR' ) ? getenv( 'WP_CORE_DIR' ) : dirname( __DIR__, 3 ) . '/.cache/wordpress-' . ( getenv( 'WP_CORE_VERSION' ) ? getenv( 'WP_CORE_VERSION' ) : '7.1.0' );
define( 'ABSPATH', rtrim( $byok_ai_core, '/' ) . '/' );

define( 'DB_NAME', getenv( 'WP_TESTS_DB_NAME' ) ? getenv( 'WP_TESTS_DB_NAME' ) : 'byok_ai_tests' );
define( 'DB_USER', getenv( 'WP_TESTS_DB_USER' ) ? getenv( 'WP_TESTS_DB_USER' ) : 'byok_ai' );
define( 'DB_PASSWORD', getenv( 'WP_TESTS_DB_PASSWORD' ) ? getenv( 'WP_TESTS_DB_PASSWORD' ) : 'byok_ai' );
define( 'DB_HOST', getenv( 'WP_TESTS_DB_HOST' ) ? getenv( 'WP_TESTS_DB_HOST' ) : 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

// Unique test salts: the vault derives its secret from these.
define( 'AUTH_KEY', 'byok-ai tests: auth key 6c1f0e4b9a' );
define( 'SECURE_AUTH_KEY', 'byok-ai tests: secure auth key 83d2a7' );
define( 'LOGGED_IN_KEY', 'byok-ai tests: logged in key 1b5e09' );
define( 'NONCE_KEY', 'byok-ai tests: nonce key f47c21' );
define( 'AUTH_SALT', 'byok-ai tests: auth salt 9e3d6a' );
define( 'SECURE_AUTH_SALT', 'byok-ai tests: secure auth salt 0a4b8c' );
define( 'LOGGED_IN_SALT', 'byok-ai tests: logged in salt 57e1d3' );
define( 'NONCE_SALT', 'byok-ai tests: nonce salt c2f690' );

$table_prefix = 'wptests_';

define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', true );
define( 'WP_TESTS_DOMAIN', 'example.org' );
define( 'WP_TESTS_EMAIL', 'admin@example.org' );
define( 'WP_TESTS_TITLE', 'BYOK AI tests' );
define( 'WP_DEFAULT_THEME', 'twentytwentythree' );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
// The fake provider listens on loopback.
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1' );

$_SERVER['HTTP_HOST']   = WP_TESTS_DOMAIN;
$_SERVER['SERVER_NAME'] = WP_TESTS_DOMAIN;
$_SERVER['SERVER_PORT'] = '80';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['PHP_SELF']    = '/index.php';
