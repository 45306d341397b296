<?php
/**
 * Runs the fake provider (tests/fake-provider) for the PHPUnit suite.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests;

/**
 * Starts the compiled fake provider on a free loopback port for the duration of the run, or uses
 * FAKE_PROVIDER_URL when one is already running.
 */
final class FakeProvider {

	/**
	 * Base URL, e.g. http://127.0.0.1:8790.
	 *
	 * @var string
	 */
	public static $url = '';

	/**
	 * Process handle.
	 *
	 * @var resource|null
	 */
	private static $process = null;

	/**
	 * Starts the server, or adopts a running one.
	 */
	public static function start(): void {
		$external = getenv( 'FAKE_PROVIDER_URL' );
		if ( $external ) {
			self::$url = rtrim( $external, '/' );
			return;
		}
		$cli = dirname( __DIR__, 2 ) . '/fake-provider/dist/cli.js';
		if ( ! is_readable( $cli ) ) {
			fwrite( STDERR, "The fake provider isn't built: run `npm run build:fake-provider`.\n" );
			exit( 1 );
		}
		$pipes = array();

		self::$process = proc_open(
			array( 'node', $cli ),
			array(
				1 => array( 'pipe', 'w' ),
				2 => array( 'file', '/dev/null', 'w' ),
			),
			$pipes,
			null,
			array_merge(
				getenv(),
				array(
					'FAKE_PROVIDER_PORT'     => '0',
					'FAKE_PROVIDER_SLOW_MS'  => '3000',
					// Streams take a few ms per word, so a client can leave in the middle of one.
					'FAKE_PROVIDER_CHUNK_MS' => '5',
				)
			)
		);

		$line = is_resource( self::$process ) ? fgets( $pipes[1] ) : false;
		if ( ! is_string( $line ) || ! preg_match( '#(http://127\.0\.0\.1:\d+)#', $line, $match ) ) {
			fwrite( STDERR, "The fake provider didn't start.\n" );
			exit( 1 );
		}
		self::$url = $match[1];
		register_shutdown_function(
			static function (): void {
				if ( is_resource( self::$process ) ) {
					proc_terminate( self::$process );
				}
			}
		);
	}

	/**
	 * Returns the base URL a provider's setting should hold to reach the fake.
	 *
	 * @param string $provider Provider id.
	 */
	public static function base_url( string $provider ): string {
		$paths = array(
			'anthropic'         => '/anthropic',
			'openai'            => '/openai/v1',
			'gemini'            => '/gemini/v1beta',
			'azure_openai'      => '/azure',
			'openai_compatible' => '/compat/v1',
		);
		return self::$url . $paths[ $provider ];
	}

	/**
	 * Returns the calls recorded since the last reset.
	 *
	 * @return list<array{provider: string, method: string, path: string, query: array<string, string>, headerNames: list<string>, keyInUrl: bool, body: mixed, stream: bool, scenario: string, completed: bool, disconnected: bool}>
	 */
	public static function calls(): array {
		$data = json_decode( (string) file_get_contents( self::$url . '/__calls' ), true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		return is_array( $data ) ? $data['calls'] : array();
	}

	/**
	 * Returns the first recorded call once the fake has seen its client go (it notices when it
	 * writes the next chunk to the closed socket), or as it is after about a second.
	 *
	 * @return array<string, mixed>
	 */
	public static function first_call_after_disconnect(): array {
		$calls = self::calls();
		for ( $i = 0; $i < 20 && isset( $calls[0] ) && ! $calls[0]['disconnected']; $i++ ) {
			usleep( 50000 );
			$calls = self::calls();
		}
		return $calls[0] ?? array();
	}

	/**
	 * Forgets the recorded calls.
	 */
	public static function reset(): void {
		$context = stream_context_create( array( 'http' => array( 'method' => 'DELETE' ) ) );
		file_get_contents( self::$url . '/__calls', false, $context ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
	}
}
