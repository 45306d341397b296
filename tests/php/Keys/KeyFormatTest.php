<?php
/**
 * Tests for key normalisation, vendor detection and masking.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Keys;

use ByokAi\Keys\KeyFormat;
use ByokAi\Tests\TestCase;

/**
 * KeyFormat.
 */
class KeyFormatTest extends TestCase {

	public function test_surrounding_whitespace_and_line_breaks_are_trimmed(): void {
		$this->assertSame( 'sk-proj-abcdefgh12345678', KeyFormat::normalize( "  \r\n\tsk-proj-abcdefgh12345678 \n" ) );
	}

	/**
	 * Malformed pastes.
	 *
	 * @return array<string, array{string, string}>
	 */
	public function malformed(): array {
		return array(
			'empty'      => array( " \n ", 'byok_ai_key_empty' ),
			'line break' => array( "sk-proj-abcd\nefgh12345678", 'byok_ai_key_whitespace' ),
			'space'      => array( 'Bearer sk-proj-abcdefgh12345678', 'byok_ai_key_whitespace' ),
			'non-ascii'  => array( 'sk-proj-abcdéfgh12345678', 'byok_ai_key_characters' ),
			'control'    => array( "sk-proj-abc\x01defgh12345678", 'byok_ai_key_characters' ),
			'too short'  => array( 'sk-1', 'byok_ai_key_length' ),
			'too long'   => array( str_repeat( 'a', 513 ), 'byok_ai_key_length' ),
		);
	}

	/**
	 * Malformed keys get specific errors.
	 *
	 * @dataProvider malformed
	 *
	 * @param string $raw  Pasted text.
	 * @param string $code Expected error code.
	 */
	public function test_malformed_keys_get_specific_errors( string $raw, string $code ): void {
		$result = KeyFormat::normalize( $raw );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( $code, $result->get_error_code() );
	}

	public function test_vendors_are_recognised_by_prefix(): void {
		$this->assertSame( 'anthropic', KeyFormat::vendor( 'sk-ant-api03-xyz' ) );
		$this->assertSame( 'openrouter', KeyFormat::vendor( 'sk-or-v1-xyz' ) );
		$this->assertSame( 'openai', KeyFormat::vendor( 'sk-proj-xyz' ) );
		$this->assertSame( 'gemini', KeyFormat::vendor( 'AIzaSyXYZ' ) );
		$this->assertNull( KeyFormat::vendor( '0123456789abcdef0123456789abcdef' ) );
	}

	public function test_masks_show_only_a_prefix_and_the_last_four(): void {
		$this->assertSame( 'sk-ant-…WXYZ', KeyFormat::mask( self::KEYS['anthropic'] ) );
		$this->assertSame( 'sk-…QRST', KeyFormat::mask( self::KEYS['openai'] ) );
		$this->assertSame( 'AIza…LMNO', KeyFormat::mask( self::KEYS['gemini'] ) );
		$this->assertSame( '012…0123', KeyFormat::mask( self::KEYS['azure_openai'] ) );
		$this->assertSame( '••••ef', KeyFormat::mask( 'short0123456ef' ) );
	}
}
