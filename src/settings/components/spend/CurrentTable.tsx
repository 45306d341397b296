/**
 * What each cap has spent in the current day and month, against the cap.
 */
import { __, sprintf } from '@wordpress/i18n';
import { capLabel } from './cap-label';
import {
	formatMicros,
	type CurrentFigure,
	type SpendResponse,
} from './spend-form';

export function CurrentTable({
	figures,
	data,
}: {
	figures: CurrentFigure[];
	data: SpendResponse;
}) {
	if (figures.length === 0) {
		return <p>{__('No budget is set.', 'byok-ai')}</p>;
	}
	const amount = (figure: CurrentFigure, value: number) =>
		figure.unit === 'tokens'
			? value.toLocaleString()
			: formatMicros(value, data.currency);
	return (
		<table className="widefat byok-ai-spend__current">
			<caption>
				{__('Spent in the current day and month', 'byok-ai')}
			</caption>
			<thead>
				<tr>
					<th scope="col">{__('Cap', 'byok-ai')}</th>
					<th scope="col">{__('Period', 'byok-ai')}</th>
					<th scope="col">{__('Spent', 'byok-ai')}</th>
				</tr>
			</thead>
			<tbody>
				{figures.map((figure) => (
					<tr key={`${figure.counter}@${figure.period}`}>
						<th scope="row">{capLabel(figure.counter)}</th>
						<td>
							{figure.period === 'day'
								? __('Today', 'byok-ai')
								: __('This month', 'byok-ai')}
						</td>
						<td>
							<meter
								min={0}
								max={Math.max(1, figure.cap)}
								value={figure.spent}
								aria-hidden
							/>{' '}
							{sprintf(
								/* translators: 1: amount spent, 2: the cap. */
								__('%1$s of %2$s', 'byok-ai'),
								amount(figure, figure.spent),
								amount(figure, figure.cap)
							)}
						</td>
					</tr>
				))}
			</tbody>
		</table>
	);
}
