/**
 * "Usage": the dashboard. Totals per provider for today and the last 30 days; per day for 30 or
 * 90 days a chart (cost, requests or tokens, stacked by provider; its figures also as a table);
 * budget bars; spend by cause, top posts and blocks, errors by kind; a CSV export.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
} from '@wordpress/components';
import { useCallback, useMemo, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { Provider } from '../../lib/types';
import { toRestError } from '../../lib/api';
import { providerLabel } from '../providers';
import { downloadUsageCsv, useUsage } from '../use-usage';
import { Loading } from './Loading';
import { ChartSection } from './usage/ChartSection';
import { Controls } from './usage/Controls';
import { TotalsTable } from './usage/TotalsTable';
import { formatCount, formatMoney } from './usage/format';
import { buildSeries } from './usage/series';
import type { Metric, Period } from './usage/types';
import {
	BudgetBars,
	CauseTable,
	ErrorsTable,
	TopPostsTable,
} from './usage/UsageTables';
import './usage/dashboard.css';

export interface UsagePanelProps {
	providers: Provider[];
	/** Changing it reloads the counters. */
	version?: number;
}

export function UsagePanel({ providers, version = 0 }: UsagePanelProps) {
	const [days, setDays] = useState<Period>(30);
	const [metric, setMetric] = useState<Metric>('cost');
	const [exportError, setExportError] = useState<string | null>(null);
	const [exporting, setExporting] = useState(false);
	const [state, refresh] = useUsage(version, days);
	const report = state.usage;

	const label = useCallback(
		(provider: string) => providerLabel(providers, provider),
		[providers]
	);
	const currency = report?.currency;
	const format = useCallback(
		(value: number) =>
			metric === 'cost' && currency
				? formatMoney(value, currency)
				: formatCount(Math.round(value)),
		[metric, currency]
	);
	const series = useMemo(
		() => (report ? buildSeries(report, metric) : null),
		[report, metric]
	);

	const onExport = () => {
		setExporting(true);
		setExportError(null);
		downloadUsageCsv(days).then(
			() => setExporting(false),
			(error: unknown) => {
				setExporting(false);
				setExportError(toRestError(error).message);
			}
		);
	};

	return (
		<section
			className="byok-ai-panel byok-ai-usage"
			aria-labelledby="byok-ai-usage-title"
		>
			<Card>
				<CardHeader>
					<h2
						className="byok-ai-panel__title"
						id="byok-ai-usage-title"
					>
						{__('Usage', 'byok-ai')}
					</h2>
					<div className="byok-ai-usage__actions">
						<Button
							__next40pxDefaultSize
							variant="secondary"
							onClick={onExport}
							isBusy={exporting}
						>
							{__('Export CSV', 'byok-ai')}
						</Button>
						<Button
							__next40pxDefaultSize
							variant="secondary"
							onClick={refresh}
							// Not disabled while loading, so keyboard focus stays on it.
							isBusy={state.loading}
						>
							{__('Refresh', 'byok-ai')}
						</Button>
					</div>
				</CardHeader>
				<CardBody>
					{state.error && (
						<Notice status="error" isDismissible={false}>
							{state.error}
						</Notice>
					)}
					{exportError && (
						<Notice
							status="error"
							onRemove={() => setExportError(null)}
						>
							{exportError}
						</Notice>
					)}
					{state.loading && report === null && (
						<Loading>{__('Loading usage…', 'byok-ai')}</Loading>
					)}
					{report && series && currency && (
						<>
							<TotalsTable
								caption={__('Today', 'byok-ai')}
								rows={report.today}
								providers={providers}
							/>
							<TotalsTable
								caption={__('Last 30 days', 'byok-ai')}
								rows={report.last_30_days}
								providers={providers}
							/>
							<Controls
								days={days}
								metric={metric}
								setDays={setDays}
								setMetric={setMetric}
							/>
							<ChartSection
								report={report}
								series={series}
								metric={metric}
								label={label}
								format={format}
							/>
							<h3>{__('Budgets', 'byok-ai')}</h3>
							<BudgetBars
								budgets={report.budgets}
								currency={currency}
								provider={label}
							/>
							<CauseTable
								rows={report.causes}
								currency={currency}
							/>
							<TopPostsTable
								rows={report.top_posts}
								currency={currency}
							/>
							<ErrorsTable rows={report.errors} />
						</>
					)}
				</CardBody>
			</Card>
		</section>
	);
}
