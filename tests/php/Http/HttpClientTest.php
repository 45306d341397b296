<?php
/**
 * HttpClient: host names resolved once, checked, and pinned.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Http;

use ByokAi\Http\HttpClient;
use ByokAi\Http\Request;
use ByokAi\Http\Response;
use ByokAi\Keys\KeyValidator;
use ByokAi\Tests\FakeProvider;
use ByokAi\Tests\TestCase;

/**
 * The site's own host name (example.org, which WP_HTTP_BLOCK_EXTERNAL lets through and which has
 * no DNS answer here) stands for a provider host; a resolver given to the client says where it
 * points. A request that arrives at the fake provider proves the connection went to the pinned
 * address: nothing else could have resolved that name.
 */
class HttpClientTest extends TestCase {

	/**
	 * Builds a request to the fake provider's OpenAI models list under another host name.
	 *
	 * @param string $host Host name.
	 */
	private function request_to( string $host ): Request {
		$port = (int) wp_parse_url( FakeProvider::$url, PHP_URL_PORT );
		return new Request( 'GET', 'http://' . $host . ':' . $port . '/openai/v1/models', array( 'Authorization' => 'Bearer ' . self::KEYS['openai'] ) );
	}

	public function test_a_host_name_is_pinned_to_the_address_it_resolved_to(): void {
		$asked    = array();
		$client   = new HttpClient(
			static function ( string $host ) use ( &$asked ) {
				$asked[] = $host;
				return array( '127.0.0.1' );
			}
		);
		$response = $client->send( $this->request_to( 'example.org' ) );
		$this->assertInstanceOf( Response::class, $response );
		$this->assertSame( 200, $response->status );
		$this->assertSame( array( 'example.org' ), $asked, 'Resolved once, by the client.' );

		$streamed = '';
		$response = $client->stream(
			$this->request_to( 'example.org' ),
			10,
			static function ( string $data ) use ( &$streamed ): bool {
				$streamed .= $data;
				return true;
			}
		);
		$this->assertInstanceOf( Response::class, $response );
		$this->assertSame( 200, $response->status );
		$this->assertStringContainsString( '"data"', $streamed . $response->body );
	}

	/**
	 * Metadata addresses a DNS answer may give.
	 *
	 * @return array<string, array{0: list<string>}>
	 */
	public function metadata_answers(): array {
		return array(
			'aws/gcp/azure link-local' => array( array( '169.254.169.254' ) ),
			'among others'             => array( array( '127.0.0.1', '169.254.170.2' ) ),
			'alibaba'                  => array( array( '100.100.100.200' ) ),
		);
	}

	/**
	 * Refuses a host name whose DNS answer holds a metadata address, and sends nothing.
	 *
	 * @dataProvider metadata_answers
	 *
	 * @param string[] $addresses What the host name resolves to.
	 */
	public function test_a_host_name_resolving_to_a_metadata_address_gets_no_request( array $addresses ): void {
		FakeProvider::reset();
		$client   = new HttpClient(
			static function () use ( $addresses ) {
				return $addresses;
			}
		);
		$response = $client->send( $this->request_to( 'example.org' ) );
		$this->assertInstanceOf( \WP_Error::class, $response );
		$this->assertSame( 'byok_ai_http_metadata', $response->get_error_code() );
		$this->assert_no_key_in( $response->get_error_message() );

		$response = $client->stream( $this->request_to( 'example.org' ), 10, '__return_true' );
		$this->assertInstanceOf( \WP_Error::class, $response );
		$this->assertSame( 'byok_ai_http_metadata', $response->get_error_code() );
		$this->assertSame( array(), FakeProvider::calls(), 'Nothing was sent anywhere.' );
	}

	public function test_the_filter_can_allow_a_metadata_address(): void {
		add_filter( 'byok_ai_allow_metadata_endpoint', '__return_true' );
		$client = new HttpClient(
			static function () {
				return array( '169.254.169.254' );
			}
		);
		try {
			$response = $client->send( $this->request_to( 'example.org' ), 2 );
		} finally {
			remove_filter( 'byok_ai_allow_metadata_endpoint', '__return_true' );
		}
		// Allowed: the request goes to the pinned link-local address, where nothing answers here.
		$this->assertInstanceOf( \WP_Error::class, $response );
		$this->assertNotSame( 'byok_ai_http_metadata', $response->get_error_code() );
	}

	public function test_ip_literals_and_unresolvable_names_are_not_pinned(): void {
		$asked    = array();
		$client   = new HttpClient(
			static function ( string $host ) use ( &$asked ) {
				$asked[] = $host;
				return false;
			}
		);
		$response = $client->send( new Request( 'GET', FakeProvider::$url . '/openai/v1/models', array( 'Authorization' => 'Bearer ' . self::KEYS['openai'] ) ) );
		$this->assertInstanceOf( Response::class, $response );
		$this->assertSame( 200, $response->status );
		$this->assertSame( array(), $asked, 'An IP literal is not resolved.' );

		$response = $client->send( $this->request_to( 'example.org' ), 5 );
		$this->assertInstanceOf( \WP_Error::class, $response );
		$this->assertSame( 'byok_ai_http_unreachable', $response->get_error_code() );
		$this->assertSame( array( 'example.org' ), $asked );
	}

	public function test_a_key_check_against_a_name_resolving_to_metadata_sends_nothing(): void {
		// An endpoint an administrator may set (a name, not an address) that DNS later points at the
		// metadata service: the plugin's own key check refuses it with the site's message.
		FakeProvider::reset();
		$provider = $this->plugin()->registry()->get( 'openai' );
		$this->assertNotNull( $provider );
		$port = (int) wp_parse_url( FakeProvider::$url, PHP_URL_PORT );
		$this->assertIsArray( $this->plugin()->settings()->update( $provider, array( 'base_url' => 'http://example.org:' . $port . '/openai/v1' ) ) );
		$validator = new KeyValidator(
			new HttpClient(
				static function () {
					return array( '169.254.169.254' );
				}
			),
			$this->plugin()->settings()
		);
		$result    = $validator->validate( $provider, self::KEYS['openai'] );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'byok_ai_http_metadata', $result->get_error_code() );
		$data = $result->get_error_data();
		$this->assertIsArray( $data );
		$this->assertSame( 400, $data['status'] ?? null );
		$this->assertSame( array(), FakeProvider::calls() );
	}
}
