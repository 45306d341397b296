/**
 * The dashboard's chart: one stacked bar per day, a colour per provider (uPlot, on a canvas).
 * Loaded on demand (a separate chunk), so the other settings sections don't carry uPlot. The
 * chart is drawn for sighted users; ChartDataTable holds the same figures as text.
 */
import { useEffect, useRef } from '@wordpress/element';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from './series';

export interface UsageChartProps {
	dates: string[];
	series: Series;
	/** Provider label. */
	label: (provider: string) => string;
	/** A value as the legend and axis show it. */
	format: (value: number) => string;
	/** The chart's accessible name. */
	title: string;
}

/** Distinct under the common colour vision deficiencies; wp-admin blue first. */
export const COLORS = [
	'#3858e9',
	'#e26f56',
	'#00a32a',
	'#dba617',
	'#8e44ad',
	'#1b998b',
	'#8c8f94',
];

/**
 * Stacks the series: each provider's bar runs from 0 to its running total, drawn largest first.
 * @param values
 */
export function stack(values: number[][]): number[][] {
	const running: number[] = [];
	return values.map((row) =>
		row.map((value, day) => (running[day] = (running[day] ?? 0) + value))
	);
}

export default function UsageChart({
	dates,
	series,
	label,
	format,
	title,
}: UsageChartProps) {
	const container = useRef<HTMLDivElement>(null);

	useEffect(() => {
		const element = container.current;
		if (!element) {
			return;
		}
		const stacked = stack(series.values);
		// The site's days, as UTC midnights shown in UTC: the labels are the site's dates.
		const x = dates.map((date) => Date.parse(`${date}T00:00:00Z`) / 1000);
		const bars = uPlot.paths.bars?.({ size: [0.7, 48], align: 0 });
		// Drawn from the top of the stack down, so each provider shows its own segment.
		const order = series.providers.map((_, index) => index).reverse();
		const options: uPlot.Options = {
			title,
			width: Math.max(320, element.clientWidth),
			height: 280,
			tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
			scales: { x: { time: true } },
			axes: [{}, { values: (_, ticks) => ticks.map(format), size: 70 }],
			series: [
				{},
				...order.map((index) => ({
					label: label(series.providers[index] ?? ''),
					fill: COLORS[index % COLORS.length] ?? 'currentColor',
					stroke: COLORS[index % COLORS.length] ?? 'currentColor',
					...(bars && { paths: bars }),
					points: { show: false },
					// The legend shows the provider's own value, not the running total.
					value: (
						_u: uPlot,
						_v: number | null,
						_s: number,
						day: number | null
					) =>
						day === null
							? '—'
							: format(series.values[index]?.[day] ?? 0),
				})),
			],
		};
		const data = [x, ...order.map((index) => stacked[index])];
		const plot = new uPlot(options, data as uPlot.AlignedData, element);
		const resize =
			typeof ResizeObserver === 'undefined'
				? null
				: new ResizeObserver(() =>
						plot.setSize({
							width: Math.max(320, element.clientWidth),
							height: 280,
						})
					);
		resize?.observe(element);
		return () => {
			resize?.disconnect();
			plot.destroy();
		};
	}, [dates, series, label, format, title]);

	return (
		<div
			ref={container}
			className="byok-ai-usage-chart"
			// The canvas says nothing to assistive technology; the data table below does.
			aria-hidden="true"
			data-testid="byok-ai-usage-chart"
		/>
	);
}
