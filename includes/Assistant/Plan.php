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

	/**
	 * The post.
	 *
	 * @var WP_Post
	 */
	public $post;

	/**
	 * The block's settings.
	 *
	 * @var BlockConfig
	 */
	public $config;

	/**
	 * Whether a visitor asks (answers and errors are shaped for the public) or an author previews.
	 *
	 * @var bool
	 */
	public $visitor;

	/**
	 * The question ('' for a summary).
	 *
	 * @var string
	 */
	public $question = '';

	/**
	 * Earlier turns, from a verified conversation token.
	 *
	 * @var list<Turn>
	 */
	public $turns = array();

	/**
	 * The request for the provider.
	 *
	 * @var ChatRequest
	 */
	public $chat;

	/**
	 * Summary cache fingerprint; null when the answer isn't cached.
	 *
	 * @var string|null
	 */
	public $fingerprint = null;

	/**
	 * A cached summary to serve instead of calling the provider.
	 *
	 * @var array{text: string, finish_reason: string}|null
	 */
	public $cached = null;

	/**
	 * The summary lease this request holds while it writes the summary; null when none.
	 *
	 * @var string|null
	 */
	public $lease = null;

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
