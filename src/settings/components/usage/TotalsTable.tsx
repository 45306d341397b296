/**
 * Requests, errors and tokens per provider for a period (today, the last 30 days).
 */
import { __ } from '@wordpress/i18n';
import type { Provider, UsageRow } from '../../../lib/types';
import { providerLabel } from '../../providers';
import { CountsTable } from './Table';

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
		<CountsTable
			caption={caption}
			what={__('Provider', 'byok-ai')}
			rows={rows}
			id={(row) => row.provider}
			name={(row) => providerLabel(providers, row.provider)}
		/>
	);
}
