/**
 * The chart's figures as a table: its text alternative, always in the page (visually hidden
 * until the administrator chooses to show it).
 */
import { __ } from '@wordpress/i18n';
import type { Series } from './series';

export interface ChartDataTableProps {
	dates: string[];
	series: Series;
	label: (provider: string) => string;
	format: (value: number) => string;
	caption: string;
	visible: boolean;
}

export function ChartDataTable({
	dates,
	series,
	label,
	format,
	caption,
	visible,
}: ChartDataTableProps) {
	return (
		<table
			className={`widefat striped byok-ai-usage__table${
				visible ? '' : ' screen-reader-text'
			}`}
		>
			<caption>{caption}</caption>
			<thead>
				<tr>
					<th scope="col">{__('Day', 'byok-ai')}</th>
					{series.providers.map((provider) => (
						<th scope="col" key={provider}>
							{label(provider)}
						</th>
					))}
					<th scope="col">{__('Total', 'byok-ai')}</th>
				</tr>
			</thead>
			<tbody>
				{dates.map((date, day) => (
					<tr key={date}>
						<th scope="row">{date}</th>
						{series.values.map((values, index) => (
							<td key={series.providers[index]}>
								{format(values[day] ?? 0)}
							</td>
						))}
						<td>
							{format(
								series.values.reduce(
									(sum, values) => sum + (values[day] ?? 0),
									0
								)
							)}
						</td>
					</tr>
				))}
			</tbody>
		</table>
	);
}
