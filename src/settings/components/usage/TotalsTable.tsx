/**
 * Requests, errors and tokens per provider for a period (today, the last 30 days).
 */
import { __ } from '@wordpress/i18n';
import type { Provider, UsageRow } from '../../../lib/types';
import { providerLabel } from '../../providers';

export function TotalsTable({
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
