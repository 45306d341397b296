<?php
/**
 * Checks visitors' questions before they reach the model (opt-in).
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Http\HttpClient;
use ByokAi\Http\Request;
use ByokAi\Keys\KeyStore;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Usage\UsageLog;
use WP_Error;

/**
 * When the administrator turns it on (option byok_ai_moderation), each visitor question goes to
 * OpenAI's moderation endpoint (`POST {base URL}/moderations`, omni-moderation-latest) first, with
 * the stored OpenAI key and the OpenAI base-URL setting, through the plugin's HttpClient: the key
 * never leaves PHP. A flagged question gets a neutral refusal, costs no generation call and is
 * counted (a usage row with outcome 'moderated' and no cost). When the check can't be made (no
 * OpenAI key, the endpoint down, an unreadable answer) the question is refused too: the owner
 * asked for questions to be checked, so none goes unchecked (fail closed, counted as
 * byok_ai_moderation_failed). Questions that pass are not recorded: the check is free.
 *
 * Read only on the visitor path, when a question is asked: pages, summaries and previews never
 * load the option.
 */
final class Moderation {

	/** Option: '1' when visitor questions are checked. */
	public const OPTION = 'byok_ai_moderation';

	public const PROVIDER = 'openai';

	public const MODEL = 'omni-moderation-latest';

	/** A flagged question (usage outcome and error code). */
	public const FLAGGED = 'byok_ai_moderated';

	/** The check couldn't be made (usage outcome). */
	public const FAILED = 'byok_ai_moderation_failed';

	/** Seconds the check may take. */
	private const TIMEOUT = 10;

	private ProviderSettings $settings;

	private KeyStore $keys;

	private HttpClient $http;

	private UsageLog $usage;

	/**
	 * Stores the dependencies; reads nothing.
	 *
	 * @param ProviderSettings $settings Connection settings (OpenAI's base URL).
	 * @param KeyStore         $keys     Keys.
	 * @param HttpClient       $http     Transport.
	 * @param UsageLog         $usage    Usage records.
	 */
	public function __construct( ProviderSettings $settings, KeyStore $keys, HttpClient $http, UsageLog $usage ) {
		$this->settings = $settings;
		$this->keys     = $keys;
		$this->http     = $http;
		$this->usage    = $usage;
	}

	/**
	 * Tells whether the administrator turned the check on.
	 */
	public function enabled(): bool {
		return (bool) get_option( self::OPTION, false );
	}

	/**
	 * Registers the option, so that administrators set it through /wp/v2/settings
	 * (`byok_ai_moderation`: true or false). Hooked on rest_api_init and admin_init only.
	 */
	public static function register_setting(): void {
		register_setting(
			'byok_ai',
			self::OPTION,
			array(
				'type'              => 'boolean',
				'description'       => __( 'Check visitors’ questions with OpenAI’s moderation endpoint before they reach the model.', 'byok-ai' ),
				'default'           => false,
				'show_in_rest'      => true,
				'sanitize_callback' => 'rest_sanitize_boolean',
			)
		);
	}

	/**
	 * Checks a visitor's question, when the check is on.
	 *
	 * @param string $question The question.
	 * @param int    $post_id  The block's post (usage row).
	 * @param string $block_id The block (usage row).
	 * @return true|WP_Error byok_ai_moderated (422) when flagged; byok_ai_unavailable (503) when
	 *                       the check could not be made.
	 */
	public function check( string $question, int $post_id, string $block_id ) {
		if ( '' === trim( $question ) || ! $this->enabled() ) {
			return true;
		}
		$begin   = microtime( true );
		$flagged = $this->flagged( $question );
		if ( false === $flagged ) {
			return true;
		}
		$this->usage->record(
			array(
				'provider'      => self::PROVIDER,
				'model'         => self::MODEL,
				'input_tokens'  => 0,
				'output_tokens' => 0,
				'latency_ms'    => (int) round( ( microtime( true ) - $begin ) * 1000 ),
				'outcome'       => true === $flagged ? self::FLAGGED : self::FAILED,
				'streamed'      => false,
				'cause'         => 'visitor:' . $post_id,
				'cost_micros'   => 0,
				'post_id'       => $post_id,
				'block_id'      => $block_id,
			)
		);
		if ( true === $flagged ) {
			return new WP_Error( self::FLAGGED, __( 'The assistant can’t answer this question.', 'byok-ai' ), array( 'status' => 422 ) );
		}
		return VisitorView::unavailable();
	}

	/**
	 * Asks the moderation endpoint.
	 *
	 * @param string $question The question.
	 * @return bool|null Whether it was flagged; null when that couldn't be learnt.
	 */
	private function flagged( string $question ): ?bool {
		$provider = $this->settings->provider( self::PROVIDER );
		$key      = $this->keys->get( self::PROVIDER );
		if ( null === $provider || ! is_string( $key ) || '' === $key ) {
			return null;
		}
		$base     = $this->settings->get( $provider )['base_url'] ?? '';
		$request  = Request::json(
			rtrim( $base, '/' ) . '/moderations',
			array( 'Authorization' => 'Bearer ' . $key ),
			array(
				'model' => self::MODEL,
				'input' => $question,
			)
		);
		$response = '' === $base ? null : $this->http->send( $request, self::TIMEOUT );
		if ( null === $response || is_wp_error( $response ) || 200 !== $response->status ) {
			return null;
		}
		$json    = $response->json();
		$results = is_array( $json ) && isset( $json['results'] ) && is_array( $json['results'] ) ? $json['results'] : array();
		if ( ! $results ) {
			return null;
		}
		foreach ( $results as $result ) {
			if ( ! is_array( $result ) || ! isset( $result['flagged'] ) || ! is_bool( $result['flagged'] ) ) {
				return null;
			}
			if ( $result['flagged'] ) {
				return true;
			}
		}
		return false;
	}
}
