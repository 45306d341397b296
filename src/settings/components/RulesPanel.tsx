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
import type { Provider } from '../../lib/types';
import { hasUsableKey, providerLabel } from '../providers';
import { LIMITS, usePolicy } from '../use-policy';

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

				<TextControl
					label={__('Maximum output tokens', 'byok-ai')}
					type="number"
					min={LIMITS.max_output_tokens.min}
					max={LIMITS.max_output_tokens.max}
					step={1}
					value={form.max_output_tokens}
					onChange={(value: string) =>
						actions.change({ max_output_tokens: value })
					}
					aria-invalid={
						fieldErrors.max_output_tokens ? true : undefined
					}
					help={
						<FieldHelp error={fieldErrors.max_output_tokens}>
							{sprintf(
								/* translators: 1: smallest allowed number, 2: largest allowed number. */
								__(
									'The longest answer one request may get, from %1$s to %2$s tokens.',
									'byok-ai'
								),
								LIMITS.max_output_tokens.min.toLocaleString(),
								LIMITS.max_output_tokens.max.toLocaleString()
							)}
						</FieldHelp>
					}
				/>
				<TextControl
					label={__('Timeout (seconds)', 'byok-ai')}
					type="number"
					min={LIMITS.timeout.min}
					max={LIMITS.timeout.max}
					step={1}
					value={form.timeout}
					onChange={(value: string) =>
						actions.change({ timeout: value })
					}
					aria-invalid={fieldErrors.timeout ? true : undefined}
					help={
						<FieldHelp error={fieldErrors.timeout}>
							{sprintf(
								/* translators: 1: smallest allowed number, 2: largest allowed number. */
								__(
									'How long to wait for a provider before giving up or falling back, from %1$s to %2$s seconds.',
									'byok-ai'
								),
								LIMITS.timeout.min.toLocaleString(),
								LIMITS.timeout.max.toLocaleString()
							)}
						</FieldHelp>
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
							key={role.slug}
							label={role.name}
							checked={form.chat_roles.includes(role.slug)}
							onChange={(checked: boolean) =>
								actions.setRole(role.slug, checked)
							}
						/>
					))}
				</fieldset>

				<Button
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
