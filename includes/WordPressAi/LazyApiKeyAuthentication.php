<?php
/**
 * An AI Client API key that is decrypted only when a request is signed with it.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use WordPress\AiClient\Providers\Http\DTO\ApiKeyRequestAuthentication;
use WordPress\AiClient\Providers\Http\DTO\Request;

/**
 * Core hands every stored connector key to the AI Client on each `init`, in plaintext. This
 * authentication holds a callback instead: the key is read (and decrypted) when a provider
 * request is actually authenticated, and not kept afterwards. It extends core's class because
 * the registry checks authentications with instanceof.
 */
class LazyApiKeyAuthentication extends ApiKeyRequestAuthentication {

	/** @var \Closure(): string Returns the plaintext key, or '' when there is none. */
	private \Closure $resolve;

	/**
	 * Stores the callback.
	 *
	 * @param callable(): string $resolve Returns the plaintext key, or '' when there is none.
	 */
	public function __construct( callable $resolve ) {
		parent::__construct( '' );
		$this->resolve = \Closure::fromCallable( $resolve );
	}

	/**
	 * Signs a request with the key, decrypted now.
	 *
	 * @param Request $request Request.
	 */
	public function authenticateRequest( Request $request ): Request {
		return $request->withHeader( 'Authorization', 'Bearer ' . $this->getApiKey() );
	}

	/**
	 * Returns the key, decrypted now (providers that send it in another header call this).
	 */
	public function getApiKey(): string {
		return (string) ( $this->resolve )();
	}

	/**
	 * Never serializes the key.
	 *
	 * @return array{apiKey: string}
	 */
	public function toArray(): array {
		return array( self::KEY_API_KEY => '' );
	}
}
