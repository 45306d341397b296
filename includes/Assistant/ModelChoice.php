<?php
/**
 * Which provider and model answer a block.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Ai\ChatService;
use ByokAi\Ai\Policy;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;

/**
 * What an author may choose in the block, and what a block's choice amounts to now: its provider
 * and model while the administrator still allows them, otherwise the site's defaults, so a block
 * keeps working when the rules change.
 */
class ModelChoice {

	private ChatService $chat;

	private Policy $policy;

	private Registry $registry;

	private ProviderSettings $settings;

	/**
	 * Stores the dependencies.
	 *
	 * @param ChatService      $chat     Chat runner (which providers can be called).
	 * @param Policy           $policy   Rules.
	 * @param Registry         $registry Providers.
	 * @param ProviderSettings $settings Connection settings.
	 */
	public function __construct( ChatService $chat, Policy $policy, Registry $registry, ProviderSettings $settings ) {
		$this->chat     = $chat;
		$this->policy   = $policy;
		$this->registry = $registry;
		$this->settings = $settings;
	}

	/**
	 * Lists what an author may choose in the block: the providers that can be called now, with
	 * the models the administrator allows (the first is the default).
	 *
	 * @return list<array{id: string, label: string, models: list<string>}>
	 */
	public function choices(): array {
		$choices = array();
		foreach ( $this->registry->all() as $provider ) {
			if ( $this->chat->is_usable( $provider->id() ) ) {
				$choices[] = array(
					'id'     => $provider->id(),
					'label'  => $provider->label(),
					'models' => $this->policy->allowed_models( $provider, $this->settings->get( $provider ) ),
				);
			}
		}
		return $choices;
	}

	/**
	 * Tells whether a provider with a usable key is among those a block's answers would be asked
	 * of: the block's provider while usable, else the site's primary, then the fallback chain.
	 *
	 * @param BlockConfig $config Block settings.
	 */
	public function reachable( BlockConfig $config ): bool {
		list( $provider ) = $this->provider_and_model( $config );
		foreach ( $this->policy->chain( $provider, array( $this->chat, 'is_usable' ) ) as $id ) {
			if ( $this->chat->is_usable( $id ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Adds the block's provider, model and output cap to its chat request's arguments, as far as
	 * the policy allows them.
	 *
	 * @param BlockConfig          $config Block settings.
	 * @param array<string, mixed> $args   Chat request arguments.
	 * @return array<string, mixed>
	 */
	public function apply( BlockConfig $config, array $args ): array {
		list( $provider, $model ) = $this->provider_and_model( $config );
		if ( null !== $provider ) {
			$args['provider'] = $provider;
		}
		if ( null !== $model ) {
			$args['model'] = $model;
		}
		if ( $config->max_tokens > 0 ) {
			$args['max_tokens'] = $this->policy->max_tokens( $config->max_tokens );
		}
		return $args;
	}

	/**
	 * Honours the block's provider and model while the administrator still allows them; otherwise
	 * the site's defaults answer (null).
	 *
	 * @param BlockConfig $config Block settings.
	 * @return array{0: string|null, 1: string|null}
	 */
	private function provider_and_model( BlockConfig $config ): array {
		$provider = '' !== $config->provider ? $this->registry->get( $config->provider ) : null;
		if ( null === $provider || ! $this->chat->is_usable( $provider->id() ) ) {
			return array( null, null );
		}
		$allowed = $this->policy->allowed_models( $provider, $this->settings->get( $provider ) );
		return array( $provider->id(), in_array( $config->model, $allowed, true ) ? $config->model : null );
	}
}
