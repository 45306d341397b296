/**
 * WordPress 7.0+: "Which plugin spent what (30 days)" under Usage.
 */
import {
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { CallerUsageRow } from '../../lib/types';
import { callerLabel } from '../caller-label';
import type { WordPressAiState } from '../use-wordpress-ai';

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
						<p className="byok-ai-loading" role="status">
							<Spinner />
							{__('Loading usage…', 'byok-ai')}
						</p>
					) : (
						<CallerTable rows={state.callers} />
					)}
				</CardBody>
			</Card>
		</section>
	);
}

function CallerTable({ rows }: { rows: CallerUsageRow[] }) {
	return (
		<table className="widefat striped byok-ai-usage__table">
			<caption>
				{__('Requests through WordPress’s AI, by caller', 'byok-ai')}
			</caption>
			<thead>
				<tr>
					<th scope="col">{__('Caller', 'byok-ai')}</th>
					<th scope="col">{__('Requests', 'byok-ai')}</th>
					<th scope="col">{__('Refused', 'byok-ai')}</th>
					<th scope="col">{__('Errors', 'byok-ai')}</th>
					<th scope="col">{__('Input tokens', 'byok-ai')}</th>
					<th scope="col">{__('Output tokens', 'byok-ai')}</th>
				</tr>
			</thead>
			<tbody>
				{rows.length === 0 ? (
					<tr>
						<td colSpan={6}>
							{__('No requests in this period.', 'byok-ai')}
						</td>
					</tr>
				) : (
					rows.map((row) => (
						<tr key={row.caller}>
							<th scope="row">{callerLabel(row.caller)}</th>
							<td>{row.requests.toLocaleString()}</td>
							<td>{row.refused.toLocaleString()}</td>
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
