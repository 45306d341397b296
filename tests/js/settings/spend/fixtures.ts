/**
 * A spend settings answer as the server gives it.
 */
import type { SpendResponse } from '../../../../src/settings/components/spend/spend-form';

export const SPEND: SpendResponse = {
	currency: { code: 'EUR', symbol: '€', usd_rate: 0.92, decimals: 2 },
	prices: {
		openai_compatible: { '*': { input: 0, output: 0 } },
		azure_openai: {
			'my-deployment': { input: 2.5, output: 10, cached_input: 1.25 },
		},
	},
	budgets: {
		overall: { day: 5, month: 100 },
		providers: { openai: { month: 50 } },
		roles: { editor: { day: 1.5 } },
		tokens: { day: 200000 },
	},
	defaults: {
		checked: '2026-12-02',
		sources: { openai: 'https://platform.openai.com/docs/pricing' },
		models: { openai: { 'gpt-5.4-mini': { input: 0.75, output: 4.5 } } },
	},
	current: [
		{
			counter: 'overall',
			period: 'day',
			spent: 4000000,
			cap: 5000000,
			unit: 'micros',
		},
		{
			counter: 'tokens',
			period: 'day',
			spent: 1200,
			cap: 200000,
			unit: 'tokens',
		},
	],
};

/** The route's OPTIONS answer: the providers and roles a cap can name. */
export const SPEND_SCHEMA = {
	schema: {
		properties: {
			budgets: {
				type: 'object',
				properties: {
					providers: { properties: { openai: {}, gemini: {} } },
					roles: { properties: { editor: {} } },
				},
			},
		},
	},
};
