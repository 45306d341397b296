<?php
/**
 * Budgets, prices and counters for tests that go through the chat engine.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Spend;

use ByokAi\Spend\Services;

/**
 * For TestCase subclasses: the engine's spend services, caps saved through them, every model
 * priced by a filter, and what a counter holds today.
 */
trait SpendHelpers {

	/**
	 * The engine's spend services.
	 */
	protected function spend(): Services {
		return $this->plugin()->chat()->spend();
	}

	/**
	 * Sets the budgets.
	 *
	 * @param array<string, mixed> $rules Budgets (site currency).
	 */
	protected function budgets( array $rules ): void {
		$this->assertTrue( $this->spend()->rules->save( $rules, $this->plugin()->registry()->ids(), array_keys( wp_roles()->roles ) ) );
	}

	/**
	 * Prices every model of every provider (site currency per million tokens) until
	 * unprice() (call it in tear_down).
	 *
	 * @param float $input  Input price.
	 * @param float $output Output price.
	 */
	protected function price( float $input, float $output ): void {
		remove_all_filters( 'byok_ai_prices' );
		$ids = $this->plugin()->registry()->ids();
		add_filter(
			'byok_ai_prices',
			static function () use ( $ids, $input, $output ): array {
				$price = array(
					'*' => array(
						'input'  => $input,
						'output' => $output,
					),
				);
				return array_fill_keys( $ids, $price );
			}
		);
		$this->spend()->prices->flush();
	}

	/**
	 * Removes the prices of price().
	 */
	protected function unprice(): void {
		remove_all_filters( 'byok_ai_prices' );
		$this->spend()->prices->flush();
	}

	/**
	 * What a counter holds today (micros, or tokens for 'tokens').
	 *
	 * @param string $counter Counter.
	 */
	protected function spent( string $counter ): int {
		foreach ( $this->spend()->budget->current( $this->plugin()->registry()->ids() ) as $row ) {
			if ( $counter === $row['counter'] && 'day' === $row['period'] ) {
				return $row['spent'];
			}
		}
		$this->fail( "No cap on {$counter}." );
	}
}
