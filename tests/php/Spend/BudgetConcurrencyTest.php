<?php
/**
 * Budgets under many parallel requests, in real parallel PHP processes on the real database.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Spend;

use ByokAi\Spend\Alerts;
use ByokAi\Spend\BudgetRules;
use ByokAi\Spend\Ledger;
use ByokAi\Spend\Period;
use ByokAi\Tests\TestCase;

/**
 * Twelve processes, each with its own database connection, reserve and settle at once against
 * one cap: exactly the cap is spent, never more, and each alert goes out once.
 */
class BudgetConcurrencyTest extends TestCase {

	/**
	 * A cap of 10,000 micros and 36 calls of 1,000 each: exactly ten get through, the rest are
	 * refused with the budget error, the counter holds exactly the cap, and the 80 % and 100 %
	 * alerts are each sent by exactly one process.
	 */
	public function test_exactly_the_cap_is_spent(): void {
		$results = $this->run_workers( 12, 3, 1000, 1000, array( 'overall' => array( 'day' => 0.01 ) ) );
		$taken   = array_sum( array_column( $results['workers'], 'taken' ) );
		$this->assertSame( 10, $taken );
		$this->assertSame( 10000, $results['spent'] );
		$refused = array_merge( ...array_column( $results['workers'], 'refused' ) );
		$this->assertCount( 26, $refused );
		$this->assertSame( array( 'byok_ai_budget_exceeded:429' ), array_values( array_unique( $refused ) ) );
		$mails = array_merge( ...array_column( $results['workers'], 'mails' ) );
		$this->assertCount( 2, $mails, implode( "\n", $mails ) );
		$this->assertCount( 1, preg_grep( '/80 % used/', $mails ) );
		$this->assertCount( 1, preg_grep( '/has been reached/', $mails ) );
	}

	/**
	 * The same race over three caps held in one statement each (overall, the provider, the
	 * visitors), the provider's the smallest: exactly its cap is spent on every counter, and the
	 * holds refused by it are given back by the caps before it.
	 */
	public function test_exactly_the_smallest_of_several_caps_is_spent(): void {
		$results = $this->run_workers(
			12,
			3,
			1000,
			1000,
			array(
				'overall'   => array( 'day' => 1 ),
				'providers' => array( 'openai' => array( 'day' => 0.01 ) ),
				'visitors'  => array( 'day' => 1 ),
			)
		);
		$taken   = array_sum( array_column( $results['workers'], 'taken' ) );
		$this->assertSame( 10, $taken );
		$this->assertSame( 10000, $results['spent'], 'overall: the ten that passed, the refused given back' );
		$this->assertCount( 26, array_merge( ...array_column( $results['workers'], 'refused' ) ) );
		$day = Period::id( Period::DAY, time() );
		$this->assertSame( 10000, $results['ledger'][ 'provider:openai@' . $day ] ?? 0 );
		$this->assertSame( 10000, $results['ledger'][ 'visitors@' . $day ] ?? 0 );
	}

	/**
	 * Calls that hold more than they cost (a worst case of 1,500, a real cost of 1,000): holds
	 * never take the counter past the cap, so spending stays within it, and every call that got
	 * through is counted at its real cost.
	 */
	public function test_holds_above_the_cost_never_overspend(): void {
		$results = $this->run_workers( 8, 4, 1500, 1000, array( 'overall' => array( 'day' => 0.01 ) ) );
		$taken   = array_sum( array_column( $results['workers'], 'taken' ) );
		$this->assertGreaterThanOrEqual( 6, $taken, 'at least what fits while every hold is outstanding' );
		$this->assertLessThanOrEqual( 10, $taken );
		$this->assertSame( 1000 * $taken, $results['spent'] );
	}

	/**
	 * Starts the workers with the budgets committed (they can't see a test's transaction),
	 * lets them go together, and returns what each got and what the counter holds; everything
	 * committed is removed afterwards.
	 *
	 * @param int                  $workers  Processes.
	 * @param int                  $attempts Calls per process.
	 * @param int                  $hold     Micros reserved per call.
	 * @param int                  $cost     Micros settled per call.
	 * @param array<string, mixed> $budgets  Caps.
	 * @return array{workers: list<array{taken: int, refused: list<string>, mails: list<string>}>, spent: int, ledger: array<string, int>}
	 */
	private function run_workers( int $workers, int $attempts, int $hold, int $cost, array $budgets ): array {
		global $wpdb;
		$ledger = new Ledger();
		// Out of the test's transaction (what set_up wrote is dropped, not committed): no lock or
		// snapshot of this process stands in the workers' way, and only the budgets are committed.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		wp_cache_flush();
		update_option( BudgetRules::OPTION, $budgets, false );
		$barrier   = trailingslashit( get_temp_dir() ) . 'byok-ai-spend-' . wp_generate_password( 12, false );
		$processes = array();
		$results   = array();
		try {
			$this->assertTrue( wp_mkdir_p( $barrier ) );
			for ( $i = 0; $i < $workers; $i++ ) {
				$args    = array( PHP_BINARY, __DIR__ . '/spend-worker.php', $barrier, (string) $attempts, (string) $hold, (string) $cost );
				$pipes   = array();
				$process = proc_open( implode( ' ', array_map( 'escapeshellarg', $args ) ), array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound
				$this->assertIsResource( $process );
				$processes[] = array( $process, $pipes );
			}
			$this->release_when_ready( $barrier, $workers );
			foreach ( $processes as $index => $entry ) {
				$output = (string) stream_get_contents( $entry[1][1] ) . (string) stream_get_contents( $entry[1][2] );
				proc_close( $entry[0] );
				unset( $processes[ $index ] );
				$result = preg_match( '/^RESULT (.+)$/m', $output, $match ) ? json_decode( $match[1], true ) : null;
				$this->assertIsArray( $result, $output );
				$this->assertSame( array(), $result['errors'], 'PHP raised from the plugin’s files in a worker.' );
				$results[] = $result;
			}
			$bucket = 'overall@' . Period::id( Period::DAY, time() );
			return array(
				'workers' => $results,
				'spent'   => $ledger->read( array( $bucket ) )[ $bucket ]['amount'] ?? 0,
				'ledger'  => array_map( 'intval', array_column( (array) $wpdb->get_results( 'SELECT bucket, amount FROM ' . $ledger->table(), ARRAY_A ), 'amount', 'bucket' ) ), // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
			);
		} finally {
			touch( $barrier . '/go' );
			foreach ( $processes as $entry ) {
				proc_terminate( $entry[0], 9 );
				proc_close( $entry[0] );
			}
			array_map( 'unlink', (array) glob( $barrier . '/*' ) );
			rmdir( $barrier );
			delete_option( BudgetRules::OPTION );
			delete_option( Alerts::HINT_OPTION );
			$wpdb->query( 'DELETE FROM ' . $ledger->table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
			$wpdb->query( 'SET autocommit = 0' );
			$wpdb->query( 'START TRANSACTION' );
		}
	}
}
