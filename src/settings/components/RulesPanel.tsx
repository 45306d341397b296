/**
 * "Rules": which provider answers, what is tried when it fails, limits, models and who may ask.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	CheckboxControl,
	Notice,
	SelectControl,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import type { Provider, ProxyHeader } from '../../lib/types';
import { hasUsableKey, providerLabel } from '../providers';
import {
	LIMITS,
	PROXY_HEADERS,
	usePolicy,
	type NumberField,
	type PolicyForm,
} from '../use-policy';

export interface RulesPanelProps {
	/** All providers, in the settings' order. */
	providers: Provider[];
}

export function RulesPanel({ providers }: RulesPanelProps) {
	const [state, actions] = usePolicy(providers.map((item) => item.id));
	const formRef = useRef<HTMLFormElement>(null);
	const { form, fieldErrors } = state;

	// After a failed save, take keyboard focus to the first field that needs fixing.
	useEffect(() => {
		if (Object.keys(fieldErrors).length === 0) {
			return;
		}
		formRef.current
			?.querySelector<HTMLElement>(
				'[aria-invalid="true"], .byok-ai-fieldset--invalid input'
			)
			?.focus();
	}, [fieldErrors]);

	const label = (id: string) => providerLabel(providers, id);
	const noKey = (id: string) => {
		const provider = providers.find((item) => item.id === id);
		return provider !== undefined && !hasUsableKey(provider);
	};

	let body: ReactNode;
	if (state.loading) {
		body = (
			<p className="byok-ai-loading" role="status">
				<Spinner />
				{__('Loading rules…', 'byok-ai')}
			</p>
		);
	} else if (form === null) {
		body = (
			<Notice status="error" isDismissible={false}>
				{state.loadError}
			</Notice>
		);
	} else {
		body = (
			<form
				ref={formRef}
				className="byok-ai-rules__form"
				onSubmit={(event) => {
					event.preventDefault();
					actions.save();
				}}
			>
				{state.notice && (
					<Notice
						status={state.notice.status}
						onRemove={actions.dismiss}
					>
						{state.notice.message}
					</Notice>
				)}

				<SelectControl
					__next40pxDefaultSize
					__nextHasNoMarginBottom
					label={__('Primary provider', 'byok-ai')}
					value={form.primary}
					options={[
						{ value: '', label: __('Automatic', 'byok-ai') },
						...form.order.map((id) => ({
							value: id,
							label: noKey(id)
								? sprintf(
										/* translators: %s: provider name. */
										__('%s (no key yet)', 'byok-ai'),
										label(id)
									)
								: label(id),
						})),
					]}
					onChange={(value: string) =>
						actions.change({ primary: value })
					}
					help={
						<FieldHelp error={fieldErrors.primary}>
							{__(
								'Every request goes to this provider first. Automatic uses the first provider with a usable key.',
								'byok-ai'
							)}
						</FieldHelp>
					}
					aria-invalid={fieldErrors.primary ? true : undefined}
				/>

				<fieldset
					className={fieldsetClass(fieldErrors.fallback)}
					aria-describedby="byok-ai-fallback-help"
				>
					<legend>{__('Fallback chain', 'byok-ai')}</legend>
					<p className="byok-ai-help" id="byok-ai-fallback-help">
						{__(
							'When the primary provider fails or is rate-limited, the providers ticked here are tried in this order.',
							'byok-ai'
						)}
					</p>
					<FieldError error={fieldErrors.fallback} />
					<ol className="byok-ai-fallback">
						{form.order.map((id, index) => {
							const isPrimary = id === form.primary;
							const first = index === 0;
							const last = index === form.order.length - 1;
							return (
								<li key={id} className="byok-ai-fallback__item">
									<CheckboxControl
										__nextHasNoMarginBottom
										label={sprintf(
											/* translators: %s: provider name. */
											__('Use %s as fallback', 'byok-ai'),
											label(id)
										)}
										help={fallbackNote(
											isPrimary,
											noKey(id)
										)}
										checked={
											!isPrimary &&
											form.fallback.includes(id)
										}
										disabled={isPrimary}
										onChange={(checked: boolean) =>
											actions.setFallback(id, checked)
										}
									/>
									<span className="byok-ai-fallback__moves">
										<Button
											icon="arrow-up-alt2"
											size="small"
											label={sprintf(
												/* translators: %s: provider name. */
												__('Move %s up', 'byok-ai'),
												label(id)
											)}
											// Stays focusable at the top, so focus isn't lost after a move.
											aria-disabled={first}
											onClick={() =>
												first || actions.move(id, -1)
											}
										/>
										<Button
											icon="arrow-down-alt2"
											size="small"
											label={sprintf(
												/* translators: %s: provider name. */
												__('Move %s down', 'byok-ai'),
												label(id)
											)}
											aria-disabled={last}
											onClick={() =>
												last || actions.move(id, 1)
											}
										/>
									</span>
								</li>
							);
						})}
					</ol>
				</fieldset>

				<NumberInput
					field="max_output_tokens"
					label={__('Maximum output tokens', 'byok-ai')}
					value={form.max_output_tokens}
					error={fieldErrors.max_output_tokens}
					onChange={actions.change}
					describe={(min, max) =>
						sprintf(
							/* translators: 1: smallest allowed number, 2: largest allowed number. */
							__(
								'The longest answer one request may get, from %1$s to %2$s tokens.',
								'byok-ai'
							),
							min,
							max
						)
					}
				/>
				<NumberInput
					field="timeout"
					label={__('Timeout (seconds)', 'byok-ai')}
					value={form.timeout}
					error={fieldErrors.timeout}
					onChange={actions.change}
					describe={(min, max) =>
						sprintf(
							/* translators: 1: smallest allowed number, 2: largest allowed number. */
							__(
								'How long to wait for a provider before giving up or falling back, from %1$s to %2$s seconds.',
								'byok-ai'
							),
							min,
							max
						)
					}
				/>

				<fieldset
					className={fieldsetClass(fieldErrors.models)}
					aria-describedby="byok-ai-models-help"
				>
					<legend>{__('Allowed models', 'byok-ai')}</legend>
					<p className="byok-ai-help" id="byok-ai-models-help">
						{__(
							'Model ids separated by commas. The first one is the default; leave a field empty to use the provider’s default model.',
							'byok-ai'
						)}
					</p>
					<FieldError error={fieldErrors.models} />
					{Object.keys(form.models).map((id) => {
						const error = fieldErrors[`models.${id}`];
						return (
							<TextControl
								__next40pxDefaultSize
								__nextHasNoMarginBottom
								key={id}
								label={sprintf(
									/* translators: %s: provider name. */
									__('%s models', 'byok-ai'),
									label(id)
								)}
								value={form.models[id] ?? ''}
								onChange={(value: string) =>
									actions.setModels(id, value)
								}
								spellCheck={false}
								autoComplete="off"
								aria-invalid={error ? true : undefined}
								help={error && <FieldHelp error={error} />}
							/>
						);
					})}
				</fieldset>

				<fieldset className={fieldsetClass(fieldErrors.chat_roles)}>
					<legend>
						{__('Who can use AI in the editor', 'byok-ai')}
					</legend>
					<FieldError error={fieldErrors.chat_roles} />
					{state.roles.map((role) => (
						<CheckboxControl
							__nextHasNoMarginBottom
							key={role.slug}
							label={role.name}
							checked={form.chat_roles.includes(role.slug)}
							onChange={(checked: boolean) =>
								actions.setRole(role.slug, checked)
							}
						/>
					))}
					<NumberInput
						field="user_hourly_limit"
						label={__('Requests per person per hour', 'byok-ai')}
						value={form.user_hourly_limit}
						error={fieldErrors.user_hourly_limit}
						onChange={actions.change}
						describe={(min, max) =>
							sprintf(
								/* translators: 1: smallest allowed number, 2: largest allowed number. */
								__(
									'How many requests one signed-in person may send per hour, in the editor and in Try it, from %1$s to %2$s. 0 allows none.',
									'byok-ai'
								),
								min,
								max
							)
						}
					/>
				</fieldset>

				<fieldset
					className="byok-ai-fieldset byok-ai-rules__visitors"
					aria-describedby="byok-ai-visitors-help"
				>
					<legend>{__('Visitors', 'byok-ai')}</legend>
					<p className="byok-ai-help" id="byok-ai-visitors-help">
						{__(
							'Limits for questions asked by visitors through the AI Assistant block. Each question is billed to your key; a visitor who reaches a limit is asked to wait.',
							'byok-ai'
						)}
					</p>
					<NumberInput
						field="visitor_ip_limit"
						label={__('Questions per visitor', 'byok-ai')}
						value={form.visitor_ip_limit}
						error={fieldErrors.visitor_ip_limit}
						onChange={actions.change}
						describe={(min, max) =>
							sprintf(
								/* translators: 1: smallest allowed number, 2: largest allowed number. */
								__(
									'How many questions one visitor (one IP address) may ask per time window, from %1$s to %2$s. 0 turns the assistant off for visitors.',
									'byok-ai'
								),
								min,
								max
							)
						}
					/>
					<NumberInput
						field="visitor_ip_window"
						label={__('Time window (minutes)', 'byok-ai')}
						value={form.visitor_ip_window}
						error={fieldErrors.visitor_ip_window}
						onChange={actions.change}
						describe={(min, max) =>
							sprintf(
								/* translators: 1: smallest allowed number, 2: largest allowed number. */
								__(
									'The period the questions per visitor are counted over, from %1$s to %2$s minutes (one day).',
									'byok-ai'
								),
								min,
								max
							)
						}
					/>
					<NumberInput
						field="visitor_block_limit"
						label={__('Requests per block per hour', 'byok-ai')}
						value={form.visitor_block_limit}
						error={fieldErrors.visitor_block_limit}
						onChange={actions.change}
						describe={(min, max) =>
							sprintf(
								/* translators: 1: smallest allowed number, 2: largest allowed number. */
								__(
									'How many requests one assistant block may receive per hour from all visitors together, from %1$s to %2$s.',
									'byok-ai'
								),
								min,
								max
							)
						}
					/>
					<NumberInput
						field="visitor_daily_cap"
						label={__('Visitor requests per day', 'byok-ai')}
						value={form.visitor_daily_cap}
						error={fieldErrors.visitor_daily_cap}
						onChange={actions.change}
						describe={(min, max) =>
							sprintf(
								/* translators: 1: smallest allowed number, 2: largest allowed number. */
								__(
									'How many requests all visitors together may make per day on this site, from %1$s to %2$s. The count starts again at 00:00 UTC.',
									'byok-ai'
								),
								min,
								max
							)
						}
					/>
					<SelectControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
						label={__('Visitor address', 'byok-ai')}
						value={form.proxy_header}
						options={PROXY_HEADERS.map((header) => ({
							value: header,
							label:
								header === ''
									? __(
											'The connection’s address (no proxy)',
											'byok-ai'
										)
									: sprintf(
											/* translators: %s: HTTP header name, e.g. X-Forwarded-For. */
											__('The %s header', 'byok-ai'),
											header
										),
						}))}
						onChange={(value: string) =>
							actions.change({
								proxy_header: toProxyHeader(value),
							})
						}
						aria-invalid={
							fieldErrors.proxy_header ? true : undefined
						}
						help={
							<FieldHelp error={fieldErrors.proxy_header}>
								{__(
									'Where the per-visitor limit reads the visitor’s IP address. Only choose a header when every request really reaches this site through a proxy or CDN that sets it (and replaces any value the visitor sent); otherwise anyone can send that header with a made-up address and get around the limit.',
									'byok-ai'
								)}
							</FieldHelp>
						}
					/>
					{form.proxy_header !== '' && (
						<Notice status="warning" isDismissible={false}>
							{sprintf(
								/* translators: %s: HTTP header name, e.g. X-Forwarded-For. */
								__(
									'Visitors are told apart by the %s header. Keep this only if your proxy or CDN always sets it.',
									'byok-ai'
								),
								form.proxy_header
							)}
						</Notice>
					)}
				</fieldset>

				<Button
					__next40pxDefaultSize
					variant="primary"
					type="submit"
					isBusy={state.saving}
					disabled={state.saving}
				>
					{__('Save rules', 'byok-ai')}
				</Button>
			</form>
		);
	}

	return (
		<section
			className="byok-ai-panel byok-ai-rules"
			aria-labelledby="byok-ai-rules-title"
		>
			<Card>
				<CardHeader>
					<h2
						className="byok-ai-panel__title"
						id="byok-ai-rules-title"
					>
						{__('Rules', 'byok-ai')}
					</h2>
				</CardHeader>
				<CardBody>{body}</CardBody>
			</Card>
		</section>
	);
}

function fallbackNote(isPrimary: boolean, noKey: boolean): string | undefined {
	if (isPrimary) {
		return __('This is the primary provider.', 'byok-ai');
	}
	return noKey ? __('No usable key yet.', 'byok-ai') : undefined;
}

function fieldsetClass(error: string | undefined): string {
	return error
		? 'byok-ai-fieldset byok-ai-fieldset--invalid'
		: 'byok-ai-fieldset';
}

/**
 * A control's help text, preceded by the server's message about it when there is one (help is
 * what the control's aria-describedby points at).
 * @param props
 * @param props.error
 * @param props.children
 */
function FieldHelp({
	error,
	children,
}: {
	error: string | undefined;
	children?: ReactNode;
}) {
	return (
		<>
			{error && <span className="byok-ai-field-error">{error}</span>}
			{error && children ? ' ' : null}
			{children}
		</>
	);
}

function FieldError({ error }: { error: string | undefined }) {
	return error ? <p className="byok-ai-field-error">{error}</p> : null;
}

function toProxyHeader(value: string): ProxyHeader {
	return PROXY_HEADERS.find((header) => header === value) ?? '';
}

interface NumberInputProps {
	field: NumberField;
	label: string;
	value: string;
	error: string | undefined;
	onChange: (patch: Partial<PolicyForm>) => void;
	/** The help text, given the field's range formatted for the reader. */
	describe: (min: string, max: string) => string;
}

/**
 * A whole-number policy field with its range, its help and the server's message about it.
 * @param props
 * @param props.field
 * @param props.label
 * @param props.value
 * @param props.error
 * @param props.onChange
 * @param props.describe
 */
function NumberInput({
	field,
	label,
	value,
	error,
	onChange,
	describe,
}: NumberInputProps) {
	const { min, max } = LIMITS[field];
	return (
		<TextControl
			__next40pxDefaultSize
			__nextHasNoMarginBottom
			label={label}
			type="number"
			min={min}
			max={max}
			step={1}
			value={value}
			onChange={(next: string) => onChange({ [field]: next })}
			aria-invalid={error ? true : undefined}
			help={
				<FieldHelp error={error}>
					{describe(min.toLocaleString(), max.toLocaleString())}
				</FieldHelp>
			}
		/>
	);
}
