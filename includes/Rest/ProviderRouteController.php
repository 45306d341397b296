<?php
/**
 * Base of the routes under byok-ai/v1/providers/{provider}.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Crypto\Vault;
use ByokAi\Keys\KeyStore;
use ByokAi\Keys\KeyValidator;
use ByokAi\Providers\Provider;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * What the provider routes (the provider, its key, the key's validation) share: what they work
 * with, their registration (PATH after /providers/{provider}, one endpoint per handler in
 * HANDLERS, with its usual methods), and their answer: the provider named in the URL is looked
 * up first, and unless the handler says otherwise they answer with the provider resource.
 */
abstract class ProviderRouteController extends RestController {

	/** Path after /providers/{provider} ('' for the provider itself). */
	protected const PATH = '';

	/**
	 * The WP_REST_Controller handlers the route serves, in this order.
	 *
	 * @var list<'get_item'|'create_item'|'update_item'|'delete_item'>
	 */
	protected const HANDLERS = array();

	/** Each handler's methods; create_item and update_item take a body (body_schema()). */
	private const METHODS = array(
		'get_item'    => WP_REST_Server::READABLE,
		'create_item' => WP_REST_Server::CREATABLE,
		'update_item' => WP_REST_Server::EDITABLE,
		'delete_item' => WP_REST_Server::DELETABLE,
	);

	/** @var string The routes' base: /providers/{provider}… */
	protected $rest_base = 'providers';

	protected KeyStore $keys;

	protected ProviderSettings $settings;

	protected KeyValidator $validator;

	protected Vault $vault;

	protected ProviderPresenter $presenter;

	/**
	 * Stores what the provider routes work with (each route uses part of it).
	 *
	 * @param Registry          $registry  Providers.
	 * @param KeyStore          $keys      Key store.
	 * @param ProviderSettings  $settings  Connection settings.
	 * @param KeyValidator      $validator Key checker.
	 * @param Vault             $vault     Encryption.
	 * @param ProviderPresenter $presenter Provider resource builder.
	 */
	public function __construct( Registry $registry, KeyStore $keys, ProviderSettings $settings, KeyValidator $validator, Vault $vault, ProviderPresenter $presenter ) {
		parent::__construct( $registry );
		$this->keys      = $keys;
		$this->settings  = $settings;
		$this->validator = $validator;
		$this->vault     = $vault;
		$this->presenter = $presenter;
	}

	/**
	 * Registers the route: an endpoint per handler; the one that takes a body gets its fields from
	 * body_schema(), each required where the schema says so (a body replaces what was there).
	 */
	public function register_routes(): void {
		$endpoints = array();
		foreach ( static::HANDLERS as $handler ) {
			$endpoint = array(
				'methods'  => self::METHODS[ $handler ],
				'callback' => array( $this, $handler ),
			);
			if ( in_array( $handler, array( 'create_item', 'update_item' ), true ) ) {
				$endpoint['args'] = self::args_from_schema( $this->body_schema(), WP_REST_Server::CREATABLE );
			}
			$endpoints[] = $endpoint;
		}
		$this->register_provider_route( static::PATH, $endpoints );
	}

	/**
	 * JSON schema of the body create_item or update_item accepts; by default none (no fields).
	 *
	 * @return array<string, mixed>
	 */
	protected function body_schema(): array {
		return array();
	}

	/**
	 * Answers a request about the provider named in the URL (404 when there is none): $action's
	 * error or response, or else the provider resource as it now stands.
	 *
	 * @param WP_REST_Request                                             $request Request.
	 * @param (callable(Provider): (true|WP_Error|WP_REST_Response))|null $action  What the endpoint does; null: nothing.
	 * @return WP_REST_Response|WP_Error
	 */
	protected function answer( WP_REST_Request $request, ?callable $action = null ) {
		$provider = $this->provider( $request );
		if ( is_wp_error( $provider ) ) {
			return $provider;
		}
		$done = null === $action ? true : $action( $provider );
		if ( true !== $done ) {
			return $done;
		}
		return new WP_REST_Response( $this->presenter->present( $provider ) );
	}

	/**
	 * Answers a request with a body: refuses body fields the route doesn't declare, then answer().
	 *
	 * @param WP_REST_Request                                      $request Request.
	 * @param callable(Provider): (true|WP_Error|WP_REST_Response) $action  What the endpoint does.
	 * @return WP_REST_Response|WP_Error
	 */
	protected function answer_strict( WP_REST_Request $request, callable $action ) {
		$strict = $this->reject_unknown_fields( $request );
		if ( is_wp_error( $strict ) ) {
			return $strict;
		}
		return $this->answer( $request, $action );
	}

	/**
	 * JSON schema of the answer: the provider resource.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return ProviderPresenter::schema();
	}
}
