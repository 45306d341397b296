/**
 * WordPress 7.0+: "Which plugin spent what (30 days)" under Usage. Its table is the usage
 * dashboard's table of counts, with a "Refused" column.
 */
import { Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { CallerUsageRow } from '../../lib/types';
import { callerLabel } from '../caller-label';
import type { WordPressAiState } from '../use-wordpress-ai';
import { Loading } from './Loading';
import { Panel } from './Panel';
import { CountsTable } from './usage/Table';

export interface CallerUsageProps {
	state: WordPressAiState;
}

/**
 * "Which plugin spent what (30 days)".
 * @param props
 * @param props.state
 */
export function CallerUsage({ state }: CallerUsageProps) {
	return (
		<Panel
			name="wpai-usage"
			title={__('Which plugin spent what (30 days)', 'byok-ai')}
		>
			{state.loadError && (
				<Notice status="error" isDismissible={false}>
					{state.loadError}
				</Notice>
			)}
			{state.loading && state.form === null ? (
				<Loading>{__('Loading usage…', 'byok-ai')}</Loading>
			) : (
				<CountsTable<CallerUsageRow>
					caption={__(
						'Requests through WordPress’s AI, by caller',
						'byok-ai'
					)}
					what={__('Caller', 'byok-ai')}
					rows={state.callers}
					id={(row) => row.caller}
					name={(row) => callerLabel(row.caller)}
					extra={[[__('Refused', 'byok-ai'), (row) => row.refused]]}
				/>
			)}
		</Panel>
	);
}
