<?php
/**
 * One accepted assistant request, ready to answer.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Ai\ChatRequest;
use WP_Post;

/**
 * What AssistantService::plan_visit() or plan_preview() decided: every check passed, limits
 * counted, and either the chat request to send or the cached summary to serve.
 *
 * @phpstan-import-type Turn from Conversation
 */
final class Plan {

	public WP_Post $post;

	public BlockConfig $config;

	/** Whether a visitor asks (answers and errors are shaped for the public) or an author previews. */
	public bool $visitor;

	/** The question ('' for a summary). */
	public string $question = '';

	/** @var list<Turn> Earlier turns, from a verified conversation token. */
	public array $turns = array();

	/** The request for the provider. */
	public ChatRequest $chat;

	/** Summary cache fingerprint; null when the answer isn't cached. */
	public ?string $fingerprint = null;

	/** @var array{text: string, finish_reason: string}|null A cached summary to serve instead of calling the provider. */
	public ?array $cached = null;

	/** The summary lease this request holds while it writes the summary; null when none. */
	public ?string $lease = null;

	/**
	 * Stores the parts every plan has.
	 *
	 * @param WP_Post     $post    The post.
	 * @param BlockConfig $config  The block's settings.
	 * @param bool        $visitor Whether a visitor asks.
	 * @param ChatRequest $chat    The request for the provider.
	 */
	public function __construct( WP_Post $post, BlockConfig $config, bool $visitor, ChatRequest $chat ) {
		$this->post    = $post;
		$this->config  = $config;
		$this->visitor = $visitor;
		$this->chat    = $chat;
	}
}
