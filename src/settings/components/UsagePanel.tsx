/**
 * "Usage": requests, errors and tokens per provider, today and over the last 30 days.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { Provider, UsageRow } from '../../lib/types';
import { providerLabel } from '../providers';
import { useUsage } from '../use-usage';

export interface UsagePanelProps {
	providers: Provider[];
	/** Changing it reloads the counters. */
	version?: number;
}

export function UsagePanel({ providers, version = 0 }: UsagePanelProps) {
	const [state, refresh] = useUsage(version);

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
					<Button
						__next40pxDefaultSize
						variant="secondary"
						onClick={refresh}
						// Not disabled while loading, so keyboard focus stays on it.
						isBusy={state.loading}
					>
						{__('Refresh', 'byok-ai')}
					</Button>
				</CardHeader>
				<CardBody>
					{state.error && (
						<Notice status="error" isDismissible={false}>
							{state.error}
						</Notice>
					)}
					{state.loading && state.usage === null && (
						<p className="byok-ai-loading" role="status">
							<Spinner />
							{__('Loading usage…', 'byok-ai')}
						</p>
					)}
					{state.usage && (
						<>
							<UsageTable
								caption={__('Today', 'byok-ai')}
								rows={state.usage.today}
								providers={providers}
							/>
							<UsageTable
								caption={__('Last 30 days', 'byok-ai')}
								rows={state.usage.last_30_days}
								providers={providers}
							/>
						</>
					)}
				</CardBody>
			</Card>
		</section>
	);
}

function UsageTable({
	caption,
	rows,
	providers,
}: {
	caption: string;
	rows: UsageRow[];
	providers: Provider[];
}) {
	return (
		<table className="widefat striped byok-ai-usage__table">
			<caption>{caption}</caption>
			<thead>
				<tr>
					<th scope="col">{__('Provider', 'byok-ai')}</th>
					<th scope="col">{__('Requests', 'byok-ai')}</th>
					<th scope="col">{__('Errors', 'byok-ai')}</th>
					<th scope="col">{__('Input tokens', 'byok-ai')}</th>
					<th scope="col">{__('Output tokens', 'byok-ai')}</th>
				</tr>
			</thead>
			<tbody>
				{rows.length === 0 ? (
					<tr>
						<td colSpan={5}>
							{__('No requests in this period.', 'byok-ai')}
						</td>
					</tr>
				) : (
					rows.map((row) => (
						<tr key={row.provider}>
							<th scope="row">
								{providerLabel(providers, row.provider)}
							</th>
							<td>{row.requests.toLocaleString()}</td>
							<td>{row.errors.toLocaleString()}</td>
							<td>{row.input_tokens.toLocaleString()}</td>
							<td>{row.output_tokens.toLocaleString()}</td>
						</tr>
					))
				)}
			</tbody>
		</table>
	);
}
