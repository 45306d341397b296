/**
 * The usage tables' frame (caption, column headers, "No requests in this period.") and the one
 * table of counts that the totals per provider and the usage per WordPress AI caller share.
 */
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import { formatCount } from './format';

export function Table({
	caption,
	headers,
	empty,
	children,
}: {
	caption: string;
	headers: string[];
	empty: boolean;
	children: ReactNode;
}) {
	return (
		<table className="widefat striped byok-ai-usage__table">
			<caption>{caption}</caption>
			<thead>
				<tr>
					{headers.map((header) => (
						<th scope="col" key={header}>
							{header}
						</th>
					))}
				</tr>
			</thead>
			<tbody>
				{empty ? (
					<tr>
						<td colSpan={headers.length}>
							{__('No requests in this period.', 'byok-ai')}
						</td>
					</tr>
				) : (
					children
				)}
			</tbody>
		</table>
	);
}

/** The counts every usage row has. */
export interface Counts {
	requests: number;
	errors: number;
	input_tokens: number;
	output_tokens: number;
}

/** A column of counts: its header and its figure for a row. */
export type CountColumn<Row> = [header: string, value: (row: Row) => number];

export interface CountsTableProps<Row extends Counts> {
	caption: string;
	/** The first column's header: what a row is (a provider, a caller). */
	what: string;
	rows: Row[];
	/** A row's unique id (its React key). */
	id: (row: Row) => string;
	/** A row's name as people read it. */
	name: (row: Row) => string;
	/** Columns shown after "Requests" (e.g. "Refused"). */
	extra?: CountColumn<Row>[];
}

/**
 * Requests, errors and tokens per row.
 * @param props
 * @param props.caption
 * @param props.what
 * @param props.rows
 * @param props.id
 * @param props.name
 * @param props.extra
 */
export function CountsTable<Row extends Counts>({
	caption,
	what,
	rows,
	id,
	name,
	extra = [],
}: CountsTableProps<Row>) {
	const columns: CountColumn<Row>[] = [
		[__('Requests', 'byok-ai'), (row) => row.requests],
		...extra,
		[__('Errors', 'byok-ai'), (row) => row.errors],
		[__('Input tokens', 'byok-ai'), (row) => row.input_tokens],
		[__('Output tokens', 'byok-ai'), (row) => row.output_tokens],
	];
	return (
		<Table
			caption={caption}
			headers={[what, ...columns.map(([header]) => header)]}
			empty={rows.length === 0}
		>
			{rows.map((row) => (
				<tr key={id(row)}>
					<th scope="row">{name(row)}</th>
					{columns.map(([header, value]) => (
						<td key={header}>{formatCount(value(row))}</td>
					))}
				</tr>
			))}
		</Table>
	);
}
