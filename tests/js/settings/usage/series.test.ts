import { buildSeries } from '../../../../src/settings/components/usage/series';
import { stack } from '../../../../src/settings/components/usage/UsageChart';
import {
	formatCost,
	formatMoney,
} from '../../../../src/settings/components/usage/format';
import { day, report } from './report';

jest.mock('uplot', () => ({ __esModule: true, default: jest.fn() }));

const USD = { code: 'USD', symbol: '$', decimals: 2 };

describe('buildSeries', () => {
	const data = report({
		daily: [
			day('2026-06-08', 'openai', { requests: 2, cost_micros: 500000 }),
			day('2026-06-10', 'openai', {
				requests: 1,
				kind: 'block',
				cost_micros: null,
				unknown_cost: 1,
			}),
			day('2026-06-10', 'openai', { requests: 4, cost_micros: 250000 }),
			day('2026-06-09', 'gemini', {
				requests: 9,
				cost_micros: 2000000,
				input_tokens: 100,
				output_tokens: 1,
			}),
			// Outside the period's days: ignored by the values.
			day('2026-01-01', 'gemini', { requests: 100 }),
		],
	});

	it('puts one value per day and provider, most used provider first', () => {
		expect(buildSeries(data, 'requests')).toEqual({
			providers: ['gemini', 'openai'],
			values: [
				[0, 9, 0],
				[2, 0, 5],
			],
			unknownCost: 1,
		});
	});

	it('counts cost in currency units, an unknown cost as nothing, and tokens in and out', () => {
		expect(buildSeries(data, 'cost').values).toEqual([
			[0, 2, 0],
			[0.5, 0, 0.25],
		]);
		expect(buildSeries(data, 'tokens').values).toEqual([
			[0, 101, 0],
			[15, 0, 30],
		]);
	});

	it('stacks the providers for the chart', () => {
		expect(
			stack([
				[1, 0, 2],
				[3, 4, 0],
			])
		).toEqual([
			[1, 0, 2],
			[4, 4, 2],
		]);
	});
});

describe('formatCost', () => {
	it('says unknown when no call had a price, never 0', () => {
		expect(formatCost({ cost_micros: null, unknown_cost: 3 }, USD)).toBe(
			'Unknown'
		);
		expect(formatCost({ cost_micros: 0, unknown_cost: 0 }, USD)).toBe(
			'$0.00'
		);
		expect(formatCost({ cost_micros: 1234567, unknown_cost: 2 }, USD)).toBe(
			'$1.23 + 2 unknown'
		);
		expect(formatMoney(0.0004, USD)).toBe('< $0.01');
	});
});
