<?php
/**
 * Summaries that cost one upstream call.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

/**
 * Keeps each Summarize block's last complete summary in the post's own (protected) meta, next
 * to a fingerprint of everything that shaped it: the exact chat request (post text, title, the
 * block's settings) and the administrator's provider rules. A later visitor whose request has the
 * same fingerprint gets the stored summary without an upstream call; editing the post or the
 * block changes the fingerprint, and saving the post drops every stored summary. The summary is
 * the same for everyone and holds nothing per visitor, so it is safe to share.
 */
class SummaryCache {

	public const META = '_byok_ai_summaries';

	/**
	 * Drops a post's summaries whenever the post is saved (save_post).
	 */
	public function register(): void {
		add_action( 'save_post', array( $this, 'forget' ) );
	}

	/**
	 * Computes the fingerprint of a summary request.
	 *
	 * @param array<string, mixed> $request The chat request as sent.
	 * @param array<string, mixed> $rules   The policy parts that choose provider, model and length.
	 */
	public function fingerprint( array $request, array $rules ): string {
		return hash( 'sha256', (string) wp_json_encode( array( $request, $rules ) ) );
	}

	/**
	 * Returns a stored summary when its fingerprint matches.
	 *
	 * @param int    $post        Post id.
	 * @param string $block       Block instance id.
	 * @param string $fingerprint Expected fingerprint.
	 * @param bool   $fresh       Whether to read past this request's meta cache, for a summary
	 *                            another request may have stored meanwhile.
	 * @return array{text: string, finish_reason: string}|null
	 */
	public function get( int $post, string $block, string $fingerprint, bool $fresh = false ): ?array {
		if ( $fresh && ! wp_using_ext_object_cache() ) {
			// A persistent cache is updated by the request that stores; this request's own isn't.
			wp_cache_delete( $post, 'post_meta' );
		}
		$all   = get_post_meta( $post, self::META, true );
		$entry = is_array( $all ) && isset( $all[ $block ] ) && is_array( $all[ $block ] ) ? $all[ $block ] : null;
		if ( null === $entry || ! isset( $entry['fingerprint'], $entry['text'], $entry['finish_reason'] ) || ! hash_equals( $fingerprint, (string) $entry['fingerprint'] ) ) {
			return null;
		}
		return array(
			'text'          => (string) $entry['text'],
			'finish_reason' => (string) $entry['finish_reason'],
		);
	}

	/**
	 * Stores a summary.
	 *
	 * @param int    $post          Post id.
	 * @param string $block         Block instance id.
	 * @param string $fingerprint   Its fingerprint.
	 * @param string $text          Summary.
	 * @param string $finish_reason Why the model stopped.
	 */
	public function put( int $post, string $block, string $fingerprint, string $text, string $finish_reason ): void {
		$all           = get_post_meta( $post, self::META, true );
		$all           = is_array( $all ) ? $all : array();
		$all[ $block ] = array(
			'fingerprint'   => $fingerprint,
			'text'          => $text,
			'finish_reason' => $finish_reason,
			'created'       => time(),
		);
		// update_post_meta() unslashes what it stores: slash first, or backslashes in a summary are lost.
		update_post_meta( $post, self::META, wp_slash( $all ) );
	}

	/**
	 * Drops every summary of a post.
	 *
	 * @param int $post Post id.
	 */
	public function forget( $post ): void {
		$post = (int) $post;
		if ( $post > 0 && ! wp_is_post_revision( $post ) ) {
			delete_post_meta( $post, self::META );
		}
	}
}
