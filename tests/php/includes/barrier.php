<?php
/**
 * The workers' side of the barrier the concurrency tests use (TestCase::release_when_ready()).
 *
 * @package ByokAi
 */

/**
 * Says this process is ready, then waits (bounded) until the test lets every worker go.
 *
 * @param string $dir The barrier's directory.
 */
function byok_ai_test_barrier( string $dir ): void {
	touch( $dir . '/ready-' . getmypid() );
	$deadline = microtime( true ) + 150;
	while ( ! file_exists( $dir . '/go' ) && microtime( true ) < $deadline ) {
		usleep( 2000 );
	}
}
