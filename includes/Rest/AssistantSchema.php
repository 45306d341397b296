<?php
/**
 * The JSON schemas of the AI Assistant block's routes.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Assistant\BlockConfig;
use ByokAi\Assistant\Conversation;

/**
 * One schema per route: the request bodies of POST /assistant and POST /assistant/preview (their
 * route arguments come from them) and the answer of GET /assistant/options. OPTIONS on each route
 * returns it.
 */
final class AssistantSchema {

	/**
	 * JSON schema of a visitor's question (POST /assistant).
	 *
	 * @return array<string, mixed>
	 */
	public static function ask(): array {
		return self::object_schema(
			'byok-ai-assistant-question',
			array(
				'post'     => array(
					'description' => __( 'The post that holds the block.', 'byok-ai' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'required'    => true,
				),
				'block'    => array(
					'description' => __( 'The block’s instance id.', 'byok-ai' ),
					'type'        => 'string',
					'pattern'     => BlockConfig::BLOCK_ID_PATTERN,
					'required'    => true,
				),
				'question' => array(
					'description' => __( 'The visitor’s question (ask mode only).', 'byok-ai' ),
					'type'        => 'string',
					'minLength'   => 1,
					'maxLength'   => Conversation::MAX_QUESTION_LENGTH,
				),
				'history'  => array(
					'description' => __( 'The conversation token of the previous answer.', 'byok-ai' ),
					'type'        => 'string',
					'maxLength'   => Conversation::MAX_TOKEN_LENGTH,
				),
			)
		);
	}

	/**
	 * JSON schema of an author's preview (POST /assistant/preview).
	 *
	 * @return array<string, mixed>
	 */
	public static function preview(): array {
		return self::object_schema(
			'byok-ai-assistant-preview',
			array(
				'post'       => array(
					'description' => __( 'The post being edited.', 'byok-ai' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'required'    => true,
				),
				'attributes' => array(
					'description' => __( 'The block’s attributes in the editor.', 'byok-ai' ),
					'type'        => 'object',
					'required'    => true,
				),
				'content'    => array(
					'description' => __( 'The post content in the editor.', 'byok-ai' ),
					'type'        => 'string',
					'maxLength'   => AssistantController::MAX_PREVIEW_CONTENT,
					'default'     => '',
				),
				'question'   => array(
					'description' => __( 'The question to try (ask mode).', 'byok-ai' ),
					'type'        => 'string',
					'maxLength'   => Conversation::MAX_QUESTION_LENGTH,
					'default'     => '',
				),
			)
		);
	}

	/**
	 * JSON schema of GET /assistant/options: what an author may choose, and the block's limits.
	 *
	 * @return array<string, mixed>
	 */
	public static function options(): array {
		$integer = array( 'type' => 'integer' );
		return self::object_schema(
			'byok-ai-assistant-options',
			array(
				'usable'         => array( 'type' => 'boolean' ),
				'can_manage'     => array( 'type' => 'boolean' ),
				'providers'      => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'id'     => array( 'type' => 'string' ),
							'label'  => array( 'type' => 'string' ),
							'models' => array(
								'type'  => 'array',
								'items' => array( 'type' => 'string' ),
							),
						),
					),
				),
				'max_tokens_cap' => $integer,
				'limits'         => array(
					'type'       => 'object',
					'properties' => array_fill_keys( array( 'question', 'instructions', 'suggestions', 'suggestion', 'label' ), $integer ),
				),
			)
		);
	}

	/**
	 * A closed object schema.
	 *
	 * @param string                              $title      Title.
	 * @param array<string, array<string, mixed>> $properties Properties.
	 * @return array<string, mixed>
	 */
	private static function object_schema( string $title, array $properties ): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => $title,
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => $properties,
		);
	}
}
