<?php
/**
 * The AI Client's HTTP transport, gated for requests made outside the prompt builder.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use WordPress\AiClient\Providers\Http\Contracts\HttpTransporterInterface;
use WordPress\AiClient\Providers\Http\DTO\Request;
use WordPress\AiClient\Providers\Http\DTO\RequestOptions;
use WordPress\AiClient\Providers\Http\DTO\Response;

/**
 * Wraps the registry's transporter (core's WP_AI_Client_HTTP_Client underneath). A generation
 * request (POST) sent while no admitted call runs comes from code that drove a model directly and
 * skipped the prompt builder's events: it meets the gate here and gets its usage row. Model
 * listings (GET, used by core to tell whether a provider is connected) pass.
 */
class GatedTransporter implements HttpTransporterInterface {

	/** The wrapped transporter. */
	private HttpTransporterInterface $inner;
	/** @var \Closure(): Gate Gives the gate (built on the first call through it). */
	private \Closure $gate;

	/**
	 * Stores the dependencies.
	 *
	 * @param HttpTransporterInterface $inner Wrapped transporter.
	 * @param \Closure                 $gate  Gives the gate.
	 *
	 * @phpstan-param \Closure(): Gate $gate
	 */
	public function __construct( HttpTransporterInterface $inner, \Closure $gate ) {
		$this->inner = $inner;
		$this->gate  = $gate;
	}

	/**
	 * Returns the wrapped transporter.
	 */
	public function inner(): HttpTransporterInterface {
		return $this->inner;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Request             $request Request.
	 * @param RequestOptions|null $options Options.
	 * @throws PolicyRefusal When the request isn't allowed.
	 */
	public function send( Request $request, ?RequestOptions $options = null ): Response {
		$gate = ( $this->gate )();
		if ( 'POST' !== $request->getMethod()->value || $gate->in_call() ) {
			return $this->inner->send( $request, $options );
		}
		$host   = (string) wp_parse_url( $request->getUri(), PHP_URL_HOST );
		$caller = $gate->current_caller();
		$gate->admit_request( $host, $caller );
		$start    = microtime( true );
		$response = $this->inner->send( $request, $options );
		$data     = $response->getData() ?? array();
		$usage    = isset( $data['usage'] ) && is_array( $data['usage'] ) ? $data['usage'] : array();
		$sent     = $request->getData() ?? array();
		$gate->record_request(
			$host,
			isset( $sent['model'] ) && is_string( $sent['model'] ) ? $sent['model'] : '',
			$caller,
			$response->isSuccessful() ? 'ok' : 'http_' . $response->getStatusCode(),
			(int) ( $usage['prompt_tokens'] ?? $usage['input_tokens'] ?? 0 ),
			(int) ( $usage['completion_tokens'] ?? $usage['output_tokens'] ?? 0 ),
			(int) round( ( microtime( true ) - $start ) * 1000 )
		);
		return $response;
	}
}
