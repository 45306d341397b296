/**
 * Names of the spend caps for people.
 */
import { __, sprintf } from '@wordpress/i18n';
import { SINGLE_CAPS } from './spend-form';

const CAP_LABELS: Record<(typeof SINGLE_CAPS)[number], () => string> = {
	overall: () => __('All spending', 'byok-ai'),
	visitors: () => __('Visitors (blocks)', 'byok-ai'),
	users: () => __('Logged-in use, all together', 'byok-ai'),
	per_user: () => __('Each logged-in person', 'byok-ai'),
	tokens: () => __('Tokens of calls whose cost is unknown', 'byok-ai'),
};

export function capLabel(key: string): string {
	const [kind, name] = key.split(':');
	if (kind === 'provider' && name) {
		/* translators: %s: provider id. */
		return sprintf(__('Provider: %s', 'byok-ai'), name);
	}
	if (kind === 'role' && name) {
		/* translators: %s: role slug. */
		return sprintf(__('Each person with the role %s', 'byok-ai'), name);
	}
	return CAP_LABELS[kind as (typeof SINGLE_CAPS)[number]]?.() ?? key;
}
