/**
 * What the Usage panel's tests show: two providers and a report with a figure in every table.
 */
import type { UsageReport } from '../../../../src/settings/components/usage/types';
import { providerWithKey } from '../../fixtures';
import { day, report, sums } from './report';

export const PROVIDERS = [
	providerWithKey('openai', 'OpenAI'),
	providerWithKey('gemini', 'Google Gemini'),
];

export const USAGE: UsageReport = report({
	last_30_days: [
		{
			provider: 'openai',
			requests: 1200,
			errors: 3,
			input_tokens: 45678,
			output_tokens: 9876,
		},
		{
			provider: 'retired',
			requests: 1,
			errors: 1,
			input_tokens: 0,
			output_tokens: 0,
		},
	],
	daily: [
		day('2026-06-09', 'openai', { requests: 3, cost_micros: 1500000 }),
		day('2026-06-10', 'gemini', {
			requests: 2,
			cost_micros: null,
			unknown_cost: 2,
		}),
		day('2026-06-10', 'openai', { requests: 1, cost_micros: 250000 }),
	],
	causes: [
		{
			kind: 'plugin',
			source: 'plugin:akismet',
			label: 'plugin:akismet',
			...sums({ cost_micros: 1500000, requests: 3 }),
		},
		{
			kind: 'user',
			source: '7',
			label: 'Ada Editor',
			...sums({ cost_micros: null, unknown_cost: 2, requests: 2 }),
		},
		{
			kind: 'plugin',
			source: 'php:my-plugin',
			label: 'php:my-plugin',
			...sums({ cost_micros: 250000, unknown_cost: 1, requests: 2 }),
		},
	],
	top_posts: [
		{
			post_id: 12,
			block_id: 'abc123',
			title: 'Cats & dogs',
			...sums({ cost_micros: 900000, requests: 4 }),
		},
	],
	errors: [
		{ outcome: 'byok_ai_rate_limited', requests: 5 },
		{ outcome: 'other_plugin_error', requests: 1 },
	],
	budgets: [
		{
			counter: 'overall',
			period: 'month',
			unit: 'micros',
			spent: 8000000,
			limit: 10000000,
		},
		{
			counter: 'provider:openai',
			period: 'day',
			unit: 'micros',
			spent: 3000000,
			limit: 2000000,
		},
		{
			counter: 'tokens',
			period: 'day',
			unit: 'tokens',
			spent: 500,
			limit: 1000,
		},
	],
});
