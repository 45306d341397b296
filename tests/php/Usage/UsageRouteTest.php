<?php
/**
 * GET byok-ai/v1/usage and its CSV export.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Usage;

use ByokAi\Rest\UsageController;
use ByokAi\Spend\BudgetRules;
use ByokAi\Tests\TestCase;
use WP_REST_Request;
use WP_REST_Response;

/**
 * Permissions, the schema (days 30 or 90), the report and the export.
 */
class UsageRouteTest extends TestCase {

	use UsageRows;

	/**
	 * Removes the budget filters a test added.
	 */
	protected function tear_down(): void {
		remove_all_filters( 'byok_ai_usage_budgets' );
		parent::tear_down();
	}

	/**
	 * A GET with query parameters.
	 *
	 * @param string               $route Route.
	 * @param array<string, mixed> $query Query.
	 */
	private function get( string $route, array $query = array() ): WP_REST_Response {
		$request = new WP_REST_Request( 'GET', $route );
		$request->set_query_params( $query );
		return rest_do_request( $request );
	}

	/**
	 * Role → status.
	 *
	 * @return array<string, array{0: string, 1: int}>
	 */
	public function roles(): array {
		return array(
			'anonymous'     => array( 'anonymous', 401 ),
			'editor'        => array( 'editor', 403 ),
			'administrator' => array( 'administrator', 200 ),
		);
	}

	/**
	 * Only administrators see usage or export it.
	 *
	 * @dataProvider roles
	 *
	 * @param string $role   Role.
	 * @param int    $status Expected status.
	 */
	public function test_only_administrators( string $role, int $status ): void {
		$this->act_as( $role );
		$this->assertSame( $status, $this->get( '/byok-ai/v1/usage' )->get_status() );
		$this->assertSame( $status, $this->get( '/byok-ai/v1/usage/export' )->get_status() );
	}

	/**
	 * The period is 30 (default) or 90 days; anything else is refused by the schema.
	 */
	public function test_days_is_30_or_90(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( 30, $this->get( '/byok-ai/v1/usage' )->get_data()['days'] );
		$this->assertCount( 90, $this->get( '/byok-ai/v1/usage', array( 'days' => '90' ) )->get_data()['dates'] );
		foreach ( array( '7', '365', 'all' ) as $days ) {
			$response = $this->get( '/byok-ai/v1/usage', array( 'days' => $days ) );
			$this->assertSame( 400, $response->get_status(), $days );
			$this->assertSame( 'rest_invalid_param', $this->error_code( $response ) );
			$this->assertSame( 400, $this->get( '/byok-ai/v1/usage/export', array( 'days' => $days ) )->get_status() );
		}
	}

	/**
	 * OPTIONS returns the schema, and the response matches it.
	 */
	public function test_the_response_matches_the_declared_schema(): void {
		$this->act_as( 'administrator' );
		$this->usage_row(
			gmdate( 'Y-m-d H:i:s', time() - 60 ),
			array(
				'cost_micros' => 10,
				'cause'       => 'visitor:5',
				'outcome'     => 'byok_ai_timeout',
			)
		);
		$this->usage_row( gmdate( 'Y-m-d H:i:s', time() - 60 ), array( 'cause' => 'wp-ai-client:plugin:x' ) );
		add_filter(
			'byok_ai_usage_budgets',
			static function (): array {
				return array(
					array(
						'counter' => 'plugin:x',
						'period'  => 'month',
						'unit'    => 'micros',
						'spent'   => 800,
						'limit'   => 1000,
					),
					array( 'counter' => 'incomplete' ),
				);
			}
		);

		$schema = $this->rest( 'OPTIONS', '/byok-ai/v1/usage' )->get_data()['schema'];
		$this->assertSame( array( 30, 90 ), $schema['properties']['days']['enum'] );
		$this->assertFalse( $schema['additionalProperties'] );

		$data = $this->get( '/byok-ai/v1/usage' )->get_data();
		$this->assertTrue( rest_validate_value_from_schema( $data, $schema, 'usage' ) );
		$this->assertSame( array( 'today', 'last_30_days', 'days', 'timezone', 'dates', 'daily', 'causes', 'top_posts', 'errors', 'currency', 'budgets' ), array_keys( $data ) );
		$this->assertCount( 2, $data['daily'] );
		$this->assertSame( array( 'byok_ai_timeout' ), array_column( $data['errors'], 'outcome' ) );
		$this->assertSame( array( 'plugin:x' ), array_column( $data['budgets'], 'counter' ) );
		$this->assertSame( 2, $data['today'][0]['requests'] );
	}

	/**
	 * A cap set under spend control shows as a bar: what the month allows and what it spent.
	 */
	public function test_budgets_come_from_spend_control(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( array(), $this->get( '/byok-ai/v1/usage' )->get_data()['budgets'] );

		$rules = new BudgetRules();
		$this->assertTrue( $rules->save( array( 'overall' => array( 'month' => 10 ) ), $this->plugin()->registry()->ids(), array( 'administrator' ) ) );
		$cap = $rules->cap( 'overall', 'month' );
		$this->assertIsInt( $cap );
		$this->assertGreaterThan( 0, $cap );

		$this->assertSame(
			array(
				array(
					'counter' => 'overall',
					'period'  => 'month',
					'unit'    => 'micros',
					'spent'   => 0,
					'limit'   => $cap,
				),
			),
			$this->get( '/byok-ai/v1/usage' )->get_data()['budgets']
		);
	}

	/**
	 * The export: CSV with a file name, sent as is by the REST server.
	 */
	public function test_the_export_is_a_csv_download(): void {
		$this->act_as( 'administrator' );
		$this->usage_row( gmdate( 'Y-m-d H:i:s', time() - 60 ), array( 'provider' => '@evil' ) );

		$response = $this->get( '/byok-ai/v1/usage/export', array( 'days' => 90 ) );

		$this->assertSame( 200, $response->get_status() );
		$headers = $response->get_headers();
		$this->assertSame( 'text/csv; charset=utf-8', $headers['Content-Type'] );
		$this->assertMatchesRegularExpression( '/^attachment; filename="byok-ai-usage-\d{4}-\d{2}-\d{2}-90d\.csv"$/', $headers['Content-Disposition'] );
		$csv = $response->get_data();
		$this->assertIsString( $csv );
		$this->assertStringStartsWith( 'date,provider,cause,', $csv );
		$this->assertStringContainsString( ",'@evil,plugin,1,0,10,5,0,0,,1\r\n", $csv );

		// The server echoes the text instead of JSON-encoding it; other routes are left alone.
		$request = new WP_REST_Request( 'GET', UsageController::EXPORT_ROUTE );
		ob_start();
		$served = UsageController::serve_csv( false, $response, $request );
		$this->assertTrue( $served );
		$this->assertSame( $csv, ob_get_clean() );
		$this->assertFalse( UsageController::serve_csv( false, $response, new WP_REST_Request( 'GET', '/byok-ai/v1/usage' ) ) );
		$this->assertTrue( UsageController::serve_csv( true, $response, $request ) );
	}
}
