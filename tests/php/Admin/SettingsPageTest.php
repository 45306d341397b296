<?php
/**
 * What the settings page preloads.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Admin;

use ByokAi\Admin\SettingsPage;
use ByokAi\Assistant\Moderation;
use ByokAi\Tests\TestCase;

/**
 * The visitor question check (Rules) is read from the page, without the site's other settings.
 */
class SettingsPageTest extends TestCase {

	public function test_the_page_preloads_the_question_check_alone(): void {
		$path = '/wp/v2/settings?_fields=' . Moderation::OPTION;
		$this->assertContains( $path, SettingsPage::PRELOAD );
		$this->act_as( 'administrator' );
		update_option( Moderation::OPTION, '1' );

		$preload = rest_preload_api_request( array(), $path );

		$this->assertSame( array( Moderation::OPTION => true ), $preload[ $path ]['body'] ?? null );

		update_option( Moderation::OPTION, '' );
		$this->assertSame( array( Moderation::OPTION => false ), rest_preload_api_request( array(), $path )[ $path ]['body'] ?? null );
	}
}
