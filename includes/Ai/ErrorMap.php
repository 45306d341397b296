<?php
/**
 * Turns provider failures into the plugin's own errors.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

use ByokAi\Http\Response;
use ByokAi\Keys\KeyFormat;
use ByokAi\Providers\Provider;
use WP_Error;

/**
 * One place that knows the plugin's chat error codes, their HTTP status, their translated
 * messages and which of them let a request fall back to the next provider.
 *
 * A provider's own error text never reaches a visitor. Administrators get it as `detail`, scrubbed
 * of anything key-like and cut short, because "model not found" is what they need to fix things.
 */
final class ErrorMap {

	/** Failure kinds an adapter can report, by plugin error code. */
	public const KINDS = array(
		'key_invalid'    => 'byok_ai_key_invalid',
		'key_forbidden'  => 'byok_ai_key_forbidden',
		'rate_limited'   => 'byok_ai_rate_limited',
		'overloaded'     => 'byok_ai_overloaded',
		'timeout'        => 'byok_ai_timeout',
		'unreachable'    => 'byok_ai_provider_unreachable',
		'upstream_error' => 'byok_ai_upstream_error',
		'rejected'       => 'byok_ai_upstream_rejected',
		'malformed'      => 'byok_ai_malformed_response',
		'truncated'      => 'byok_ai_truncated',
		'quota'          => 'byok_ai_quota_exceeded',
		'content_filter' => 'byok_ai_content_filtered',
		'output_limit'   => 'byok_ai_output_exhausted',
		'api_version'    => 'byok_ai_api_version',
	);

	/**
	 * Errors after which the next provider of the fallback chain is tried: transient ones, and
	 * those that belong to one provider's account or model (billing, API version, a model that
	 * spent the whole cap thinking), which another provider can serve. A content filter's verdict
	 * is not shopped around.
	 */
	public const FALLBACK_CODES = array(
		'byok_ai_rate_limited',
		'byok_ai_overloaded',
		'byok_ai_timeout',
		'byok_ai_provider_unreachable',
		'byok_ai_upstream_error',
		'byok_ai_quota_exceeded',
		'byok_ai_output_exhausted',
		'byok_ai_api_version',
	);

	/** Longest provider message kept for administrators. */
	private const DETAIL_LENGTH = 300;

	/**
	 * Maps a non-2xx upstream answer.
	 *
	 * @param Provider $provider Adapter.
	 * @param Response $response Upstream answer.
	 * @param string   $key      Key used ('' for none), scrubbed from any detail.
	 */
	public static function from_response( Provider $provider, Response $response, string $key ): WP_Error {
		return self::error( $provider, $provider->classify_error( $response ), $response->status, $provider->retry_after( $response ), $provider->error_message( $response ), $key );
	}

	/**
	 * Maps a transport failure from HttpClient (no HTTP answer at all).
	 *
	 * @param Provider $provider Adapter.
	 * @param WP_Error $error    byok_ai_http_timeout, byok_ai_http_unreachable, byok_ai_http_blocked or
	 *                           byok_ai_http_metadata (the site refuses to send: its own message stands).
	 */
	public static function from_transport( Provider $provider, WP_Error $error ): WP_Error {
		switch ( $error->get_error_code() ) {
			case 'byok_ai_http_blocked':
			case 'byok_ai_http_metadata':
				$error->add_data(
					array(
						'status'   => 502,
						'provider' => $provider->id(),
					)
				);
				return $error;
			case 'byok_ai_http_timeout':
				return self::error( $provider, 'timeout' );
			default:
				return self::error( $provider, 'unreachable' );
		}
	}

	/**
	 * Builds the error for a failure kind.
	 *
	 * @param Provider $provider    Adapter.
	 * @param string   $kind        A key of KINDS.
	 * @param int      $status      Upstream HTTP status, 0 when there was none.
	 * @param int|null $retry_after Seconds the provider asked to wait.
	 * @param string   $detail      The provider's own message, unscrubbed.
	 * @param string   $key         Key used, scrubbed from the detail.
	 */
	public static function error( Provider $provider, string $kind, int $status = 0, ?int $retry_after = null, string $detail = '', string $key = '' ): WP_Error {
		$label = $provider->label();
		$code  = self::KINDS[ $kind ] ?? self::KINDS['upstream_error'];
		$data  = array(
			'status'   => 502,
			'provider' => $provider->id(),
		);
		switch ( $code ) {
			case 'byok_ai_key_invalid':
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s rejected the site’s API key. An administrator needs to replace it on Settings → BYOK AI.', 'byok-ai' ), $label );
				break;
			case 'byok_ai_key_forbidden':
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s refused access with the site’s key: it has no permission for this model, project or region.', 'byok-ai' ), $label );
				break;
			case 'byok_ai_rate_limited':
				$data['status'] = 429;
				if ( null !== $retry_after ) {
					$data['retry_after'] = $retry_after;
					/* translators: 1: provider name, 2: number of seconds. */
					$message = sprintf( _n( '%1$s is receiving too many requests. Try again in %2$d second.', '%1$s is receiving too many requests. Try again in %2$d seconds.', $retry_after, 'byok-ai' ), $label, $retry_after );
				} else {
					/* translators: %s: provider name. */
					$message = sprintf( __( '%s is receiving too many requests. Try again shortly.', 'byok-ai' ), $label );
				}
				break;
			case 'byok_ai_overloaded':
				$data['status'] = 503;
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s is overloaded right now. Try again in a moment.', 'byok-ai' ), $label );
				break;
			case 'byok_ai_timeout':
				$data['status'] = 504;
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s did not answer in time.', 'byok-ai' ), $label );
				break;
			case 'byok_ai_provider_unreachable':
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s could not be reached.', 'byok-ai' ), $label );
				break;
			case 'byok_ai_upstream_rejected':
				$message = 0 === $status
					/* translators: %s: provider name. */
					? sprintf( __( '%s refused the request: the model or the request isn’t supported.', 'byok-ai' ), $label )
					/* translators: 1: provider name, 2: HTTP status code. */
					: sprintf( __( '%1$s refused the request (HTTP %2$d): the model or the request isn’t supported.', 'byok-ai' ), $label, $status );
				break;
			case 'byok_ai_quota_exceeded':
				$data['status'] = 402;
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s refused the request: the account behind the site’s key has run out of credit or reached its spending quota. Waiting won’t help: an administrator needs to add credit or raise the quota in the provider’s billing settings.', 'byok-ai' ), $label );
				break;
			case 'byok_ai_content_filtered':
				$data['status'] = 422;
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s’s content filter blocked this request or its answer. Rephrase the request; an administrator can review the content filter settings in the provider’s account.', 'byok-ai' ), $label );
				break;
			case 'byok_ai_output_exhausted':
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s used the whole answer length before writing any answer (reasoning models count their thinking against it). An administrator can raise the answer length on Settings → BYOK AI → Rules, or choose a model that thinks less.', 'byok-ai' ), $label );
				break;
			case 'byok_ai_api_version':
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s needs a newer API version for this deployment’s model. An administrator can set the API version the provider names on Settings → BYOK AI.', 'byok-ai' ), $label );
				break;
			case 'byok_ai_malformed_response':
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s sent an answer that could not be read.', 'byok-ai' ), $label );
				break;
			case 'byok_ai_truncated':
				/* translators: %s: provider name. */
				$message = sprintf( __( '%s stopped before the answer was complete.', 'byok-ai' ), $label );
				break;
			default:
				$message = 0 === $status
					/* translators: %s: provider name. */
					? sprintf( __( '%s reported an error while answering. Try again in a moment.', 'byok-ai' ), $label )
					/* translators: 1: provider name, 2: HTTP status code. */
					: sprintf( __( '%1$s had an internal error (HTTP %2$d). Try again in a moment.', 'byok-ai' ), $label, $status );
		}
		if ( '' !== $detail && current_user_can( 'manage_options' ) ) {
			$data['detail'] = self::detail( $detail, $key );
		}
		return new WP_Error( $code, $message, $data );
	}

	/**
	 * Tells whether an error lets the request move on to the next provider.
	 *
	 * @param WP_Error $error Error.
	 */
	public static function allows_fallback( WP_Error $error ): bool {
		return in_array( $error->get_error_code(), self::FALLBACK_CODES, true );
	}

	/**
	 * Reads a Retry-After header given in seconds or as an HTTP date.
	 *
	 * @param Response $response Upstream answer.
	 */
	public static function retry_after_header( Response $response ): ?int {
		$value = trim( $response->headers['retry-after'] ?? '' );
		if ( '' === $value ) {
			return null;
		}
		if ( ctype_digit( $value ) ) {
			return min( 86400, (int) $value );
		}
		$time = strtotime( $value );
		return false === $time ? null : max( 0, min( 86400, $time - time() ) );
	}

	/**
	 * Cleans a provider's message for an administrator: no key pieces, no markup, one short line.
	 * Only administrators may be shown the result.
	 *
	 * @param string $text Provider message.
	 * @param string $key  Key used.
	 */
	public static function detail( string $text, string $key ): string {
		$text = KeyFormat::scrub( wp_strip_all_tags( $text ), $key );
		$text = trim( (string) preg_replace( '/\s+/', ' ', $text ) );
		return mb_strlen( $text ) > self::DETAIL_LENGTH ? mb_substr( $text, 0, self::DETAIL_LENGTH - 1 ) . '…' : $text;
	}

	/**
	 * Turns an answer that isn't one into an error: a content filter's refusal, or an empty
	 * answer cut by the output cap (a reasoning model that spent the cap thinking).
	 *
	 * @param Provider     $provider Adapter.
	 * @param ChatResponse $answer   Answer.
	 */
	public static function unusable( Provider $provider, ChatResponse $answer ): ?WP_Error {
		if ( 'content_filter' === $answer->finish_reason ) {
			return self::error( $provider, 'content_filter' );
		}
		if ( 'length' === $answer->finish_reason && '' === trim( $answer->text ) ) {
			return self::error( $provider, 'output_limit' );
		}
		return null;
	}

	/**
	 * The error for a site without any usable provider.
	 */
	public static function not_configured(): WP_Error {
		return new WP_Error(
			'byok_ai_not_configured',
			__( 'No AI provider is set up on this site yet. An administrator can add a key on Settings → BYOK AI.', 'byok-ai' ),
			array( 'status' => 503 )
		);
	}
}
