<?php
/**
 * GET/PUT byok-ai/v1/spend.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Rest;

use ByokAi\Spend\BudgetRules;
use ByokAi\Spend\Currency;
use ByokAi\Spend\Prices;
use ByokAi\Tests\TestCase;

/**
 * Administrators only; the currency, prices and budgets saved through their schema; the
 * current figures per cap; OPTIONS gives the bounds.
 */
class SpendControllerTest extends TestCase {

	/**
	 * Logged out: 401; logged in without manage_options: 403; nothing saved.
	 */
	public function test_administrators_only(): void {
		$body = array( 'budgets' => array( 'overall' => array( 'day' => 5 ) ) );
		foreach ( array(
			'anonymous' => 401,
			'author'    => 403,
			'editor'    => 403,
		) as $role => $status ) {
			$this->act_as( $role );
			$this->assertSame( $status, $this->rest( 'GET', '/byok-ai/v1/spend' )->get_status(), $role );
			$this->assertSame( $status, $this->rest( 'PUT', '/byok-ai/v1/spend', $body )->get_status(), $role );
		}
		$this->assertFalse( get_option( BudgetRules::OPTION ) );
	}

	/**
	 * The administrator reads defaults and saves currency, prices and budgets; the current
	 * figures list each cap.
	 */
	public function test_read_and_save(): void {
		$this->act_as( 'administrator' );
		$data = $this->rest( 'GET', '/byok-ai/v1/spend' )->get_data();
		$this->assertSame( 'USD', $data['currency']['code'] );
		$this->assertArrayHasKey( 'gpt-5.4-mini', $data['defaults']['models']['openai'] );
		$this->assertSame( array(), $data['current'] );
		$response = $this->rest(
			'PUT',
			'/byok-ai/v1/spend',
			array(
				'currency' => array(
					'code'     => 'EUR',
					'symbol'   => '€',
					'usd_rate' => 0.92,
				),
				'prices'   => array(
					'openai_compatible' => array(
						'*' => array(
							'input'  => 0,
							'output' => 0,
						),
					),
				),
				'budgets'  => array(
					'overall'   => array(
						'day'   => 5,
						'month' => 100,
					),
					'providers' => array( 'openai' => array( 'month' => 50 ) ),
					'roles'     => array( 'editor' => array( 'day' => 1.5 ) ),
					'tokens'    => array( 'day' => 200000 ),
				),
			)
		);
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( 'EUR', $data['currency']['code'] );
		$this->assertSame( 0.92, get_option( Currency::OPTION )['usd_rate'] );
		$this->assertSame( 0, ( new Prices( new Currency() ) )->cost_micros( 'openai_compatible', 'llama3', array( 'input_tokens' => 9 ) ) );
		$current = array();
		foreach ( $data['current'] as $row ) {
			$current[ $row['counter'] . '/' . $row['period'] ] = array( $row['spent'], $row['cap'], $row['unit'] );
		}
		$this->assertSame( array( 0, 5000000, 'micros' ), $current['overall/day'] );
		$this->assertSame( array( 0, 50000000, 'micros' ), $current['provider:openai/month'] );
		$this->assertSame( array( 0, 200000, 'tokens' ), $current['tokens/day'] );
		$this->assertCount( 4, $current );
		// A field left out keeps its value.
		$this->assertSame( 200, $this->rest( 'PUT', '/byok-ai/v1/spend', array( 'currency' => array( 'decimals' => 3 ) ) )->get_status() );
		$this->assertSame( 'EUR', get_option( Currency::OPTION )['code'] );
		$this->assertSame( 5.0, get_option( BudgetRules::OPTION )['overall']['day'] );
	}

	/**
	 * Bad values and unknown fields are refused with 400, and nothing is saved.
	 */
	public function test_bad_input(): void {
		$this->act_as( 'administrator' );
		foreach ( array(
			array( 'budgets' => array( 'overall' => array( 'day' => -1 ) ) ),
			array( 'budgets' => array( 'overall' => array( 'week' => 1 ) ) ),
			array( 'budgets' => array( 'providers' => array( 'nope' => array( 'day' => 1 ) ) ) ),
			array( 'budgets' => array( 'roles' => array( 'no_such_role' => array( 'day' => 1 ) ) ) ),
			array( 'budgets' => 'all of it' ),
			array(
				'budgets'  => array( 'overall' => array( 'day' => 1 ) ),
				'currency' => array( 'code' => 'dollars' ),
			),
			array( 'prices' => array( 'openai' => array( 'gpt-4o' => array( 'input' => 'cheap' ) ) ) ),
			array( 'surprise' => true ),
		) as $body ) {
			$response = $this->rest( 'PUT', '/byok-ai/v1/spend', $body );
			$this->assertSame( 400, $response->get_status(), (string) wp_json_encode( $body ) );
		}
		$this->assertFalse( get_option( BudgetRules::OPTION ) );
		$this->assertFalse( get_option( Currency::OPTION ) );
		$this->assertFalse( get_option( Prices::OPTION ) );
	}

	/**
	 * OPTIONS returns the schema with its bounds, for the settings app.
	 */
	public function test_options_returns_the_schema(): void {
		$this->act_as( 'administrator' );
		$schema = $this->rest( 'OPTIONS', '/byok-ai/v1/spend' )->get_data()['schema'];
		$this->assertSame( 0, $schema['properties']['budgets']['properties']['overall']['properties']['day']['minimum'] );
		$this->assertSame( '^[A-Z]{3}$', $schema['properties']['currency']['properties']['code']['pattern'] );
		$this->assertFalse( $schema['properties']['budgets']['additionalProperties'] );
		$this->assertTrue( $schema['properties']['current']['readonly'] );
	}
}
