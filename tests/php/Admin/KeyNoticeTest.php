<?php
/**
 * The key notices link to the provider's row on the settings page.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Admin;

use ByokAi\Admin\KeyNotice;
use ByokAi\Crypto\Secret;
use ByokAi\Crypto\Vault;
use ByokAi\Keys\KeyStore;
use ByokAi\Tests\FixedEnvironment;
use ByokAi\Tests\TestCase;

/**
 * On every supported core: the notice's link opens the row of the key to enter again.
 */
class KeyNoticeTest extends TestCase {

	public function test_the_notice_links_to_the_first_named_provider_row(): void {
		$old = new KeyStore( new Vault( new Secret( new FixedEnvironment( array(), FixedEnvironment::salts( 'before rotation' ) ) ) ), new FixedEnvironment( array(), array() ) );
		$old->store( 'gemini', self::KEYS['gemini'], KeyStore::STATUS_VALID );
		$old->store( 'azure_openai', self::KEYS['openai'], KeyStore::STATUS_VALID );
		$this->act_as( 'administrator' );

		ob_start();
		( new KeyNotice( $this->plugin()->registry(), $this->plugin()->keys() ) )->render();
		$html = (string) ob_get_clean();

		$this->assertStringContainsString( 'byok-ai-key-secret-changed', $html );
		$this->assertStringContainsString( 'Google Gemini', $html );
		$this->assertSame( 1, preg_match( '/<a href="([^"]+)"/', $html, $link ), $html );
		$this->assertSame( admin_url( 'options-general.php?page=byok-ai&provider=gemini' ), html_entity_decode( $link[1] ) );
	}
}
