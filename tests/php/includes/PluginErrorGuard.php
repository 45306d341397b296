<?php
/**
 * Turns every PHP warning, notice or deprecation raised from the plugin's own files into a failure.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests;

use PHPUnit\Util\ErrorHandler as PhpUnitErrorHandler;

/**
 * The suite's error handler, installed by the bootstrap before WordPress loads.
 *
 * An error raised from byok-ai.php, includes/ or build/ is recorded, whatever the error_reporting
 * level or `@` says, and then thrown as PHPUnit would: a `catch ( \Throwable )` in the plugin can
 * swallow the exception but not the record, and TestCase::tear_down() fails the test (or the first
 * test, for an error raised while WordPress and the plugin load) for every record. Errors from
 * other files keep PHPUnit's own handling during tests and PHP's default outside them.
 *
 * Installing a handler before PHPUnit's makes PHPUnit keep ours (it only registers when no other
 * handler exists), so this class is the one handler for the whole run.
 */
final class PluginErrorGuard {

	private const LEVELS = E_WARNING | E_NOTICE | E_DEPRECATED | E_USER_WARNING | E_USER_NOTICE | E_USER_DEPRECATED | E_CORE_WARNING | E_COMPILE_WARNING;

	/**
	 * Errors recorded since the last drain().
	 *
	 * @var list<string>
	 */
	private static $recorded = array();

	/**
	 * Plugin paths whose errors count (real paths, with a trailing separator for folders).
	 *
	 * @var list<string>
	 */
	private static $paths = array();

	/**
	 * PHPUnit's converter for other files' errors while a test runs.
	 *
	 * @var PhpUnitErrorHandler|null
	 */
	private static $phpunit = null;

	/**
	 * Whether a test is running.
	 *
	 * @var bool
	 */
	private static $in_test = false;

	/**
	 * Installs the handler for the rest of the process.
	 *
	 * @param string $plugin_dir The plugin's root folder.
	 */
	public static function install( string $plugin_dir ): void {
		$root        = rtrim( (string) realpath( $plugin_dir ), '/' );
		self::$paths = array(
			$root . '/byok-ai.php',
			$root . '/includes/',
			$root . '/build/',
		);
		// Worker processes (visit-worker.php) run without PHPUnit: they only record.
		self::$phpunit = class_exists( PhpUnitErrorHandler::class ) ? new PhpUnitErrorHandler( true, true, true, true ) : null;
		set_error_handler( array( self::class, 'handle' ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- The test suite's error policy.
	}

	/**
	 * Tells whether a file belongs to the plugin.
	 *
	 * @param string $file File path.
	 */
	public static function is_plugin_file( string $file ): bool {
		$real = realpath( $file );
		$file = false === $real ? $file : $real;
		foreach ( self::$paths as $path ) {
			if ( '/' === substr( $path, -1 ) ? 0 === strpos( $file, $path ) : $file === $path ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The error handler.
	 *
	 * @param int    $level   Error level.
	 * @param string $message Message.
	 * @param string $file    File.
	 * @param int    $line    Line.
	 * @return bool False lets PHP handle it.
	 */
	public static function handle( int $level, string $message, string $file = '', int $line = 0 ): bool {
		if ( ( $level & self::LEVELS ) && self::is_plugin_file( $file ) ) {
			self::$recorded[] = sprintf( '%s: %s in %s:%d', self::level_name( $level ), $message, $file, $line );
			if ( self::$in_test ) {
				$previous = error_reporting( E_ALL );
				try {
					return ( new PhpUnitErrorHandler( true, true, true, true ) )->__invoke( $level, $message, $file, $line );
				} finally {
					error_reporting( $previous );
				}
			}
			return false;
		}
		if ( self::$in_test && null !== self::$phpunit ) {
			return self::$phpunit->__invoke( $level, $message, $file, $line );
		}
		return false;
	}

	/**
	 * Runs code while errors from other files (WordPress's own) are left to PHP's default handling;
	 * the plugin's still fail. For inputs that make core itself warn, such as a JSON body that is a
	 * bare string (WP_REST_Request iterates over it).
	 *
	 * @template T
	 * @param callable(): T $run Code.
	 * @return T
	 */
	public static function tolerating_core( callable $run ) {
		$in_test       = self::$in_test;
		$phpunit       = self::$phpunit;
		self::$phpunit = null;
		$level         = error_reporting( E_ALL & ~( E_WARNING | E_NOTICE | E_DEPRECATED ) );
		try {
			return $run();
		} finally {
			error_reporting( $level );
			self::$phpunit = $phpunit;
			self::$in_test = $in_test;
		}
	}

	/**
	 * Marks the start or end of a test (TestCase::set_up() and tear_down()).
	 *
	 * @param bool $running Whether a test runs now.
	 */
	public static function in_test( bool $running ): void {
		self::$in_test = $running;
	}

	/**
	 * Returns and forgets the recorded errors.
	 *
	 * @return list<string>
	 */
	public static function drain(): array {
		$recorded       = self::$recorded;
		self::$recorded = array();
		return $recorded;
	}

	/**
	 * Names an error level.
	 *
	 * @param int $level Level.
	 */
	private static function level_name( int $level ): string {
		$names = array(
			E_WARNING         => 'Warning',
			E_NOTICE          => 'Notice',
			E_DEPRECATED      => 'Deprecated',
			E_USER_WARNING    => 'User warning',
			E_USER_NOTICE     => 'User notice',
			E_USER_DEPRECATED => 'User deprecated',
			E_CORE_WARNING    => 'Core warning',
			E_COMPILE_WARNING => 'Compile warning',
		);
		return $names[ $level ] ?? 'Error ' . $level;
	}
}
