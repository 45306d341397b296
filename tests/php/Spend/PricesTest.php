<?php
/**
 * Price table and cost arithmetic.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Spend;

use ByokAi\Spend\Currency;
use ByokAi\Spend\DefaultPrices;
use ByokAi\Spend\Prices;
use ByokAi\Tests\TestCase;

/**
 * Costs from shipped and administrator prices, snapshots, cached and reasoning tokens, the
 * site currency and the filter.
 */
class PricesTest extends TestCase {

	/**
	 * Fresh services reading the options of this test.
	 */
	private function prices(): Prices {
		return new Prices( new Currency() );
	}

	/**
	 * Every default model of the plugin has a shipped price, with its source and date.
	 */
	public function test_defaults_cover_the_plugin_default_models(): void {
		$prices = $this->prices();
		foreach ( array(
			'openai'    => 'gpt-5.4-mini',
			'anthropic' => 'claude-haiku-4-5',
			'gemini'    => 'gemini-2.5-flash',
		) as $provider => $model ) {
			$this->assertNotNull( $prices->price( $provider, $model ), $model );
			$this->assertStringStartsWith( 'https://', DefaultPrices::SOURCES[ $provider ] );
		}
		$this->assertMatchesRegularExpression( '/^\d{4}-\d{2}-\d{2}$/', DefaultPrices::CHECKED );
		// The defaults' models answer the same as the adapters' default_model().
		foreach ( $this->plugin()->registry()->all() as $id => $provider ) {
			if ( isset( DefaultPrices::SOURCES[ $id ] ) ) {
				$this->assertNotNull( $prices->price( $id, $provider->default_model( array() ) ), $id );
			}
		}
	}

	/**
	 * Input, output, cached input and reasoning are each counted at their price.
	 */
	public function test_cost_of_each_kind_of_token(): void {
		$prices = $this->prices();
		// gpt-5.4-mini: 0.75 in, 0.075 cached, 4.50 out (reasoning = output) per million.
		$this->assertSame( 750, $prices->cost_micros( 'openai', 'gpt-5.4-mini', array( 'input_tokens' => 1000 ) ) );
		$this->assertSame( 4500, $prices->cost_micros( 'openai', 'gpt-5.4-mini', array( 'output_tokens' => 1000 ) ) );
		// 1,000 input of which 600 cached: 400 × 0.75 + 600 × 0.075 = 300 + 45.
		$this->assertSame(
			345,
			$prices->cost_micros(
				'openai',
				'gpt-5.4-mini',
				array(
					'input_tokens'        => 1000,
					'cached_input_tokens' => 600,
				)
			)
		);
		// Reasoning at its own price when the administrator sets one: 200 × 4.50 + 800 × 10.
		update_option(
			Prices::OPTION,
			array(
				'openai' => array(
					'gpt-5.4-mini' => array(
						'input'     => 0.75,
						'output'    => 4.5,
						'reasoning' => 10,
					),
				),
			)
		);
		$usage = array(
			'output_tokens'    => 1000,
			'reasoning_tokens' => 800,
		);
		$this->assertSame( 900 + 8000, $this->prices()->cost_micros( 'openai', 'gpt-5.4-mini', $usage ) );
		// Cached input left empty falls back to the input price.
		$this->assertSame( 750, $this->prices()->cost_micros( 'openai', 'gpt-5.4-mini', array( 'input_tokens' => 1000, 'cached_input_tokens' => 1000 ) ) ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound
	}

	/**
	 * Parts larger than their whole can't make a call cheaper; fractions of a micro round up.
	 */
	public function test_parts_are_capped_and_rounding_is_up(): void {
		$prices = $this->prices();
		$this->assertSame(
			8,
			$prices->cost_micros(
				'openai',
				'gpt-5.4-mini',
				array(
					'input_tokens'        => 100,
					'cached_input_tokens' => 5000,
				)
			),
			'100 cached tokens at 0.075 = 7.5 micros, rounded up; the other 4,900 are not counted'
		);
		$this->assertSame( 1, $prices->cost_micros( 'gemini', 'gemini-2.5-flash', array( 'input_tokens' => 1 ) ) );
		$this->assertSame( 0, $prices->cost_micros( 'gemini', 'gemini-2.5-flash', array() ) );
		$this->assertSame( 0, $prices->cost_micros( 'gemini', 'gemini-2.5-flash', array( 'input_tokens' => -50 ) ) );
	}

	/**
	 * Snapshots have their base model's price; unknown models and unpriced providers have none.
	 */
	public function test_snapshots_and_unknown_models(): void {
		$prices = $this->prices();
		$base   = $prices->price( 'anthropic', 'claude-haiku-4-5' );
		$this->assertNotNull( $base );
		$this->assertSame( $base, $prices->price( 'anthropic', 'claude-haiku-4-5-20251001' ) );
		$this->assertSame( $prices->price( 'openai', 'gpt-5.4-mini' ), $prices->price( 'openai', 'gpt-5.4-mini-2026-03-17' ) );
		$this->assertSame( $prices->price( 'openai', 'gpt-4o' ), $prices->price( 'openai', 'GPT-4o-2024-08-06' ) );
		$this->assertSame( $prices->price( 'gemini', 'gemini-2.0-flash' ), $prices->price( 'gemini', 'models/gemini-2.0-flash-001' ) );
		// A snapshot is not a different model: gpt-5.4 is not gpt-5.4-mini.
		$this->assertNotSame( $prices->price( 'openai', 'gpt-5.4' ), $prices->price( 'openai', 'gpt-5.4-mini' ) );
		$this->assertNull( $prices->price( 'openai', 'gpt-9-ultra' ) );
		$this->assertNull( $prices->cost_micros( 'openai', 'gpt-9-ultra', array( 'input_tokens' => 10 ) ) );
		$this->assertNull( $prices->cost_micros( 'anthropic', 'gpt-5.4-mini', array( 'input_tokens' => 10 ) ), 'prices are per provider' );
		$this->assertNull( $prices->cost_micros( 'azure_openai', 'gpt-4o-mini', array( 'input_tokens' => 10 ) ), 'Azure deployments are unknown until priced' );
		$this->assertNull( $prices->cost_micros( 'openai_compatible', 'llama3.2', array( 'input_tokens' => 10 ) ) );
	}

	/**
	 * The administrator prices a deployment, or every model of a local server at 0.
	 */
	public function test_administrator_prices(): void {
		$saved = $this->prices()->save(
			array(
				'azure_openai'      => array(
					'my-gpt4o-deployment' => array(
						'input'        => 2.5,
						'output'       => 10,
						'cached_input' => null,
					),
				),
				'openai_compatible' => array(
					'*' => array(
						'input'  => 0,
						'output' => 0,
					),
				),
			),
			$this->plugin()->registry()->ids()
		);
		$this->assertTrue( $saved );
		$prices = $this->prices();
		$this->assertSame( 2500 + 10000, $prices->cost_micros( 'azure_openai', 'my-gpt4o-deployment', array( 'input_tokens' => 1000, 'output_tokens' => 1000 ) ) ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound
		$this->assertSame( 0, $prices->cost_micros( 'openai_compatible', 'llama3.2', array( 'input_tokens' => 100000 ) ) );
		$this->assertNull( $prices->cost_micros( 'azure_openai', 'other', array( 'input_tokens' => 1 ) ) );
		// Not autoloaded: only calls and the settings page read it.
		$this->assertArrayNotHasKey( Prices::OPTION, wp_load_alloptions() );
	}

	/**
	 * Bad prices are refused with the field named, and nothing is stored.
	 */
	public function test_invalid_prices_are_refused(): void {
		$ids = $this->plugin()->registry()->ids();
		foreach ( array(
			array( 'openai' => array( 'gpt-4o' => array( 'input' => -1, 'output' => 1 ) ) ), // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound
			array( 'openai' => array( 'gpt-4o' => array( 'input' => 1 ) ) ),
			array( 'openai' => array( 'gpt-4o' => array( 'input' => 1, 'output' => 1, 'extra' => 1 ) ) ), // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound
			array( 'openai' => array( 'bad name!' => array( 'input' => 1, 'output' => 1 ) ) ), // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound
			array( 'nope' => array() ),
			array( 'openai' => array( 'gpt-4o' => array( 'input' => 1e9, 'output' => 1 ) ) ), // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound
		) as $bad ) {
			$this->assertInstanceOf( \WP_Error::class, $this->prices()->save( $bad, $ids ), (string) wp_json_encode( $bad ) );
		}
		$this->assertFalse( get_option( Prices::OPTION ) );
	}

	/**
	 * A site in another currency: shipped dollar prices × the rate, own prices as entered; no
	 * rate leaves shipped prices unused rather than wrong.
	 */
	public function test_site_currency(): void {
		$currency = new Currency();
		$this->assertTrue(
			$currency->save(
				array(
					'code'     => 'EUR',
					'symbol'   => '€',
					'usd_rate' => 0.9,
				)
			)
		);
		$prices = new Prices( $currency );
		// 1,000 input tokens of gpt-5.4-mini: 750 US micro-dollars × 0.9.
		$this->assertSame( 675, $prices->cost_micros( 'openai', 'gpt-5.4-mini', array( 'input_tokens' => 1000 ) ) );
		$this->assertSame( '€1.50', $currency->format( 1500000 ) );
		$this->assertTrue( $currency->save( array( 'usd_rate' => 0 ) ) );
		update_option( Prices::OPTION, array( 'openai' => array( 'gpt-4o' => array( 'input' => 2, 'output' => 8 ) ) ) ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound
		$prices = new Prices( $currency );
		$this->assertNull( $prices->cost_micros( 'openai', 'gpt-5.4-mini', array( 'input_tokens' => 1000 ) ) );
		$this->assertSame( 2000, $prices->cost_micros( 'openai', 'gpt-4o', array( 'input_tokens' => 1000 ) ), 'own prices are in the site currency' );
		$this->assertInstanceOf( \WP_Error::class, $currency->save( array( 'code' => 'euro' ) ) );
		$this->assertArrayNotHasKey( Currency::OPTION, wp_load_alloptions() );
	}

	/**
	 * The byok_ai_prices filter can add, change or remove prices.
	 */
	public function test_filter(): void {
		$filter = static function ( array $table ): array {
			$table['openai_compatible']['mistral'] = array(
				'input'  => 1,
				'output' => 3,
			);
			unset( $table['openai']['gpt-4o'] );
			return $table;
		};
		add_filter( 'byok_ai_prices', $filter );
		try {
			$prices = $this->prices();
			$this->assertSame( 3000, $prices->cost_micros( 'openai_compatible', 'mistral', array( 'output_tokens' => 1000 ) ) );
			$this->assertNull( $prices->price( 'openai', 'gpt-4o' ) );
		} finally {
			remove_filter( 'byok_ai_prices', $filter );
		}
	}

	/**
	 * The worst case: all input uncached, all output at the dearer of output and reasoning.
	 */
	public function test_worst_case(): void {
		$prices = $this->prices();
		$this->assertSame( 750 + 4500, $prices->worst_case_micros( 'openai', 'gpt-5.4-mini', 1000, 1000 ) );
		$this->assertNull( $prices->worst_case_micros( 'azure_openai', 'x', 1000, 1000 ) );
		$this->assertGreaterThanOrEqual( 100, Prices::estimate_tokens( str_repeat( 'word ', 40 ) ) );
	}
}
