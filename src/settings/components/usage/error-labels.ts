/**
 * The usage log's outcome codes (the plugin's WP_Error codes) as people read them on the
 * dashboard. A code not listed here (another plugin's, a newer one) is shown as it is.
 */
import { __ } from '@wordpress/i18n';

const labels = (): Record<string, string> => ({
	// ErrorMap::KINDS: what a provider answered.
	byok_ai_key_invalid: __('Key rejected by the provider', 'byok-ai'),
	byok_ai_key_forbidden: __('Key not allowed for this model', 'byok-ai'),
	byok_ai_rate_limited: __('Rate limited by the provider', 'byok-ai'),
	byok_ai_overloaded: __('Provider overloaded', 'byok-ai'),
	byok_ai_timeout: __('Provider did not answer in time', 'byok-ai'),
	byok_ai_provider_unreachable: __('Provider unreachable', 'byok-ai'),
	byok_ai_upstream_error: __('Provider error', 'byok-ai'),
	byok_ai_upstream_rejected: __('Request refused by the provider', 'byok-ai'),
	byok_ai_malformed_response: __('Unreadable answer', 'byok-ai'),
	byok_ai_truncated: __('Answer cut short', 'byok-ai'),
	byok_ai_quota_exceeded: __('Provider credit or quota used up', 'byok-ai'),
	byok_ai_content_filtered: __(
		'Blocked by the provider’s content filter',
		'byok-ai'
	),
	byok_ai_output_exhausted: __('Answer length used up', 'byok-ai'),
	byok_ai_api_version: __('API version not supported', 'byok-ai'),
	// The HTTP client.
	byok_ai_http_blocked: __(
		'Outgoing requests blocked by the site',
		'byok-ai'
	),
	byok_ai_http_metadata: __('Cloud metadata address blocked', 'byok-ai'),
	byok_ai_http_timeout: __('Connection timed out', 'byok-ai'),
	byok_ai_http_unreachable: __('Connection failed', 'byok-ai'),
	byok_ai_http_stopped: __('Request stopped', 'byok-ai'),
	// The plugin's own limits and the reader.
	byok_ai_client_aborted: __('Stopped by the reader', 'byok-ai'),
	byok_ai_refused: __('Refused by the WordPress AI rules', 'byok-ai'),
	byok_ai_model_not_allowed: __('Model not allowed', 'byok-ai'),
	byok_ai_user_limited: __('Hourly limit per person reached', 'byok-ai'),
	byok_ai_visitor_limited: __('Visitor limit reached', 'byok-ai'),
	byok_ai_budget_exceeded: __('Budget reached', 'byok-ai'),
});

/**
 * A translated label for a known code, null for another one.
 * @param code The outcome as the usage log holds it.
 */
export function errorLabel(code: string): string | null {
	const known = labels();
	return Object.hasOwn(known, code) ? (known[code] ?? null) : null;
}
