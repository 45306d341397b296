/**
 * Turns the report's daily rows into the chart's and the data table's series: one value per day
 * and provider for a metric.
 */
import type { DailyRow, Metric, UsageReport } from './types';

export interface Series {
	/** Providers, most used first. */
	providers: string[];
	/** values[provider index][day index]. */
	values: number[][];
	/** Calls left out of the cost (unknown price). */
	unknownCost: number;
}

/**
 * A row's value for a metric; a cost is in units of the currency, unknown counting as 0.
 * @param row
 * @param metric
 */
export function metricValue(row: DailyRow, metric: Metric): number {
	switch (metric) {
		case 'cost':
			return (row.cost_micros ?? 0) / 1e6;
		case 'tokens':
			return row.input_tokens + row.output_tokens;
		default:
			return row.requests;
	}
}

/**
 * @param report
 * @param metric
 */
export function buildSeries(report: UsageReport, metric: Metric): Series {
	const totals = new Map<string, number>();
	for (const row of report.daily) {
		totals.set(
			row.provider,
			(totals.get(row.provider) ?? 0) + metricValue(row, metric)
		);
	}
	const providers = [...totals.keys()].sort(
		(a, b) =>
			(totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b)
	);
	const day = new Map(report.dates.map((date, index) => [date, index]));
	const values = providers.map(() => report.dates.map(() => 0));
	let unknownCost = 0;
	for (const row of report.daily) {
		const d = day.get(row.date);
		const p = providers.indexOf(row.provider);
		const line = values[p];
		if (d !== undefined && line) {
			line[d] = (line[d] ?? 0) + metricValue(row, metric);
		}
		unknownCost += row.unknown_cost;
	}
	return { providers, values, unknownCost };
}
