/**
 * The dashboard's tables: spend by cause, top posts and blocks, errors by kind (translated labels
 * for the plugin's codes), budget bars.
 */
import { __, sprintf } from '@wordpress/i18n';
import { callerLabel } from '../../caller-label';
import { errorLabel } from './error-labels';
import { formatCost, formatCount, formatMoney } from './format';
import { Table } from './Table';
import type {
	BudgetBar,
	CauseKind,
	CauseRow,
	Currency,
	ErrorRow,
	PostRow,
	UsageSums,
} from './types';

function kindLabel(kind: CauseKind): string {
	switch (kind) {
		case 'user':
			return __('Person', 'byok-ai');
		case 'block':
			return __('Block', 'byok-ai');
		case 'plugin':
			return __('Plugin', 'byok-ai');
	}
	return __('Other', 'byok-ai');
}

/**
 * How a cause reads: a person's name, the blocks, a plugin through WordPress's AI or PHP.
 * @param row
 */
export function causeLabel(row: CauseRow): string {
	if (row.kind !== 'plugin') {
		return row.label;
	}
	if (row.source === 'php' || row.source.startsWith('php:')) {
		/* translators: %s: the name a plugin gave its PHP calls ("php" when none). */
		return sprintf(__('PHP: %s', 'byok-ai'), row.source.slice(4) || 'php');
	}
	return callerLabel(row.source);
}

function SumCells({ row, currency }: { row: UsageSums; currency: Currency }) {
	return (
		<>
			<td>{formatCost(row, currency)}</td>
			<td>{formatCount(row.requests)}</td>
			<td>{formatCount(row.errors)}</td>
			<td>{formatCount(row.input_tokens + row.output_tokens)}</td>
		</>
	);
}

const sumHeaders = () => [
	__('Cost', 'byok-ai'),
	__('Requests', 'byok-ai'),
	__('Errors', 'byok-ai'),
	__('Tokens', 'byok-ai'),
];

export function CauseTable({
	rows,
	currency,
}: {
	rows: CauseRow[];
	currency: Currency;
}) {
	return (
		<Table
			caption={__('By cause', 'byok-ai')}
			headers={[
				__('Cause', 'byok-ai'),
				__('Kind', 'byok-ai'),
				...sumHeaders(),
			]}
			empty={rows.length === 0}
		>
			{rows.map((row) => (
				<tr key={`${row.kind}:${row.source}`}>
					<th scope="row">{causeLabel(row)}</th>
					<td>{kindLabel(row.kind)}</td>
					<SumCells row={row} currency={currency} />
				</tr>
			))}
		</Table>
	);
}

export function TopPostsTable({
	rows,
	currency,
}: {
	rows: PostRow[];
	currency: Currency;
}) {
	return (
		<Table
			caption={__('Top posts and blocks by cost', 'byok-ai')}
			headers={[
				__('Post', 'byok-ai'),
				__('Block', 'byok-ai'),
				...sumHeaders(),
			]}
			empty={rows.length === 0}
		>
			{rows.map((row) => (
				<tr key={`${row.post_id}:${row.block_id}`}>
					<th scope="row">{row.title}</th>
					<td>{row.block_id || '—'}</td>
					<SumCells row={row} currency={currency} />
				</tr>
			))}
		</Table>
	);
}

export function ErrorsTable({ rows }: { rows: ErrorRow[] }) {
	return (
		<Table
			caption={__('Errors by kind', 'byok-ai')}
			headers={[__('Error', 'byok-ai'), __('Requests', 'byok-ai')]}
			empty={rows.length === 0}
		>
			{rows.map((row) => (
				<tr key={row.outcome}>
					<th scope="row">
						{errorLabel(row.outcome) ?? <code>{row.outcome}</code>}
					</th>
					<td>{formatCount(row.requests)}</td>
				</tr>
			))}
		</Table>
	);
}

/**
 * What a cap counts and over which period, as people read it.
 * @param budget
 * @param provider Provider label.
 */
export function budgetLabel(
	budget: BudgetBar,
	provider: (id: string) => string
): string {
	const counters: Record<string, string> = {
		overall: __('All AI use', 'byok-ai'),
		visitors: __('Visitors (blocks)', 'byok-ai'),
		users: __('Logged-in people', 'byok-ai'),
		tokens: __('Tokens of calls with an unknown cost', 'byok-ai'),
	};
	const what = budget.counter.startsWith('provider:')
		? provider(budget.counter.slice(9))
		: (counters[budget.counter] ?? budget.counter);
	return sprintf(
		/* translators: 1: what the budget counts, 2: "today" or "this month". */
		__('%1$s, %2$s', 'byok-ai'),
		what,
		budget.period === 'day'
			? __('today', 'byok-ai')
			: __('this month', 'byok-ai')
	);
}

export function BudgetBars({
	budgets,
	currency,
	provider,
}: {
	budgets: BudgetBar[];
	currency: Currency;
	provider: (id: string) => string;
}) {
	if (budgets.length === 0) {
		return (
			<p className="byok-ai-usage__note">
				{__('No budget is set.', 'byok-ai')}
			</p>
		);
	}
	return (
		<ul className="byok-ai-usage__budgets">
			{budgets.map((budget) => {
				const amount = (value: number) =>
					budget.unit === 'tokens'
						? formatCount(value)
						: formatMoney(value / 1e6, currency);
				const share =
					budget.limit > 0
						? Math.round((budget.spent / budget.limit) * 100)
						: 100;
				const text = sprintf(
					/* translators: 1: amount spent, 2: the budget, 3: percentage spent. */
					__('%1$s of %2$s (%3$s%%)', 'byok-ai'),
					amount(budget.spent),
					amount(budget.limit),
					String(share)
				);
				const id = `byok-ai-budget-${budget.counter}-${budget.period}`
					.toLowerCase()
					.replace(/[^a-z0-9-]+/g, '-');
				return (
					<li key={id}>
						<span id={id}>{budgetLabel(budget, provider)}</span>{' '}
						<meter
							aria-labelledby={id}
							min={0}
							max={Math.max(1, budget.limit)}
							high={budget.limit * 0.8}
							optimum={0}
							value={Math.min(budget.spent, budget.limit)}
						>
							{text}
						</meter>{' '}
						<span>{text}</span>
					</li>
				);
			})}
		</ul>
	);
}
