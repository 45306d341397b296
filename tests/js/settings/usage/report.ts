/**
 * A usage report as GET byok-ai/v1/usage returns it, for the dashboard's tests.
 */
import type {
	DailyRow,
	UsageReport,
	UsageSums,
} from '../../../../src/settings/components/usage/types';

export function sums(overrides: Partial<UsageSums> = {}): UsageSums {
	return {
		requests: 1,
		errors: 0,
		input_tokens: 10,
		output_tokens: 5,
		cached_input_tokens: 0,
		reasoning_tokens: 0,
		cost_micros: 1000,
		unknown_cost: 0,
		...overrides,
	};
}

export function day(
	date: string,
	provider: string,
	overrides: Partial<DailyRow> = {}
): DailyRow {
	return { date, provider, kind: 'user', ...sums(), ...overrides };
}

export function report(overrides: Partial<UsageReport> = {}): UsageReport {
	return {
		today: [],
		last_30_days: [],
		days: 30,
		timezone: 'Europe/Paris',
		dates: ['2026-06-08', '2026-06-09', '2026-06-10'],
		daily: [],
		causes: [],
		top_posts: [],
		errors: [],
		currency: { code: 'USD', symbol: '$', decimals: 2 },
		budgets: [],
		...overrides,
	};
}
