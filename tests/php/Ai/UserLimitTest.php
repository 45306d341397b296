<?php
/**
 * Logged-in spending has a ceiling: who may use AI by default, and how often.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Ai;

use ByokAi\Ai\Policy;
use ByokAi\Assistant\RateLimiter;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * The capability goes to roles that can publish; each person's /chat and preview requests are
 * counted per hour against the policy's user_hourly_limit, in the atomic counters.
 */
class UserLimitTest extends TestCase {

	/**
	 * Stores keys.
	 */
	protected function set_up(): void {
		parent::set_up();
		$this->store_keys();
	}

	public function test_a_fresh_install_grants_ai_use_to_roles_that_can_publish_only(): void {
		$this->assertEqualsCanonicalizing( array( 'administrator', 'editor', 'author' ), $this->plugin()->policy()->chat_roles() );
		$this->assertFalse( get_role( 'contributor' )->has_cap( Policy::CAPABILITY ) );
	}

	public function test_an_upgrade_narrows_the_old_default_but_keeps_a_chosen_set(): void {
		// The old default: every role that can edit posts.
		get_role( 'contributor' )->add_cap( Policy::CAPABILITY );
		// The data steps only: the table steps run DDL, which would end the test's transaction.
		$this->plugin()->installer()->upgrade( '2' );
		$this->assertFalse( get_role( 'contributor' )->has_cap( Policy::CAPABILITY ) );
		$this->assertTrue( get_role( 'author' )->has_cap( Policy::CAPABILITY ) );

		// A set the administrator chose (subscribers too) is theirs.
		get_role( 'contributor' )->add_cap( Policy::CAPABILITY );
		get_role( 'subscriber' )->add_cap( Policy::CAPABILITY );
		$this->plugin()->installer()->upgrade( '2' );
		$this->assertTrue( get_role( 'contributor' )->has_cap( Policy::CAPABILITY ) );
		$this->assertTrue( get_role( 'subscriber' )->has_cap( Policy::CAPABILITY ) );
	}

	public function test_the_policy_has_a_bounded_per_person_limit(): void {
		$this->act_as( 'administrator' );
		$policy = $this->rest( 'GET', '/byok-ai/v1/policy' )->get_data()['policy'];
		$this->assertSame( Policy::DEFAULT_USER_HOURLY_LIMIT, $policy['user_hourly_limit'] );

		foreach ( array( -1, Policy::MAX_USER_HOURLY_LIMIT + 1, 'five', 1.5, true, array( 5 ) ) as $bad ) {
			$response = $this->rest( 'PUT', '/byok-ai/v1/policy', array( 'user_hourly_limit' => $bad ) );
			$this->assertSame( 400, $response->get_status(), (string) wp_json_encode( $bad ) );
		}
		$this->assertSame( Policy::DEFAULT_USER_HOURLY_LIMIT, $this->plugin()->policy()->get()['user_hourly_limit'] );

		$saved = $this->rest( 'PUT', '/byok-ai/v1/policy', array( 'user_hourly_limit' => 0 ) );
		$this->assertSame( 200, $saved->get_status() );
		$this->assertSame( 0, $saved->get_data()['policy']['user_hourly_limit'] );
	}

	public function test_chat_stops_at_the_limit_per_person(): void {
		$this->plugin()->policy()->update( array( 'user_hourly_limit' => 3 ) );
		$this->act_as( 'author' );
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello ' . $i ) )->get_status() );
		}
		$over = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'one more' ) );
		$this->assertSame( 429, $over->get_status() );
		$this->assertSame( 'byok_ai_user_limited', $this->error_code( $over ) );
		$this->assertGreaterThan( 0, (int) $over->get_headers()['Retry-After'] );
		$this->assertLessThanOrEqual( HOUR_IN_SECONDS, (int) $over->get_headers()['Retry-After'] );
		$streamed = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'streamed', array( 'stream' => true ) ) );
		$this->assertSame( 429, $streamed->get_status() );
		$this->assertCount( 3, FakeProvider::calls(), 'Refused requests reached no provider.' );

		// Another person has their own allowance; a bad request doesn't use any.
		$this->act_as( 'editor' );
		$this->assertSame( 400, $this->rest( 'POST', '/byok-ai/v1/chat', array( 'messages' => array() ) )->get_status() );
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) )->get_status() );
	}

	public function test_the_block_preview_counts_in_the_same_allowance(): void {
		$this->plugin()->policy()->update( array( 'user_hourly_limit' => 2 ) );
		$author = $this->make_user( 'author' );
		$post   = $this->assistant_post( array(), array( 'post_author' => $author ) );
		wp_set_current_user( $author );
		$preview = array(
			'post'       => $post,
			'attributes' => array( 'mode' => 'ask' ),
			'question'   => 'Why?',
		);
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) )->get_status() );
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/assistant/preview', $preview )->get_status() );
		$over = $this->rest( 'POST', '/byok-ai/v1/assistant/preview', $preview );
		$this->assertSame( 429, $over->get_status() );
		$this->assertSame( 'byok_ai_user_limited', $this->error_code( $over ) );
		$this->assertCount( 2, FakeProvider::calls() );
	}

	public function test_zero_switches_logged_in_use_off_and_counts_live_in_the_atomic_counters(): void {
		global $wpdb;
		$this->act_as( 'administrator' );
		$this->assertSame( 200, $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) )->get_status() );
		$bucket = 'user:' . get_current_user_id() . '@' . intdiv( time(), HOUR_IN_SECONDS );
		$table  = ( new RateLimiter() )->table();
		$this->assertSame( '1', $wpdb->get_var( $wpdb->prepare( "SELECT hits FROM {$table} WHERE bucket = %s", $bucket ) ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared

		$this->plugin()->policy()->update( array( 'user_hourly_limit' => 0 ) );
		$off = $this->rest( 'POST', '/byok-ai/v1/chat', $this->chat_body( 'hello' ) );
		$this->assertSame( 429, $off->get_status() );
		$this->assertStringContainsString( 'switched off', $off->get_data()['message'] );
		$this->assertCount( 1, FakeProvider::calls() );
	}
}
