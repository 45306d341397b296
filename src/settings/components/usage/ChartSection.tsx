/**
 * The dashboard's chart of one metric per day, stacked by provider, and its figures as a table
 * (shown on request; always there for screen readers). The chart's code (uPlot) is a separate
 * chunk, loaded when a chart is first shown.
 */
import { Button } from '@wordpress/components';
import { Suspense, lazy, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { Loading } from '../Loading';
import { ChartDataTable } from './ChartDataTable';
import { formatCount } from './format';
import type { Series } from './series';
import type { Metric, UsageReport } from './types';

const UsageChart = lazy(
	() => import(/* webpackChunkName: "usage-chart" */ './UsageChart')
);

export interface ChartSectionProps {
	report: UsageReport;
	series: Series;
	metric: Metric;
	label: (provider: string) => string;
	format: (value: number) => string;
}

export function ChartSection({
	report,
	series,
	metric,
	label,
	format,
}: ChartSectionProps) {
	const [showData, setShowData] = useState(false);
	const chartTitle = {
		cost: __('Cost per day, by provider', 'byok-ai'),
		requests: __('Requests per day, by provider', 'byok-ai'),
		tokens: __('Tokens per day, by provider', 'byok-ai'),
	}[metric];
	// What the chart and its table both show.
	const data = { dates: report.dates, series, label, format };

	return (
		<>
			<h3>{chartTitle}</h3>
			{metric === 'cost' && series.unknownCost > 0 && (
				<p className="byok-ai-usage__note">
					{sprintf(
						/* translators: %s: number of requests. */
						_n(
							'%s request has an unknown cost (no price for its model): it is not in these amounts.',
							'%s requests have an unknown cost (no price for their model): they are not in these amounts.',
							series.unknownCost,
							'byok-ai'
						),
						formatCount(series.unknownCost)
					)}
				</p>
			)}
			{report.daily.length === 0 ? (
				<p>{__('No requests in this period.', 'byok-ai')}</p>
			) : (
				<>
					<Suspense
						fallback={
							<Loading>
								{__('Loading the chart…', 'byok-ai')}
							</Loading>
						}
					>
						<UsageChart {...data} title={chartTitle} />
					</Suspense>
					<Button
						variant="link"
						aria-expanded={showData}
						onClick={() => setShowData(!showData)}
					>
						{showData
							? __('Hide the chart’s data', 'byok-ai')
							: __('Show the chart’s data as a table', 'byok-ai')}
					</Button>
					<ChartDataTable
						{...data}
						caption={chartTitle}
						visible={showData}
					/>
				</>
			)}
		</>
	);
}
