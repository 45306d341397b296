/**
 * Settings → BYOK AI, spend control: the site currency, daily and monthly caps, own prices,
 * the shipped prices with their date and sources, and what each cap has spent so far (one form
 * of three sections, about 300 lines).
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { TextInput } from '../../../components/controls';
import { Panel } from '../Panel';
import {
	schemaKeys,
	SINGLE_CAPS,
	type Period,
	type PriceRow,
	type SpendForm,
} from './spend-form';
import { useSpend } from './use-spend';
import { capLabel } from './cap-label';
import { CurrentTable } from './CurrentTable';

const EMPTY_ROW: PriceRow = {
	provider: 'openai_compatible',
	model: '',
	input: '',
	output: '',
	cached_input: '',
	reasoning: '',
};

export function SpendPanel() {
	const [state, actions] = useSpend();
	const { form, data, schema, fieldErrors, notice, saving } = state;
	if (state.loading && form === null) {
		return <Spinner />;
	}
	if (form === null || data === null) {
		return (
			<Notice status="error" isDismissible={false}>
				{state.loadError ??
					__('The spend settings could not be loaded.', 'byok-ai')}
			</Notice>
		);
	}
	const providers = schemaKeys(schema, ['budgets', 'providers']);
	const roles = schemaKeys(schema, ['budgets', 'roles']);
	const capKeys = [
		...SINGLE_CAPS,
		...providers.map((id) => `provider:${id}`),
		...roles.map((slug) => `role:${slug}`),
	];
	const setCap = (key: string, period: Period, value: string) =>
		actions.edit(
			(current: SpendForm) => ({
				...current,
				caps: {
					...current.caps,
					[key]: {
						day: current.caps[key]?.day ?? '',
						month: current.caps[key]?.month ?? '',
						[period]: value,
					},
				},
			}),
			[`caps.${key}.${period}`]
		);
	const setPrice = (index: number, patch: Partial<PriceRow>) =>
		actions.edit(
			(current: SpendForm) => ({
				...current,
				prices: current.prices.map((row, at) =>
					at === index ? { ...row, ...patch } : row
				),
			}),
			Object.keys(patch).map((field) => `prices.${index}.${field}`)
		);

	return (
		<Panel name="spend" title={__('Spend control', 'byok-ai')}>
			{notice && (
				<Notice status={notice.status} onRemove={actions.dismiss}>
					{notice.message}
				</Notice>
			)}
			<CurrentTable figures={data.current} data={data} />
			<form
				onSubmit={(event) => {
					event.preventDefault();
					void actions.save();
				}}
			>
				<fieldset>
					<legend>{__('Currency', 'byok-ai')}</legend>
					<TextInput
						label={__('ISO code', 'byok-ai')}
						value={form.code}
						maxLength={3}
						help={fieldErrors.code}
						onChange={(code) => actions.change({ code })}
					/>
					<TextInput
						label={__('Symbol', 'byok-ai')}
						value={form.symbol}
						maxLength={8}
						onChange={(symbol) => actions.change({ symbol })}
					/>
					<TextInput
						type="number"
						min={0}
						step="any"
						label={__(
							'Units of this currency per US dollar',
							'byok-ai'
						)}
						help={
							fieldErrors.usd_rate ??
							__(
								'Shipped prices are in US dollars and are multiplied by this rate; 0 leaves them unused (their cost is then unknown). Your own prices are in your currency.',
								'byok-ai'
							)
						}
						value={form.usd_rate}
						onChange={(rate) => actions.change({ usd_rate: rate })}
					/>
				</fieldset>
				<table className="widefat byok-ai-spend__caps">
					<caption>
						{__(
							'Budgets: empty means no cap, 0 allows nothing.',
							'byok-ai'
						)}
					</caption>
					<thead>
						<tr>
							<th scope="col">{__('Cap', 'byok-ai')}</th>
							<th scope="col">{__('Per day', 'byok-ai')}</th>
							<th scope="col">{__('Per month', 'byok-ai')}</th>
						</tr>
					</thead>
					<tbody>
						{capKeys.map((key) => (
							<tr key={key}>
								<th scope="row">{capLabel(key)}</th>
								{(['day', 'month'] as const).map((period) => (
									<td key={period}>
										<TextInput
											type="number"
											min={0}
											step="any"
											label={sprintf(
												/* translators: 1: the cap, 2: "per day" or "per month". */
												__('%1$s, %2$s', 'byok-ai'),
												capLabel(key),
												period === 'day'
													? __('per day', 'byok-ai')
													: __('per month', 'byok-ai')
											)}
											hideLabelFromVision
											help={
												fieldErrors[
													`caps.${key}.${period}`
												]
											}
											value={
												form.caps[key]?.[period] ?? ''
											}
											onChange={(value) =>
												setCap(key, period, value)
											}
										/>
									</td>
								))}
							</tr>
						))}
					</tbody>
				</table>
				<fieldset>
					<legend>
						{__('Your prices (per million tokens)', 'byok-ai')}
					</legend>
					{form.prices.map((row, index) => (
						<div className="byok-ai-spend__price" key={index}>
							<TextInput
								label={__('Provider', 'byok-ai')}
								value={row.provider}
								onChange={(provider) =>
									setPrice(index, { provider })
								}
							/>
							<TextInput
								label={__(
									'Model or deployment (* for all)',
									'byok-ai'
								)}
								value={row.model}
								onChange={(model) => setPrice(index, { model })}
							/>
							{(
								[
									['input', __('Input', 'byok-ai')],
									['output', __('Output', 'byok-ai')],
									[
										'cached_input',
										__('Cached input', 'byok-ai'),
									],
									['reasoning', __('Reasoning', 'byok-ai')],
								] as const
							).map(([field, label]) => (
								<TextInput
									key={field}
									type="number"
									min={0}
									step="any"
									label={label}
									help={
										fieldErrors[`prices.${index}.${field}`]
									}
									value={row[field]}
									onChange={(value) =>
										setPrice(index, { [field]: value })
									}
								/>
							))}
							<Button
								variant="tertiary"
								isDestructive
								onClick={() =>
									actions.edit(
										(current: SpendForm) => ({
											...current,
											prices: current.prices.filter(
												(_, at) => at !== index
											),
										}),
										[]
									)
								}
							>
								{__('Remove price', 'byok-ai')}
							</Button>
						</div>
					))}
					<Button
						variant="secondary"
						onClick={() =>
							actions.edit(
								(current: SpendForm) => ({
									...current,
									prices: [...current.prices, EMPTY_ROW],
								}),
								[]
							)
						}
					>
						{__('Add a price', 'byok-ai')}
					</Button>
				</fieldset>
				<details>
					<summary>
						{sprintf(
							/* translators: %s: a date such as 2026-12-02. */
							__(
								'Shipped prices (US dollars, checked %s)',
								'byok-ai'
							),
							data.defaults.checked
						)}
					</summary>
					<ul>
						{Object.entries(data.defaults.sources).map(
							([id, url]) => (
								<li key={id}>
									<a href={url}>{id}</a>:{' '}
									{Object.entries(
										data.defaults.models[id] ?? {}
									)
										.map(
											([model, price]) =>
												`${model} ${price.input}/${price.output}`
										)
										.join(', ')}
								</li>
							)
						)}
					</ul>
				</details>
				<Button
					variant="primary"
					type="submit"
					isBusy={saving}
					disabled={saving}
				>
					{__('Save spend settings', 'byok-ai')}
				</Button>
			</form>
		</Panel>
	);
}
