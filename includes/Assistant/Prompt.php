<?php
/**
 * What the model is told for an assistant block.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Ai\ChatRequest;

/**
 * Builds the chat request of an Ask or Summarize block from the block's settings, the post and
 * the visitor's question: the only place these prompts are written, for visitors and for the
 * author's preview alike. The wording is for the model, so it stays in English; the model answers
 * in the language of the question or the post.
 *
 * @phpstan-import-type Turn from Conversation
 */
final class Prompt {

	/** Room kept for the post's text in a summary request, in characters. */
	private const SUMMARY_TEXT = 18000;

	/**
	 * Builds the request's arguments (for ChatRequest::from_array()).
	 *
	 * @param BlockConfig $config   Block settings.
	 * @param string      $title    Post title.
	 * @param string      $content  Post content (block markup).
	 * @param string      $question The visitor's question ('' for a summary).
	 * @param array       $turns    Earlier turns.
	 * @phpstan-param list<Turn> $turns
	 * @return array{system: string, messages: list<array{role: string, content: string}>}
	 */
	public static function build( BlockConfig $config, string $title, string $content, string $question, array $turns ): array {
		$site  = wp_strip_all_tags( get_bloginfo( 'name' ) );
		$title = wp_strip_all_tags( $title );
		$style = 'Write plain text or simple Markdown (paragraphs, lists, bold, italic, links); never HTML.';
		$own   = '' !== $config->instructions ? "\n\nThe site's instructions:\n" . $config->instructions : '';

		if ( 'summarize' === $config->mode ) {
			return array(
				'system'   => 'You summarize posts of the website "' . $site . '" for its visitors. Write a short, faithful summary in the language of the post. ' . $style . $own,
				'messages' => array(
					array(
						'role'    => 'user',
						'content' => "Summarize this post.\n\n<post>\nTitle: " . $title . "\n\n" . mb_substr( self::post_text( $content ), 0, self::SUMMARY_TEXT ) . "\n</post>",
					),
				),
			);
		}

		$system = 'You answer questions from visitors of the website "' . $site . '" about the page they are reading. Answer concisely, in the language of the question. ' . $style . $own;
		if ( $config->grounded ) {
			$head    = "\n\nBase your answers on the post below. If it doesn't answer the question, say so.\n\n<post>\nTitle: " . $title . "\n\n";
			$room    = ChatRequest::MAX_SYSTEM_LENGTH - mb_strlen( $system ) - mb_strlen( $head ) - 10;
			$system .= $head . mb_substr( self::post_text( $content ), 0, max( 0, $room ) ) . "\n</post>";
		}
		$messages = array();
		foreach ( $turns as $turn ) {
			if ( '' === trim( $turn[0] ) || '' === trim( $turn[1] ) ) {
				continue;
			}
			$messages[] = array(
				'role'    => 'user',
				'content' => $turn[0],
			);
			$messages[] = array(
				'role'    => 'assistant',
				'content' => $turn[1],
			);
		}
		$messages[] = array(
			'role'    => 'user',
			'content' => $question,
		);
		return array(
			'system'   => $system,
			'messages' => $messages,
		);
	}

	/**
	 * Turns post content into the text a model reads: no markup, no shortcodes, and without the
	 * assistant blocks themselves.
	 *
	 * @param string $content Post content.
	 */
	public static function post_text( string $content ): string {
		$html = '';
		foreach ( self::without_assistants( parse_blocks( $content ) ) as $block ) {
			$html .= serialize_block( $block );
		}
		$text = html_entity_decode( wp_strip_all_tags( strip_shortcodes( $html ) ), ENT_QUOTES | ENT_HTML5, 'UTF-8' );
		$text = (string) preg_replace( '/[ \t]+/u', ' ', $text );
		$text = (string) preg_replace( '/\s*\n\s*\n\s*/u', "\n\n", $text );
		return trim( $text );
	}

	/**
	 * Drops assistant blocks, however deeply nested.
	 *
	 * @param array<mixed> $blocks Parsed blocks.
	 * @return list<array<string, mixed>>
	 */
	private static function without_assistants( array $blocks ): array {
		$kept = array();
		foreach ( $blocks as $block ) {
			if ( ! is_array( $block ) || BlockConfig::BLOCK_NAME === ( $block['blockName'] ?? null ) ) {
				continue;
			}
			if ( ! empty( $block['innerBlocks'] ) && is_array( $block['innerBlocks'] ) ) {
				$block['innerBlocks'] = self::without_assistants( $block['innerBlocks'] );
				// serialize_block() interleaves innerContent with innerBlocks: drop the slots of removed ones.
				$block['innerContent'] = self::inner_content( $block );
			}
			$kept[] = $block;
		}
		return $kept;
	}

	/**
	 * Keeps as many null slots (inner block positions) in innerContent as there are inner blocks.
	 *
	 * @param array<string, mixed> $block Parsed block with filtered innerBlocks.
	 * @return list<string|null>
	 */
	private static function inner_content( array $block ): array {
		$slots   = count( $block['innerBlocks'] );
		$content = array();
		foreach ( (array) ( $block['innerContent'] ?? array() ) as $piece ) {
			if ( null === $piece ) {
				if ( $slots <= 0 ) {
					continue;
				}
				--$slots;
			}
			$content[] = is_string( $piece ) ? $piece : null;
		}
		return $content;
	}
}
