<?php
/**
 * Base of the routes under byok-ai/v1/providers/{provider}.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Keys\KeyStore;
use ByokAi\Providers\Registry;

/**
 * What the provider routes (the provider, its key, the key's validation) share: the `providers`
 * base, the key store, and the presenter that builds the provider resource they answer with.
 */
abstract class ProviderRouteController extends RestController {

	/** @var string The routes' base: /providers/{provider}… */
	protected $rest_base = 'providers';

	protected KeyStore $keys;

	protected ProviderPresenter $presenter;

	/**
	 * Stores the shared dependencies.
	 *
	 * @param Registry          $registry  Providers.
	 * @param KeyStore          $keys      Key store.
	 * @param ProviderPresenter $presenter Provider resource builder.
	 */
	public function __construct( Registry $registry, KeyStore $keys, ProviderPresenter $presenter ) {
		parent::__construct( $registry );
		$this->keys      = $keys;
		$this->presenter = $presenter;
	}
}
