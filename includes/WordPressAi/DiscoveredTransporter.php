<?php
/**
 * The AI Client's own HTTP transport, discovered on the first request sent.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use WordPress\AiClient\Providers\Http\Contracts\HttpTransporterInterface;
use WordPress\AiClient\Providers\Http\DTO\Request;
use WordPress\AiClient\Providers\Http\DTO\RequestOptions;
use WordPress\AiClient\Providers\Http\DTO\Response;
use WordPress\AiClient\Providers\Http\HttpTransporterFactory;

/**
 * What the registry would discover when the first provider registers (HttpTransporterFactory),
 * discovered when a request is sent instead: registering the plugin's providers on `init` then
 * costs no PSR-18 discovery on the many requests that make no AI call (issue 13).
 */
class DiscoveredTransporter implements HttpTransporterInterface {

	private ?HttpTransporterInterface $inner = null;

	/**
	 * Sends the request through the discovered transport.
	 *
	 * @param Request             $request Request.
	 * @param RequestOptions|null $options Options.
	 */
	public function send( Request $request, ?RequestOptions $options = null ): Response {
		$this->inner ??= HttpTransporterFactory::createTransporter();
		return $this->inner->send( $request, $options );
	}
}
