<?php
/**
 * The models a plugin-backed AI Client provider offers.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi\Provider;

use WordPress\AiClient\Common\Exception\InvalidArgumentException;
use WordPress\AiClient\Providers\Contracts\ModelMetadataDirectoryInterface;
use WordPress\AiClient\Providers\Models\DTO\ModelMetadata;

/**
 * Exactly the models the administrator allows (Settings → BYOK AI → Rules), so prompts that
 * choose a model automatically only ever find allowed ones, and naming another is an error.
 */
class BackedModelDirectory implements ModelMetadataDirectoryInterface {

	/** Connector id. */
	private string $connector;

	/**
	 * Stores the connector id.
	 *
	 * @param string $connector Connector id.
	 */
	public function __construct( string $connector ) {
		$this->connector = $connector;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @return list<ModelMetadata>
	 */
	public function listModelMetadata(): array {
		$backend = BackedProvider::backend();
		return null === $backend ? array() : $backend->models( $this->connector );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param string $model_id Model id.
	 */
	public function hasModelMetadata( string $model_id ): bool {
		foreach ( $this->listModelMetadata() as $model ) {
			if ( $model->getId() === $model_id ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param string $model_id Model id.
	 * @throws InvalidArgumentException For a model the administrator doesn't allow.
	 */
	public function getModelMetadata( string $model_id ): ModelMetadata {
		foreach ( $this->listModelMetadata() as $model ) {
			if ( $model->getId() === $model_id ) {
				return $model;
			}
		}
		// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- Becomes a WP_Error message.
		throw new InvalidArgumentException(
			sprintf(
				/* translators: 1: model name, 2: connector id. */
				__( 'BYOK AI: the model “%1$s” isn’t allowed for %2$s on this site.', 'byok-ai' ),
				$model_id,
				$this->connector
			)
		);
		// phpcs:enable
	}
}
