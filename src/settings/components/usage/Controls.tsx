/**
 * The dashboard's two choices: the period (30 or 90 days) and what the chart shows.
 */
import { __ } from '@wordpress/i18n';
import { SelectInput } from '../../../components/controls';
import type { Metric, Period } from './types';

interface Choice {
	label: string;
	value: string;
	options: { value: string; label: string }[];
	onChange: (value: string) => void;
}

const METRICS: readonly Metric[] = ['cost', 'requests', 'tokens'];

export function Controls({
	days,
	metric,
	setDays,
	setMetric,
}: {
	days: Period;
	metric: Metric;
	setDays: (days: Period) => void;
	setMetric: (metric: Metric) => void;
}) {
	const metricLabels: Record<Metric, string> = {
		cost: __('Cost', 'byok-ai'),
		requests: __('Requests', 'byok-ai'),
		tokens: __('Tokens', 'byok-ai'),
	};
	const choices: Choice[] = [
		{
			label: __('Period', 'byok-ai'),
			value: days === 90 ? '90' : '30',
			options: [
				{ value: '30', label: __('Last 30 days', 'byok-ai') },
				{ value: '90', label: __('Last 90 days', 'byok-ai') },
			],
			onChange: (value) => setDays(value === '90' ? 90 : 30),
		},
		{
			label: __('Show', 'byok-ai'),
			value: metric,
			options: METRICS.map((value) => ({
				value,
				label: metricLabels[value],
			})),
			onChange: (value) =>
				setMetric(METRICS.find((item) => item === value) ?? 'cost'),
		},
	];
	return (
		<div className="byok-ai-usage__controls">
			{choices.map((choice) => (
				<SelectInput key={choice.label} {...choice} />
			))}
		</div>
	);
}
