/**
 * Numbers and money as the dashboard shows them.
 */
import { __, sprintf } from '@wordpress/i18n';
import type { Currency, UsageSums } from './types';

/**
 * An amount of money in the site currency.
 * @param amount   Units of the currency.
 * @param currency
 */
export function formatMoney(amount: number, currency: Currency): string {
	const smallest = Math.pow(10, -currency.decimals);
	if (amount > 0 && amount < smallest) {
		/* translators: %s: the smallest amount shown, e.g. "$0.01". */
		return sprintf(__('< %s', 'byok-ai'), formatMoney(smallest, currency));
	}
	let number: string;
	try {
		number = new Intl.NumberFormat(undefined, {
			minimumFractionDigits: currency.decimals,
			maximumFractionDigits: currency.decimals,
		}).format(amount);
	} catch {
		number = amount.toFixed(currency.decimals);
	}
	return currency.symbol + number;
}

/**
 * A group's cost: "Unknown" when no call had a price, "$1.20 + 3 unknown" when some had none.
 * @param sums
 * @param currency
 */
export function formatCost(
	sums: Pick<UsageSums, 'cost_micros' | 'unknown_cost'>,
	currency: Currency
): string {
	if (sums.cost_micros === null) {
		return __('Unknown', 'byok-ai');
	}
	const known = formatMoney(sums.cost_micros / 1e6, currency);
	if (sums.unknown_cost > 0) {
		return sprintf(
			/* translators: 1: known cost, 2: number of calls whose cost is unknown. */
			__('%1$s + %2$s unknown', 'byok-ai'),
			known,
			sums.unknown_cost.toLocaleString()
		);
	}
	return known;
}

/**
 * @param value
 */
export function formatCount(value: number): string {
	return value.toLocaleString();
}
