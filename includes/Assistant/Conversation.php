<?php
/**
 * Follow-up questions without server-side sessions.
 *
 * @package ByokAi
 */

namespace ByokAi\Assistant;

use ByokAi\Crypto\Secret;
use WP_Error;

/**
 * The earlier turns of a visitor's conversation travel with the visitor as a token the server
 * signed (HMAC-SHA-512/256 under a key derived from the site secret): readable, since it holds
 * only what the visitor asked and was answered, but not forgeable. A token is bound to one post
 * and one block, expires, and holds at most MAX_TURNS turns of bounded length, so a visitor can
 * neither invent what "the assistant said" nor grow the prompt without limit.
 *
 * Nothing is stored on the server, so a full-page cache can serve the block to everyone.
 *
 * @phpstan-type Turn array{0: string, 1: string}
 */
class Conversation {

	/** Earlier turns a follow-up may carry. */
	public const MAX_TURNS = 5;

	/** Longest question, in characters. */
	public const MAX_QUESTION_LENGTH = 1000;

	/** Longest answer kept for the next turn, in characters. */
	public const MAX_ANSWER_LENGTH = 4000;

	/** Seconds a token stays valid. */
	public const LIFETIME = 6 * HOUR_IN_SECONDS;

	/** Longest token accepted, in bytes (MAX_TURNS full turns, base64, with room to spare). */
	public const MAX_TOKEN_LENGTH = 60000;

	private Secret $secret;

	/**
	 * Stores the secret.
	 *
	 * @param Secret $secret Site secret.
	 */
	public function __construct( Secret $secret ) {
		$this->secret = $secret;
	}

	/**
	 * Signs the turns of a conversation.
	 *
	 * @param int    $post  Post id.
	 * @param string $block Block instance id.
	 * @param array  $turns Question and answer pairs, oldest first.
	 * @phpstan-param list<Turn> $turns
	 * @param int    $now   Current time.
	 * @return string|WP_Error Token, or why it can't be made (no site secret).
	 */
	public function sign( int $post, string $block, array $turns, int $now ) {
		$key = $this->secret->subkey( 'conversation' );
		if ( is_wp_error( $key ) ) {
			return $key;
		}
		$kept = array();
		foreach ( array_slice( $turns, -self::MAX_TURNS ) as $turn ) {
			$kept[] = array( $turn[0], mb_substr( $turn[1], 0, self::MAX_ANSWER_LENGTH ) );
		}
		$payload = (string) wp_json_encode(
			array(
				'v' => 1,
				'p' => $post,
				'b' => $block,
				'e' => $now + self::LIFETIME,
				't' => $kept,
			),
			JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
		);
		return self::encode( $payload ) . '.' . self::encode( sodium_crypto_auth( $payload, $key ) );
	}

	/**
	 * Reads what a visitor sends a block: a question of bounded length and the signed token of
	 * the turns so far (ask mode), or nothing at all (summarize mode).
	 *
	 * @param BlockConfig $config   Block settings.
	 * @param int         $post     Post id.
	 * @param string|null $question The question, null when none was sent.
	 * @param string|null $history  Conversation token, null when none was sent.
	 * @param int         $now      Current time.
	 * @return array{0: string, 1: list<Turn>}|WP_Error The question ('' for a summary) and the
	 *                                                  earlier turns.
	 */
	public function visit( BlockConfig $config, int $post, ?string $question, ?string $history, int $now ) {
		if ( 'summarize' === $config->mode ) {
			if ( null !== $question || null !== $history ) {
				return new WP_Error( 'byok_ai_invalid_question', __( 'This assistant summarizes the post; it doesn’t take questions.', 'byok-ai' ), array( 'status' => 400 ) );
			}
			return array( '', array() );
		}
		$question = null === $question ? '' : trim( $question );
		if ( '' === $question || mb_strlen( $question ) > self::MAX_QUESTION_LENGTH ) {
			/* translators: %d: maximum number of characters. */
			return new WP_Error( 'byok_ai_invalid_question', sprintf( __( 'Type a question of at most %d characters.', 'byok-ai' ), self::MAX_QUESTION_LENGTH ), array( 'status' => 400 ) );
		}
		$turns = array();
		if ( null !== $history && '' !== $history ) {
			$turns = $this->verify( $history, $post, $config->id, $now );
			if ( is_wp_error( $turns ) ) {
				return $turns;
			}
		}
		return array( $question, $turns );
	}

	/**
	 * Checks a token and returns its turns.
	 *
	 * @param string $token Token from the client.
	 * @param int    $post  Post the request names.
	 * @param string $block Block the request names.
	 * @param int    $now   Current time.
	 * @return list<Turn>|WP_Error byok_ai_conversation_invalid (forged, altered, for another
	 *                             block, malformed) or byok_ai_conversation_expired.
	 */
	public function verify( string $token, int $post, string $block, int $now ) {
		$key = $this->secret->subkey( 'conversation' );
		if ( is_wp_error( $key ) ) {
			return $key;
		}
		$parts = explode( '.', $token );
		if ( strlen( $token ) > self::MAX_TOKEN_LENGTH || 2 !== count( $parts ) ) {
			return $this->invalid();
		}
		$payload = self::decode( $parts[0] );
		$mac     = self::decode( $parts[1] );
		if ( null === $payload || null === $mac || SODIUM_CRYPTO_AUTH_BYTES !== strlen( $mac ) || ! sodium_crypto_auth_verify( $mac, $payload, $key ) ) {
			return $this->invalid();
		}
		$data  = json_decode( $payload, true );
		$bound = is_array( $data ) && ( $data['p'] ?? null ) === $post && ( $data['b'] ?? null ) === $block;
		if ( ! $bound || 1 !== ( $data['v'] ?? null ) || ! is_int( $data['e'] ?? null ) || ! is_array( $data['t'] ?? null ) ) {
			return $this->invalid();
		}
		if ( $data['e'] < $now ) {
			return new WP_Error( 'byok_ai_conversation_expired', __( 'This conversation has expired. Start a new one.', 'byok-ai' ), array( 'status' => 400 ) );
		}
		$turns = array();
		foreach ( $data['t'] as $turn ) {
			if ( ! is_array( $turn ) || 2 !== count( $turn ) || ! is_string( $turn[0] ?? null ) || ! is_string( $turn[1] ?? null ) ) {
				return $this->invalid();
			}
			$turns[] = array( $turn[0], $turn[1] );
		}
		return count( $turns ) > self::MAX_TURNS ? $this->invalid() : $turns;
	}

	/**
	 * The refusal for a token the server didn't sign for this block.
	 */
	private function invalid(): WP_Error {
		return new WP_Error( 'byok_ai_conversation_invalid', __( 'This conversation can’t be continued. Start a new one.', 'byok-ai' ), array( 'status' => 400 ) );
	}

	/**
	 * URL-safe base64 without padding.
	 *
	 * @param string $bytes Raw bytes.
	 */
	private static function encode( string $bytes ): string {
		return sodium_bin2base64( $bytes, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING );
	}

	/**
	 * Reverses encode(); null for anything else.
	 *
	 * @param string $text Encoded text.
	 */
	private static function decode( string $text ): ?string {
		if ( '' === $text || 1 !== preg_match( '/^[A-Za-z0-9_-]+$/', $text ) ) {
			return null;
		}
		try {
			return sodium_base642bin( $text, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING );
		} catch ( \SodiumException $e ) {
			return null;
		}
	}
}
