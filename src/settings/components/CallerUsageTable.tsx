/**
 * WordPress 7.0+: "Which plugin spent what (30 days)" under Usage. Its table is the usage
 * dashboard's table of counts, with a "Refused" column.
 */
import { Card, CardBody, CardHeader, Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { CallerUsageRow } from '../../lib/types';
import { callerLabel } from '../caller-label';
import type { WordPressAiState } from '../use-wordpress-ai';
import { Loading } from './Loading';
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
		<section
			className="byok-ai-panel byok-ai-wpai-usage"
			aria-labelledby="byok-ai-wpai-usage-title"
		>
			<Card>
				<CardHeader>
					<h2
						className="byok-ai-panel__title"
						id="byok-ai-wpai-usage-title"
					>
						{__('Which plugin spent what (30 days)', 'byok-ai')}
					</h2>
				</CardHeader>
				<CardBody>
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
							extra={[
								[
									__('Refused', 'byok-ai'),
									(row) => row.refused,
								],
							]}
						/>
					)}
				</CardBody>
			</Card>
		</section>
	);
}
