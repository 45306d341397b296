<?php
/**
 * One AI Assistant block's settings, as saved in the post.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Ai\ChatRequest;

/**
 * Reads a block's saved attributes into bounded values. Whatever the post's markup says (an
 * author can type any attribute into the code editor), what comes out is within these bounds;
 * the administrator's policy (allowed providers and models, output cap) applies on top.
 */
final class BlockConfig {

	public const BLOCK_NAME = 'byok-ai/assistant';

	public const MAX_INSTRUCTIONS  = 2000;
	public const MAX_LABEL         = 200;
	public const MAX_SUGGESTIONS   = 3;
	public const MAX_SUGGESTION    = 120;
	public const BLOCK_ID_PATTERN  = '^[a-z0-9]{8,32}$';
	public const MIN_ANSWER_TOKENS = 16;

	/** How many synced patterns deep find() looks (a pattern can show another, or itself). */
	private const MAX_PATTERN_DEPTH = 3;

	/** Stable instance id, set by the editor on insert. */
	public string $id = '';

	public string $mode = 'ask';

	/** Whether answers draw on the post's content (ask mode). */
	public bool $grounded = true;

	public string $instructions = '';

	/** Provider chosen by the author, '' for the site's default. */
	public string $provider = '';

	/** Model chosen by the author, '' for the provider's default. */
	public string $model = '';

	/** Answer length in tokens; 0 for the administrator's cap. */
	public int $max_tokens = 0;

	/** Label of the question field ('' for the default wording). */
	public string $label = '';

	/** Placeholder of the question field. */
	public string $placeholder = '';

	/** Text of the submit button. */
	public string $button_text = '';

	/** @var list<string> */
	public array $suggestions = array();

	/**
	 * Reads saved attributes; anything missing, mistyped or too long falls back or is cut.
	 *
	 * @param array<mixed> $attributes Block attributes.
	 */
	public static function from_attributes( array $attributes ): self {
		$config = new self();
		$id     = self::text( $attributes, 'blockId', 32 );
		if ( 1 === preg_match( '/' . self::BLOCK_ID_PATTERN . '/', $id ) ) {
			$config->id = $id;
		}
		$config->mode         = 'summarize' === ( $attributes['mode'] ?? '' ) ? 'summarize' : 'ask';
		$config->grounded     = ! isset( $attributes['grounded'] ) || false !== $attributes['grounded'];
		$config->instructions = self::text( $attributes, 'instructions', self::MAX_INSTRUCTIONS );
		$config->provider     = sanitize_key( self::text( $attributes, 'provider', 32 ) );
		$model                = self::text( $attributes, 'model', 128 );
		$config->model        = 1 === preg_match( '#' . ChatRequest::MODEL_PATTERN . '#', $model ) ? $model : '';
		$tokens               = $attributes['maxTokens'] ?? 0;
		$config->max_tokens   = is_int( $tokens ) && $tokens > 0 ? max( self::MIN_ANSWER_TOKENS, min( $tokens, ChatRequest::MAX_TOKENS_LIMIT ) ) : 0;
		$config->label        = self::text( $attributes, 'label', self::MAX_LABEL );
		$config->placeholder  = self::text( $attributes, 'placeholder', self::MAX_LABEL );
		$config->button_text  = self::text( $attributes, 'buttonText', self::MAX_LABEL );
		$suggestions          = isset( $attributes['suggestions'] ) && is_array( $attributes['suggestions'] ) ? $attributes['suggestions'] : array();
		foreach ( $suggestions as $suggestion ) {
			$suggestion = is_string( $suggestion ) ? trim( mb_substr( $suggestion, 0, self::MAX_SUGGESTION ) ) : '';
			if ( '' !== $suggestion && count( $config->suggestions ) < self::MAX_SUGGESTIONS ) {
				$config->suggestions[] = $suggestion;
			}
		}
		return $config;
	}

	/**
	 * Finds a block by instance id in post content, however deeply nested, including inside the
	 * published synced patterns (reusable blocks, `core/block`) the content shows.
	 *
	 * @param string $content Post content.
	 * @param string $id      Block instance id.
	 * @param int    $depth   Patterns followed so far (a pattern may show another, or itself).
	 */
	public static function find( string $content, string $id, int $depth = 0 ): ?self {
		if ( '' === $id || ( false === strpos( $content, 'wp:' . self::BLOCK_NAME ) && false === strpos( $content, '<!-- wp:block ' ) ) ) {
			return null;
		}
		return self::search( parse_blocks( $content ), $id, $depth );
	}

	/**
	 * What identifies this configuration, for the summary cache.
	 *
	 * @return array<string, mixed>
	 */
	public function to_array(): array {
		return get_object_vars( $this );
	}

	/**
	 * Depth-first search of parsed blocks.
	 *
	 * @param array<mixed> $blocks Parsed blocks.
	 * @param string       $id     Block instance id.
	 * @param int          $depth  Patterns followed so far.
	 */
	private static function search( array $blocks, string $id, int $depth ): ?self {
		foreach ( $blocks as $block ) {
			if ( ! is_array( $block ) ) {
				continue;
			}
			$name  = $block['blockName'] ?? null;
			$attrs = is_array( $block['attrs'] ?? null ) ? $block['attrs'] : array();
			$found = null;
			if ( self::BLOCK_NAME === $name ) {
				$config = self::from_attributes( $attrs );
				$found  = $id === $config->id ? $config : null;
			} elseif ( 'core/block' === $name && isset( $attrs['ref'] ) && is_int( $attrs['ref'] ) && $depth < self::MAX_PATTERN_DEPTH ) {
				$pattern = get_post( $attrs['ref'] );
				if ( $pattern instanceof \WP_Post && 'wp_block' === $pattern->post_type && 'publish' === $pattern->post_status && '' === $pattern->post_password ) {
					$found = self::find( $pattern->post_content, $id, $depth + 1 );
				}
			}
			if ( null === $found && ! empty( $block['innerBlocks'] ) && is_array( $block['innerBlocks'] ) ) {
				$found = self::search( $block['innerBlocks'], $id, $depth );
			}
			if ( null !== $found ) {
				return $found;
			}
		}
		return null;
	}

	/**
	 * Reads a string attribute, cut to a length.
	 *
	 * @param array<mixed> $attributes Attributes.
	 * @param string       $name       Attribute.
	 * @param int          $max        Longest value.
	 */
	private static function text( array $attributes, string $name, int $max ): string {
		$value = $attributes[ $name ] ?? '';
		return is_string( $value ) ? trim( mb_substr( wp_check_invalid_utf8( $value ), 0, $max ) ) : '';
	}
}
