/**
 * The spend settings (GET/PUT byok-ai/v1/spend) as the form holds them, and back: the site
 * currency, daily and monthly caps per scope, the administrator's own prices.
 */
import { __, sprintf } from '@wordpress/i18n';
import type { SchemaProperties } from '../../schema';

export type Period = 'day' | 'month';

/** A day and a month cap; null or absent = no cap. */
export interface Caps {
	day?: number | null;
	month?: number | null;
}

/** Prices per million tokens; empty cached/reasoning = the input/output price. */
export interface Price {
	input: number;
	output: number;
	cached_input?: number | null;
	reasoning?: number | null;
	note?: string;
}

export interface Budgets {
	overall?: Caps;
	providers?: Record<string, Caps>;
	visitors?: Caps;
	users?: Caps;
	per_user?: Caps;
	roles?: Record<string, Caps>;
	tokens?: Caps;
}

export interface Currency {
	code: string;
	symbol: string;
	usd_rate: number;
	decimals: number;
}

export interface CurrentFigure {
	counter: string;
	period: Period;
	spent: number;
	cap: number;
	unit: 'micros' | 'tokens';
}

export interface SpendResponse {
	currency: Currency;
	prices: Record<string, Record<string, Price>>;
	budgets: Budgets;
	defaults: {
		checked: string;
		sources: Record<string, string>;
		models: Record<string, Record<string, Price>>;
	};
	current: CurrentFigure[];
}

export interface PriceRow {
	provider: string;
	model: string;
	input: string;
	output: string;
	cached_input: string;
	reasoning: string;
}

export interface SpendForm {
	code: string;
	symbol: string;
	usd_rate: string;
	decimals: string;
	/** Caps by key: overall, visitors, users, per_user, tokens, provider:<id>, role:<slug>. */
	caps: Record<string, Record<Period, string>>;
	prices: PriceRow[];
}

export type SpendBody = Pick<SpendResponse, 'currency' | 'prices' | 'budgets'>;

/** The caps with one value per scope (not per provider or role). */
export const SINGLE_CAPS = [
	'overall',
	'visitors',
	'users',
	'per_user',
	'tokens',
] as const;

const text = (value: number | null | undefined): string =>
	typeof value === 'number' ? String(value) : '';

const pair = (caps: Caps | undefined): Record<Period, string> => ({
	day: text(caps?.day),
	month: text(caps?.month),
});

export function toForm(data: SpendResponse): SpendForm {
	const caps: SpendForm['caps'] = {};
	for (const key of SINGLE_CAPS) {
		caps[key] = pair(data.budgets[key]);
	}
	for (const [id, value] of Object.entries(data.budgets.providers ?? {})) {
		caps[`provider:${id}`] = pair(value);
	}
	for (const [slug, value] of Object.entries(data.budgets.roles ?? {})) {
		caps[`role:${slug}`] = pair(value);
	}
	const prices: PriceRow[] = [];
	for (const [provider, models] of Object.entries(data.prices)) {
		for (const [model, price] of Object.entries(models)) {
			prices.push({
				provider,
				model,
				input: text(price.input),
				output: text(price.output),
				cached_input: text(price.cached_input),
				reasoning: text(price.reasoning),
			});
		}
	}
	return {
		code: data.currency.code,
		symbol: data.currency.symbol,
		usd_rate: String(data.currency.usd_rate),
		decimals: String(data.currency.decimals),
		caps,
		prices,
	};
}

const numberOrNull = (value: string): number | null =>
	value.trim() === '' ? null : Number(value);

export function fromForm(form: SpendForm): SpendBody {
	const budgets: Budgets = {};
	for (const [key, value] of Object.entries(form.caps)) {
		const caps: Caps = {
			day: numberOrNull(value.day),
			month: numberOrNull(value.month),
		};
		if (caps.day === null && caps.month === null) {
			continue;
		}
		const [kind, name] = key.split(':');
		if (kind === 'provider' && name) {
			budgets.providers = { ...budgets.providers, [name]: caps };
		} else if (kind === 'role' && name) {
			budgets.roles = { ...budgets.roles, [name]: caps };
		} else {
			budgets[kind as (typeof SINGLE_CAPS)[number]] = caps;
		}
	}
	const prices: SpendBody['prices'] = {};
	for (const row of form.prices) {
		if (row.model.trim() === '') {
			continue;
		}
		prices[row.provider] = {
			...prices[row.provider],
			[row.model.trim()]: {
				input: Number(row.input),
				output: Number(row.output),
				cached_input: numberOrNull(row.cached_input),
				reasoning: numberOrNull(row.reasoning),
			},
		};
	}
	return {
		currency: {
			code: form.code.trim().toUpperCase(),
			symbol: form.symbol,
			usd_rate: Number(form.usd_rate),
			decimals: Number(form.decimals),
		},
		prices,
		budgets,
	};
}

/**
 * Field errors the browser can tell: amounts that are not numbers or are negative, a missing
 * input or output price, a currency code that isn't three letters.
 * @param form
 */
export function check(form: SpendForm): Record<string, string> {
	const errors: Record<string, string> = {};
	const amount = __(
		'Enter an amount of 0 or more, or leave it empty.',
		'byok-ai'
	);
	const bad = (value: string) => value.trim() !== '' && !(Number(value) >= 0);
	for (const [key, value] of Object.entries(form.caps)) {
		for (const period of ['day', 'month'] as const) {
			if (bad(value[period])) {
				errors[`caps.${key}.${period}`] = amount;
			}
		}
	}
	if (!/^[A-Za-z]{3}$/.test(form.code.trim())) {
		errors.code = __(
			'Enter a three-letter ISO code, such as USD or EUR.',
			'byok-ai'
		);
	}
	if (bad(form.usd_rate) || form.usd_rate.trim() === '') {
		errors.usd_rate = amount;
	}
	form.prices.forEach((row, index) => {
		for (const field of ['input', 'output'] as const) {
			if (row[field].trim() === '' || bad(row[field])) {
				errors[`prices.${index}.${field}`] = sprintf(
					/* translators: %s: a model name. */
					__('Enter a price for %s.', 'byok-ai'),
					row.model || __('this model', 'byok-ai')
				);
			}
		}
		for (const field of ['cached_input', 'reasoning'] as const) {
			if (bad(row[field])) {
				errors[`prices.${index}.${field}`] = amount;
			}
		}
	});
	return errors;
}

/**
 * The keys of an object property's properties in a route schema (provider ids, roles).
 * @param schema
 * @param path   Property names from the top, e.g. ['budgets', 'providers'].
 */
export function schemaKeys(schema: SchemaProperties, path: string[]): string[] {
	let node: unknown = { properties: schema };
	for (const name of path) {
		const properties =
			typeof node === 'object' && node !== null
				? (node as { properties?: Record<string, unknown> }).properties
				: undefined;
		node = properties?.[name];
	}
	const properties =
		typeof node === 'object' && node !== null
			? (node as { properties?: Record<string, unknown> }).properties
			: undefined;
	return Object.keys(properties ?? {});
}

/**
 * An amount in micros for people, in the site currency.
 * @param micros
 * @param currency
 */
export function formatMicros(micros: number, currency: Currency): string {
	const amount = (micros / 1000000).toFixed(currency.decimals);
	return currency.symbol !== ''
		? `${currency.symbol}${amount}`
		: `${amount} ${currency.code}`;
}
