<?php
/**
 * Reserving and settling against the budgets, periods and alerts, in one process.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Spend;

use ByokAi\Spend\Alerts;
use ByokAi\Spend\Budget;
use ByokAi\Spend\BudgetRules;
use ByokAi\Spend\Reservation;
use ByokAi\Spend\Scope;
use ByokAi\Spend\Services;
use ByokAi\Tests\TestCase;
use WP_Error;

/**
 * Caps per scope, the hold replaced by the real cost, rollover at the site's midnight, the
 * alerts at 80 % and 100 %. The parallel case is in BudgetConcurrencyTest.
 */
class BudgetTest extends TestCase {

	/**
	 * Mails sent during the test.
	 *
	 * @var list<array<string, mixed>>
	 */
	private array $mails = array();

	/**
	 * Captures mail.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->mails = array();
		add_filter( 'pre_wp_mail', array( $this, 'capture_mail' ), 10, 2 );
	}

	/**
	 * Stops capturing and restores the time zone.
	 */
	protected function tear_down(): void {
		remove_filter( 'pre_wp_mail', array( $this, 'capture_mail' ) );
		parent::tear_down();
	}

	/**
	 * Records a mail instead of sending it.
	 *
	 * @param mixed                $short_circuit Previous value.
	 * @param array<string, mixed> $atts          Mail.
	 */
	public function capture_mail( $short_circuit, array $atts ): bool {
		$this->mails[] = $atts;
		return true;
	}

	/**
	 * Fresh services with these caps.
	 *
	 * @param array<string, mixed> $rules Budgets.
	 */
	private function spend( array $rules ): Services {
		$spend = new Services( $this->plugin()->registry() );
		$this->assertTrue( $spend->rules->save( $rules, $this->plugin()->registry()->ids(), array_keys( wp_roles()->roles ) ) );
		return $spend;
	}

	/**
	 * A hold within the cap passes; one beyond what is left is refused with the budget error;
	 * settling replaces the hold with the real cost.
	 */
	public function test_reserve_and_settle_within_the_overall_cap(): void {
		$spend = $this->spend( array( 'overall' => array( 'day' => 0.01 ) ) ); // 10,000 micros.
		$this->act_as( 'author' );
		$scope = Scope::user( 'openai', wp_get_current_user() );
		$first = $spend->budget->reserve( $scope, 6000, 0 );
		$this->assertInstanceOf( Reservation::class, $first );
		$second = $spend->budget->reserve( $scope, 6000, 0 );
		$this->assertInstanceOf( WP_Error::class, $second );
		$this->assertSame( Budget::ERROR, $second->get_error_code() );
		$this->assertSame( 429, $second->get_error_data()['status'] );
		$this->assertGreaterThan( 0, $second->get_error_data()['retry_after'] );
		$this->assertStringContainsString( 'daily AI budget', $second->get_error_message() );
		// The call cost 2,500 only: 7,500 are left again.
		$spend->budget->settle( $first, 2500 );
		$this->assertSame( 2500, $this->spent( $spend, 'overall', 'day' ) );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( $scope, 7500, 0 ) );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( $scope, 1, 0 ) );
	}

	/**
	 * Release gives everything back; settling twice changes nothing; a cost above the hold is owed.
	 */
	public function test_release_settle_once_and_overrun(): void {
		$spend = $this->spend( array( 'overall' => array( 'month' => 1 ) ) );
		$scope = Scope::visitor( 'anthropic' );
		$hold  = $spend->budget->reserve( $scope, 400000, 0 );
		$this->assertInstanceOf( Reservation::class, $hold );
		$this->assertSame( 400000, $this->spent( $spend, 'overall', 'month' ) );
		$spend->budget->release( $hold );
		$this->assertSame( 0, $this->spent( $spend, 'overall', 'month' ) );
		$spend->budget->settle( $hold, 999 );
		$this->assertSame( 0, $this->spent( $spend, 'overall', 'month' ), 'a released hold is not settled again' );
		$hold = $spend->budget->reserve( $scope, 1000, 0 );
		$this->assertInstanceOf( Reservation::class, $hold );
		$spend->budget->settle( $hold, 5000 );
		$this->assertSame( 5000, $this->spent( $spend, 'overall', 'month' ), 'what a call really cost is counted' );
	}

	/**
	 * A hold refused on one cap leaves the others as they were; visitors get a neutral message.
	 */
	public function test_refusal_on_one_cap_undoes_the_others(): void {
		$spend   = $this->spend(
			array(
				'overall'   => array( 'day' => 1 ),
				'providers' => array( 'openai' => array( 'day' => 1 ) ),
				'visitors'  => array( 'day' => 0.001 ),
			)
		);
		$refused = $spend->budget->reserve( Scope::visitor( 'openai' ), 2000, 0 );
		$this->assertInstanceOf( WP_Error::class, $refused );
		$this->assertStringNotContainsString( 'budget', $refused->get_error_message() );
		$this->assertSame( 0, $this->spent( $spend, 'overall', 'day' ) );
		$this->assertSame( 0, $this->spent( $spend, 'provider:openai', 'day' ) );
		// Logged-in use doesn't count against the visitors' cap.
		$this->act_as( 'editor' );
		$hold = $spend->budget->reserve( Scope::user( 'openai', wp_get_current_user() ), 2000, 0 );
		$this->assertInstanceOf( Reservation::class, $hold );
		$this->assertSame( 2000, $this->spent( $spend, 'provider:openai', 'day' ) );
		$this->assertSame( 0, $this->spent( $spend, 'provider:anthropic', 'day' ) );
	}

	/**
	 * Settling a hold on several caps is one statement for their counters and one query for
	 * their alerts (issue 13), and each counter gets the real cost.
	 */
	public function test_settle_writes_every_cap_in_one_statement(): void {
		global $wpdb;
		$spend = $this->spend(
			array(
				'overall'   => array(
					'day'   => 1,
					'month' => 10,
				),
				'providers' => array( 'openai' => array( 'day' => 1 ) ),
			)
		);
		$hold  = $spend->budget->reserve( Scope::visitor( 'openai' ), 3000, 0 );
		$this->assertInstanceOf( Reservation::class, $hold );
		$this->assertCount( 3, $hold->buckets );
		$queries = $wpdb->num_queries;
		$spend->budget->settle( $hold, 1200 );
		$this->assertSame( 2, $wpdb->num_queries - $queries, 'One INSERT … ON DUPLICATE KEY UPDATE, one SELECT for the alerts.' );
		$this->assertSame( 1200, $this->spent( $spend, 'overall', 'day' ) );
		$this->assertSame( 1200, $this->spent( $spend, 'overall', 'month' ) );
		$this->assertSame( 1200, $this->spent( $spend, 'provider:openai', 'day' ) );
		$this->assertSame( array(), $this->mails, 'Far from 80 %: no alert.' );
	}

	/**
	 * Each person has their own cap; a role's cap replaces the one for everyone.
	 */
	public function test_per_person_and_per_role_caps(): void {
		$spend  = $this->spend(
			array(
				'per_user' => array( 'day' => 0.001 ),
				'roles'    => array( 'editor' => array( 'day' => 0.005 ) ),
			)
		);
		$author = get_userdata( $this->make_user( 'author' ) );
		$other  = get_userdata( $this->make_user( 'author' ) );
		$editor = get_userdata( $this->make_user( 'editor' ) );
		$this->assertNotFalse( $author );
		$this->assertNotFalse( $other );
		$this->assertNotFalse( $editor );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( Scope::user( 'gemini', $author ), 1000, 0 ) );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( Scope::user( 'gemini', $author ), 1, 0 ) );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( Scope::user( 'gemini', $other ), 1000, 0 ), 'another person has their own cap' );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( Scope::user( 'gemini', $editor ), 5000, 0 ) );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( Scope::user( 'gemini', $editor ), 1, 0 ) );
	}

	/**
	 * A call of unknown cost holds tokens on the token caps, not money.
	 */
	public function test_unknown_cost_uses_the_token_budget(): void {
		$spend = $this->spend(
			array(
				'overall' => array( 'day' => 0.001 ),
				'tokens'  => array( 'day' => 5000 ),
			)
		);
		$scope = Scope::visitor( 'azure_openai' );
		$hold  = $spend->budget->reserve( $scope, null, 4000 );
		$this->assertInstanceOf( Reservation::class, $hold );
		$this->assertTrue( $hold->in_tokens );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( $scope, null, 4000 ) );
		$spend->budget->settle( $hold, null, 1200 );
		$this->assertSame( 1200, $this->spent( $spend, 'tokens', 'day' ) );
		$this->assertSame( 0, $this->spent( $spend, 'overall', 'day' ) );
	}

	/**
	 * Days roll over at the site's midnight: UTC+14 and UTC−10 sites count the same instants
	 * into different days. A month rolls over on the 1st, local time.
	 */
	public function test_periods_roll_over_in_the_site_time_zone(): void {
		$spend = $this->spend( array( 'overall' => array( 'day' => 0.001 ) ) );
		$scope = Scope::visitor( 'openai' );
		// 2026-12-02 09:30 UTC = 23:30 on the 2nd in Kiritimati (UTC+14); 10:30 UTC = 00:30 on the 3rd.
		update_option( 'timezone_string', 'Pacific/Kiritimati' );
		$before = gmmktime( 9, 30, 0, 12, 2, 2026 );
		$after  = gmmktime( 10, 30, 0, 12, 2, 2026 );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( $scope, 1000, 0, $before ) );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( $scope, 1000, 0, $before + 1799 ) );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( $scope, 1000, 0, $after ), 'a new day in Kiritimati' );
		// Honolulu (UTC−10): 09:30 UTC is 23:30 on the 1st; 10:30 UTC is 00:30 on the 2nd.
		update_option( 'timezone_string', 'Pacific/Honolulu' );
		$this->empty_ledger( $spend );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( $scope, 1000, 0, $before ) );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( $scope, 1000, 0, $before + 1799 ) );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( $scope, 1000, 0, $after ), 'a new day in Honolulu' );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( $scope, 1000, 0, $after + 60 ) );
		// A refused call is told when its day ends: 23.5 h after 00:30 local.
		$refused = $spend->budget->reserve( $scope, 1000, 0, $after + 60 );
		$this->assertInstanceOf( WP_Error::class, $refused );
		$this->assertSame( gmmktime( 10, 0, 0, 12, 3, 2026 ) - $after - 60, $refused->get_error_data()['retry_after'] );
		// Months: 2026-12-31 23:30 in Honolulu is 2027-01-01 09:30 UTC.
		$spend = $this->spend( array( 'overall' => array( 'month' => 0.001 ) ) );
		$eve   = gmmktime( 9, 30, 0, 1, 1, 2027 );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( $scope, 1000, 0, $eve ) );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( $scope, 1000, 0, $eve + 1799 ) );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( $scope, 1000, 0, $eve + 1800 ), 'January in Honolulu' );
		// A fixed offset (no time zone name) counts too: at UTC+14 the month turns at 10:00 UTC.
		update_option( 'timezone_string', '' );
		update_option( 'gmt_offset', 14 );
		$spend   = $this->spend( array( 'providers' => array( 'gemini' => array( 'month' => 0.001 ) ) ) );
		$gemini  = Scope::visitor( 'gemini' );
		$turning = gmmktime( 10, 0, 0, 12, 31, 2026 );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( $gemini, 1000, 0, $turning - 1 ) );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( $gemini, 1000, 0, $turning - 1 ) );
		$this->assertInstanceOf( Reservation::class, $spend->budget->reserve( $gemini, 1000, 0, $turning ), 'January at UTC+14 while UTC is still in December' );
	}

	/**
	 * 80 % and 100 % each send one email and leave a notice, once per cap and period.
	 */
	public function test_alerts_once_per_cap_and_period(): void {
		$spend = $this->spend( array( 'providers' => array( 'openai' => array( 'month' => 0.01 ) ) ) );
		$scope = Scope::visitor( 'openai' );
		$now   = time();
		foreach ( array( 7000, 999, 1 ) as $cost ) {
			$hold = $spend->budget->reserve( $scope, $cost, 0, $now );
			$this->assertInstanceOf( Reservation::class, $hold );
			$spend->budget->settle( $hold, $cost );
		}
		$this->assertCount( 1, $this->mails, 'at 8,000 of 10,000: one alert' );
		$this->assertSame( get_option( 'admin_email' ), $this->mails[0]['to'] );
		$this->assertStringContainsString( '80', $this->mails[0]['subject'] );
		$this->assertStringContainsString( 'OpenAI', $this->mails[0]['subject'] );
		$this->assertStringContainsString( '$0.01', $this->mails[0]['message'] );
		$hold = $spend->budget->reserve( $scope, 1000, 0, $now );
		$this->assertInstanceOf( Reservation::class, $hold );
		$spend->budget->settle( $hold, 1000 );
		$this->assertCount( 1, $this->mails, 'no second 80 % alert' );
		$hold = $spend->budget->reserve( $scope, 1000, 0, $now );
		$this->assertInstanceOf( Reservation::class, $hold );
		$spend->budget->settle( $hold, 1000 );
		$this->assertCount( 2, $this->mails );
		$this->assertStringContainsString( 'reached', $this->mails[1]['subject'] );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( $scope, 1, 0, $now ) );
		$this->assertCount( 2, $this->mails, 'a refusal after 100 % sends nothing more' );
		// The notice, for administrators only.
		$this->assertArrayHasKey( Alerts::HINT_OPTION, wp_load_alloptions() );
		$this->act_as( 'editor' );
		$this->assertSame( '', $this->notices( $spend ) );
		$this->act_as( 'administrator' );
		$notices = $this->notices( $spend );
		$this->assertStringContainsString( 'The monthly budget for OpenAI has been reached', $notices );
		$this->assertStringContainsString( 'notice-error', $notices );
	}

	/**
	 * A refusal by a cap that is at least 80 % used counts as reaching it; below, it doesn't.
	 */
	public function test_refusal_alerts_only_near_the_cap(): void {
		$spend = $this->spend( array( 'overall' => array( 'day' => 0.01 ) ) );
		$scope = Scope::visitor( 'gemini' );
		$hold  = $spend->budget->reserve( $scope, 5000, 0 );
		$this->assertInstanceOf( Reservation::class, $hold );
		$spend->budget->settle( $hold, 5000 );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( $scope, 6000, 0 ) );
		$this->assertCount( 0, $this->mails );
		$hold = $spend->budget->reserve( $scope, 3500, 0 );
		$this->assertInstanceOf( Reservation::class, $hold );
		$spend->budget->settle( $hold, 3500 );
		$this->assertCount( 1, $this->mails );
		$this->assertInstanceOf( WP_Error::class, $spend->budget->reserve( $scope, 2000, 0 ) );
		$this->assertCount( 2, $this->mails );
		$this->assertStringContainsString( 'reached', $this->mails[1]['subject'] );
	}

	/**
	 * No caps: every call passes and nothing is written.
	 */
	public function test_no_caps_costs_nothing(): void {
		$spend = new Services( $this->plugin()->registry() );
		global $wpdb;
		$before = $wpdb->num_queries;
		$hold   = $spend->budget->reserve( Scope::visitor( 'openai' ), 999999999, 0 );
		$this->assertInstanceOf( Reservation::class, $hold );
		$spend->budget->settle( $hold, 5 );
		$this->assertLessThanOrEqual( 2, $wpdb->num_queries - $before, 'the budget option read, nothing written' );
		$this->assertSame( array(), $hold->buckets );
		$this->assertFalse( get_option( BudgetRules::OPTION ) );
	}

	/**
	 * What a counter holds now.
	 *
	 * @param Services $spend   Services.
	 * @param string   $counter Counter.
	 * @param string   $period  'day' or 'month'.
	 */
	private function spent( Services $spend, string $counter, string $period ): int {
		$bucket = $counter . '@' . \ByokAi\Spend\Period::id( $period, time() );
		return $spend->ledger->read( array( $bucket ) )[ $bucket ]['amount'] ?? 0;
	}

	/**
	 * Empties the counters (inside the test's transaction).
	 *
	 * @param Services $spend Services.
	 */
	private function empty_ledger( Services $spend ): void {
		global $wpdb;
		$wpdb->query( 'DELETE FROM ' . $spend->ledger->table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * The admin notices' HTML.
	 *
	 * @param Services $spend Services.
	 */
	private function notices( Services $spend ): string {
		ob_start();
		$spend->alerts->render_notices();
		return (string) ob_get_clean();
	}
}
