import {
	check,
	formatMicros,
	fromForm,
	schemaKeys,
	toForm,
} from '../../../../src/settings/components/spend/spend-form';
import { SPEND } from './fixtures';

describe('spend form', () => {
	it('round-trips what the server sent', () => {
		const body = fromForm(toForm(SPEND));
		expect(body.currency).toEqual(SPEND.currency);
		expect(body.budgets).toEqual({
			overall: { day: 5, month: 100 },
			providers: { openai: { day: null, month: 50 } },
			roles: { editor: { day: 1.5, month: null } },
			tokens: { day: 200000, month: null },
		});
		expect(body.prices).toEqual({
			openai_compatible: {
				'*': {
					input: 0,
					output: 0,
					cached_input: null,
					reasoning: null,
				},
			},
			azure_openai: {
				'my-deployment': {
					input: 2.5,
					output: 10,
					cached_input: 1.25,
					reasoning: null,
				},
			},
		});
	});

	it('leaves out empty caps and nameless prices', () => {
		const form = toForm(SPEND);
		form.caps.overall = { day: '', month: '' };
		form.prices.push({
			provider: 'openai',
			model: ' ',
			input: '1',
			output: '1',
			cached_input: '',
			reasoning: '',
		});
		const body = fromForm(form);
		expect(body.budgets.overall).toBeUndefined();
		expect(body.prices.openai).toBeUndefined();
	});

	it('marks bad amounts, codes and missing prices', () => {
		const form = toForm(SPEND);
		form.caps.overall = { day: '-1', month: 'lots' };
		form.code = 'euro';
		form.prices[0] = { ...form.prices[0]!, input: '' };
		expect(Object.keys(check(form)).sort()).toEqual([
			'caps.overall.day',
			'caps.overall.month',
			'code',
			'prices.0.input',
		]);
		expect(check(toForm(SPEND))).toEqual({});
	});

	it('reads provider ids and roles from the route schema', () => {
		const schema = {
			budgets: {
				type: 'object',
				properties: {
					providers: { properties: { openai: {}, gemini: {} } },
				},
			},
		};
		expect(schemaKeys(schema, ['budgets', 'providers'])).toEqual([
			'openai',
			'gemini',
		]);
		expect(schemaKeys(schema, ['budgets', 'roles'])).toEqual([]);
	});

	it('formats micros in the site currency', () => {
		expect(formatMicros(1500000, SPEND.currency)).toBe('€1.50');
		expect(
			formatMicros(1500000, {
				...SPEND.currency,
				symbol: '',
				decimals: 3,
			})
		).toBe('1.500 EUR');
	});
});
