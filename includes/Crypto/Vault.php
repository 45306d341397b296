<?php
/**
 * Authenticated encryption of provider keys.
 *
 * @package ByokAi
 */

namespace ByokAi\Crypto;

use WP_Error;

/**
 * Seals and opens secrets with XChaCha20-Poly1305 (libsodium, or WordPress's sodium_compat).
 *
 * Envelope: "byokai1." + base64url( key id (8 bytes) ‖ nonce (24 bytes) ‖ ciphertext+tag ).
 * The associated data binds the ciphertext to the envelope version, the key id and its slot
 * (provider and site), so an envelope copied to another slot or edited in any way fails to open.
 */
class Vault {

	private const PREFIX   = 'byokai1.';
	private const ID_BYTES = 8;

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
	 * Tells whether secrets can be sealed, and if not, why.
	 *
	 * @return true|WP_Error
	 */
	public function is_ready() {
		$derived = $this->secret->derive();
		return is_wp_error( $derived ) ? $derived : true;
	}

	/**
	 * Returns where the secret comes from: 'environment', 'constant', 'salts', or null when unusable.
	 */
	public function secret_source(): ?string {
		$derived = $this->secret->derive();
		return is_wp_error( $derived ) ? null : $derived['source'];
	}

	/**
	 * Encrypts a plaintext for one slot.
	 *
	 * @param string $plaintext Secret to seal.
	 * @param string $slot      Identifies where the envelope may be opened, e.g. "key:openai@1".
	 * @return string|WP_Error Envelope, or why it couldn't be made.
	 */
	public function seal( string $plaintext, string $slot ) {
		$derived = $this->secret->derive();
		if ( is_wp_error( $derived ) ) {
			return $derived;
		}
		$nonce      = random_bytes( SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES );
		$ciphertext = sodium_crypto_aead_xchacha20poly1305_ietf_encrypt(
			$plaintext,
			$this->associated_data( $derived['id'], $slot ),
			$nonce,
			$derived['key']
		);
		return self::PREFIX . sodium_bin2base64( $derived['id'] . $nonce . $ciphertext, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING );
	}

	/**
	 * Decrypts an envelope made for the same slot.
	 *
	 * @param string $envelope Envelope from seal().
	 * @param string $slot     The slot it was sealed for.
	 * @return string|WP_Error Plaintext, or byok_ai_secret_changed / byok_ai_envelope_invalid / the secret's error.
	 */
	public function open( string $envelope, string $slot ) {
		$prepared = $this->prepare( $envelope );
		if ( is_wp_error( $prepared ) ) {
			return $prepared;
		}
		list( $derived, $raw ) = $prepared;
		$id                    = substr( $raw, 0, self::ID_BYTES );
		if ( ! hash_equals( $derived['id'], $id ) ) {
			return self::secret_changed();
		}
		$nonce      = substr( $raw, self::ID_BYTES, SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES );
		$ciphertext = substr( $raw, self::ID_BYTES + SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES );
		try {
			$plaintext = sodium_crypto_aead_xchacha20poly1305_ietf_decrypt( $ciphertext, $this->associated_data( $id, $slot ), $nonce, $derived['key'] );
		} catch ( \Throwable $e ) {
			// sodium_compat throws where ext/sodium returns false; both mean "not authentic".
			$plaintext = false;
		}
		return is_string( $plaintext ) ? $plaintext : $this->invalid();
	}

	/**
	 * Derives the current keys and unpacks an envelope, or says why it can't be opened.
	 *
	 * @param string $envelope Envelope from seal().
	 * @return array{0: array{key: string, id: string, source: string}, 1: string}|WP_Error
	 */
	private function prepare( string $envelope ) {
		$derived = $this->secret->derive();
		if ( is_wp_error( $derived ) ) {
			return $derived;
		}
		$raw = $this->unpack( $envelope );
		return null === $raw ? $this->invalid() : array( $derived, $raw );
	}

	/**
	 * Tells whether an envelope was sealed with the current secret, without decrypting it.
	 *
	 * @param string $envelope Envelope from seal().
	 * @return true|WP_Error
	 */
	public function can_open( string $envelope ) {
		$prepared = $this->prepare( $envelope );
		if ( is_wp_error( $prepared ) ) {
			return $prepared;
		}
		list( $derived, $raw ) = $prepared;
		return hash_equals( $derived['id'], substr( $raw, 0, self::ID_BYTES ) ) ? true : self::secret_changed();
	}

	/**
	 * Decodes an envelope's body, or returns null when it isn't one.
	 *
	 * @param string $envelope Candidate envelope.
	 */
	private function unpack( string $envelope ): ?string {
		if ( 0 !== strpos( $envelope, self::PREFIX ) ) {
			return null;
		}
		try {
			$raw = sodium_base642bin( substr( $envelope, strlen( self::PREFIX ) ), SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING );
		} catch ( \Throwable $e ) {
			return null;
		}
		$minimum = self::ID_BYTES + SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES + SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_ABYTES;
		return strlen( $raw ) >= $minimum ? $raw : null;
	}

	/**
	 * Builds the associated data for a key id and slot.
	 *
	 * @param string $id   Key id (binary).
	 * @param string $slot Slot name.
	 */
	private function associated_data( string $id, string $slot ): string {
		return 'byok-ai/v1|' . bin2hex( $id ) . '|' . $slot;
	}

	/**
	 * The error for an envelope that is damaged or belongs elsewhere.
	 */
	private function invalid(): WP_Error {
		return self::damaged();
	}

	/**
	 * The error for an envelope that doesn't open under the current secret: altered, truncated,
	 * or copied from another site or provider.
	 */
	public static function damaged(): WP_Error {
		return new WP_Error( 'byok_ai_envelope_invalid', __( 'The stored key is damaged (its encrypted copy was altered, truncated or copied from another site or provider), so it can’t be used. Enter the key again.', 'byok-ai' ) );
	}

	/**
	 * The error for an envelope sealed under a previous secret.
	 */
	public static function secret_changed(): WP_Error {
		return new WP_Error( 'byok_ai_secret_changed', __( 'The stored key can’t be decrypted because the site’s encryption secret (the wp-config.php salts or BYOK_AI_ENCRYPTION_KEY) has changed. Enter the key again.', 'byok-ai' ) );
	}
}
