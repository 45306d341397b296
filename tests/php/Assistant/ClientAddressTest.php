<?php
/**
 * Client addresses for the visitor limits.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Assistant;

use ByokAi\Assistant\ClientAddress;
use ByokAi\Tests\TestCase;

/**
 * Which address a visitor is counted under.
 */
class ClientAddressTest extends TestCase {

	/**
	 * Resolving the client address.
	 */
	public function test_client_address(): void {
		$this->assertSame( '192.0.2.1', ClientAddress::resolve( array( 'REMOTE_ADDR' => '192.0.2.1' ), '' ) );
		$this->assertSame( '2001:db8:1:2::/64', ClientAddress::resolve( array( 'REMOTE_ADDR' => '2001:db8:1:2:3:4:5:6' ), '' ) );
		$this->assertSame(
			'192.0.2.1',
			ClientAddress::resolve(
				array(
					'REMOTE_ADDR'    => '192.0.2.1',
					'HTTP_X_REAL_IP' => '198.51.100.1',
				),
				''
			)
		);
		$this->assertSame(
			'198.51.100.1',
			ClientAddress::resolve(
				array(
					'REMOTE_ADDR'    => '192.0.2.1',
					'HTTP_X_REAL_IP' => '198.51.100.1',
				),
				'X-Real-IP'
			)
		);
		$this->assertSame(
			'192.0.2.1',
			ClientAddress::resolve(
				array(
					'REMOTE_ADDR'           => '192.0.2.1',
					'HTTP_CF_CONNECTING_IP' => 'garbage',
				),
				'CF-Connecting-IP'
			),
			'An unusable header falls back to the connection.'
		);
		$this->assertSame( 'unknown', ClientAddress::resolve( array(), '' ) );
	}
}
