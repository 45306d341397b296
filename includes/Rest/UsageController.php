<?php
/**
 * GET byok-ai/v1/usage and GET byok-ai/v1/usage/export (CSV).
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Providers\Registry;
use ByokAi\Spend\Services;
use ByokAi\Usage\UsageCsv;
use ByokAi\Usage\UsageLog;
use ByokAi\Usage\UsageReport;
use WP_HTTP_Response;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The usage figures the administrator sees on Settings → BYOK AI → Usage: today's and the last
 * 30 days' totals per provider, and the dashboard's report for 30 or 90 days.
 *
 * @phpstan-type Budget array{counter: string, period: string, unit: string, spent: int, limit: int}
 */
class UsageController extends RestController {

	public const EXPORT_ROUTE = '/' . self::NAMESPACE . '/usage/export';

	private UsageLog $usage;

	private UsageReport $report;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry $registry Providers.
	 * @param UsageLog $usage    Usage records.
	 */
	public function __construct( Registry $registry, UsageLog $usage ) {
		parent::__construct( $registry );
		$this->rest_base = 'usage';
		$this->usage     = $usage;
		$this->report    = new UsageReport( $usage );
	}

	/**
	 * Registers the routes, and the filter that sends the export as CSV.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/usage',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_usage' ),
					'permission_callback' => array( $this, 'can_manage' ),
					'args'                => $this->period_args(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/usage/export',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'export' ),
				'permission_callback' => array( $this, 'can_manage' ),
				'args'                => $this->period_args(),
			)
		);
		add_filter( 'rest_pre_serve_request', array( self::class, 'serve_csv' ), 10, 4 );
	}

	/**
	 * Returns the totals and the dashboard's report.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_usage( WP_REST_Request $request ): WP_REST_Response {
		$days = (int) ( $request['days'] ?? UsageReport::PERIODS[0] );
		return new WP_REST_Response(
			$this->usage->summary() + $this->report->report( $days ) + array(
				'currency' => $this->currency(),
				'budgets'  => $this->budgets(),
			)
		);
	}

	/**
	 * Returns the report's daily rows as a CSV download.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function export( WP_REST_Request $request ): WP_REST_Response {
		$report   = $this->report->report( (int) ( $request['days'] ?? UsageReport::PERIODS[0] ) );
		$response = new WP_REST_Response( UsageCsv::from_report( $report ) );
		$response->header( 'Content-Type', 'text/csv; charset=utf-8' );
		$response->header( 'Content-Disposition', 'attachment; filename="' . UsageCsv::filename( $report ) . '"' );
		$response->header( 'X-Content-Type-Options', 'nosniff' );
		return $response;
	}

	/**
	 * Sends the export's CSV text as is instead of JSON (rest_pre_serve_request; the headers are
	 * already out).
	 *
	 * @param bool                   $served  Whether the request was served already.
	 * @param WP_HTTP_Response|mixed $result  Result.
	 * @param WP_REST_Request|mixed  $request Request.
	 */
	public static function serve_csv( $served, $result, $request = null ): bool {
		if ( $served || ! $result instanceof WP_HTTP_Response || ! $request instanceof WP_REST_Request ) {
			return (bool) $served;
		}
		$data = $result->get_data();
		if ( self::EXPORT_ROUTE !== $request->get_route() || 200 !== $result->get_status() || ! is_string( $data ) ) {
			return false;
		}
		echo $data; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- text/csv (nosniff) with formula-safe cells, not HTML.
		return true;
	}

	/**
	 * The response's schema (UsageSchema).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		if ( ! $this->schema ) {
			$this->schema = UsageSchema::usage();
		}
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * The period argument, from the schema's `days`.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function period_args(): array {
		$schema = $this->get_item_schema();
		return array(
			'days' => array(
				'default' => UsageReport::PERIODS[0],
			) + $schema['properties']['days'],
		);
	}

	/**
	 * The site currency (Spend\Currency when present; US dollars otherwise).
	 *
	 * @return array{code: string, symbol: string, decimals: int}
	 */
	private function currency(): array {
		if ( class_exists( \ByokAi\Spend\Currency::class ) ) {
			$currency = ( new \ByokAi\Spend\Currency() )->get();
			return array(
				'code'     => $currency['code'],
				'symbol'   => $currency['symbol'],
				'decimals' => $currency['decimals'],
			);
		}
		return array(
			'code'     => 'USD',
			'symbol'   => '$',
			'decimals' => 2,
		);
	}

	/**
	 * The budget bars: each cap of the current day and month (Spend\Budget) and what it spent.
	 *
	 * @return list<Budget>
	 */
	private function budgets(): array {
		$budgets = array();
		if ( class_exists( Services::class ) ) {
			foreach ( ( new Services( $this->registry ) )->budget->current( $this->registry->ids() ) as $row ) {
				$budgets[] = array(
					'counter' => $row['counter'],
					'period'  => $row['period'],
					'unit'    => 'tokens' === $row['unit'] ? 'tokens' : 'micros',
					'spent'   => $row['spent'],
					'limit'   => $row['cap'],
				);
			}
		}
		/**
		 * Filters the budget bars the usage dashboard shows.
		 *
		 * @since 0.2.0
		 *
		 * @param list<array{counter: string, period: string, unit: string, spent: int, limit: int}> $budgets The caps set.
		 */
		$budgets = apply_filters( 'byok_ai_usage_budgets', $budgets );
		return is_array( $budgets ) ? array_values(
			array_filter(
				$budgets,
				static function ( $budget ): bool {
					return is_array( $budget ) && isset( $budget['counter'], $budget['period'], $budget['unit'], $budget['spent'], $budget['limit'] );
				}
			)
		) : array();
	}
}
