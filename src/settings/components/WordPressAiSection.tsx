/**
 * WordPress 7.0+: "WordPress AI" under Rules (keys of Settings → Connectors, the rules every AI
 * Client call obeys). "Which plugin spent what (30 days)" under Usage is CallerUsageTable.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	SelectControl,
	Spinner,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { CallerVerdict } from '../../lib/types';
import { callerLabel } from '../caller-label';
import {
	WORDPRESS_AI_LIMITS,
	type WordPressAiActions,
	type WordPressAiState,
} from '../use-wordpress-ai';

export interface WordPressAiSectionProps {
	state: WordPressAiState;
	actions: WordPressAiActions;
}

function verdictOptions() {
	return [
		{ value: 'allow', label: __('Allow', 'byok-ai') },
		{ value: 'deny', label: __('Deny', 'byok-ai') },
	];
}

function toVerdict(value: string): CallerVerdict {
	return value === 'deny' ? 'deny' : 'allow';
}

export function WordPressAiSection({
	state,
	actions,
}: WordPressAiSectionProps) {
	const formRef = useRef<HTMLFormElement>(null);
	const { form, fieldErrors } = state;

	// After a failed save, take keyboard focus to the first field that needs fixing.
	useEffect(() => {
		if (Object.keys(fieldErrors).length === 0) {
			return;
		}
		formRef.current
			?.querySelector<HTMLElement>('[aria-invalid="true"]')
			?.focus();
	}, [fieldErrors]);

	let body;
	if (state.loading && form === null) {
		body = (
			<p className="byok-ai-loading" role="status">
				<Spinner />
				{__('Loading the WordPress AI rules…', 'byok-ai')}
			</p>
		);
	} else if (form === null) {
		body = (
			<Notice status="error" isDismissible={false}>
				{state.loadError}
			</Notice>
		);
	} else {
		// Callers seen in the last 30 days, then those only listed in the rules.
		const callers = [
			...new Set([
				...state.callers.map((row) => row.caller),
				...Object.keys(form.callers),
			]),
		];
		const { min, max } = WORDPRESS_AI_LIMITS.hourly_limit;
		const conflicts = Object.entries(state.conflicts);
		body = (
			<form
				ref={formRef}
				className="byok-ai-rules__form byok-ai-wpai__form"
				// The form's own messages, next to the fields, instead of the browser's bubble.
				noValidate
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
				{conflicts.length > 0 && (
					<Notice status="warning" isDismissible={false}>
						{sprintf(
							/* translators: %s: comma-separated option names with the layer that encrypts them. */
							__(
								'Another encryption layer handles these Connectors keys, so BYOK AI leaves them alone: %s.',
								'byok-ai'
							),
							conflicts
								.map(
									([option, layer]) => `${option} (${layer})`
								)
								.join(', ')
						)}
					</Notice>
				)}

				<ToggleControl
					__nextHasNoMarginBottom
					label={__(
						'Keep Connectors keys in BYOK AI (encrypted)',
						'byok-ai'
					)}
					help={__(
						'Keys entered under Settings → Connectors are stored here, encrypted, and both screens show the same key. Turning this off writes them back to Connectors unencrypted.',
						'byok-ai'
					)}
					checked={form.custody}
					onChange={(custody: boolean) => actions.change({ custody })}
				/>
				<ToggleControl
					__nextHasNoMarginBottom
					label={__(
						'When BYOK AI is deactivated, give the keys back to WordPress',
						'byok-ai'
					)}
					help={__(
						'On: the keys are written back unencrypted so WordPress’s AI keeps working. Off: they stay encrypted here and must be entered again on Connectors.',
						'byok-ai'
					)}
					checked={form.hand_back}
					onChange={(handBack: boolean) =>
						actions.change({ hand_back: handBack })
					}
				/>
				<ToggleControl
					__nextHasNoMarginBottom
					label={__(
						'Apply these rules to every AI request on the site',
						'byok-ai'
					)}
					help={__(
						'Allowed models, the output limit and the timeout above, and the settings below, apply to every plugin or theme that uses WordPress’s AI.',
						'byok-ai'
					)}
					checked={form.gate}
					onChange={(gate: boolean) => actions.change({ gate })}
				/>

				<fieldset
					className="byok-ai-fieldset"
					aria-describedby="byok-ai-wpai-callers-help"
					disabled={!form.gate}
				>
					<legend>
						{__('Plugins and themes that may use AI', 'byok-ai')}
					</legend>
					<p className="byok-ai-help" id="byok-ai-wpai-callers-help">
						{__(
							'Plugins and themes appear here once they have used WordPress’s AI.',
							'byok-ai'
						)}
					</p>
					{fieldErrors.callers && (
						<p className="byok-ai-field-error">
							{fieldErrors.callers}
						</p>
					)}
					{callers.map((caller) => (
						<SelectControl
							key={caller}
							__next40pxDefaultSize
							__nextHasNoMarginBottom
							label={callerLabel(caller)}
							value={form.callers[caller] ?? form.default_caller}
							options={verdictOptions()}
							onChange={(value: string) =>
								actions.setCaller(caller, toVerdict(value))
							}
						/>
					))}
					<SelectControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
						label={__('Others', 'byok-ai')}
						value={form.default_caller}
						options={verdictOptions()}
						onChange={(value: string) =>
							actions.change({ default_caller: toVerdict(value) })
						}
						aria-invalid={
							fieldErrors.default_caller ? true : undefined
						}
						help={fieldErrors.default_caller}
					/>
				</fieldset>

				<TextControl
					__next40pxDefaultSize
					__nextHasNoMarginBottom
					label={__('Only users who can…', 'byok-ai')}
					value={form.capability}
					maxLength={64}
					disabled={!form.gate}
					onChange={(capability: string) =>
						actions.change({ capability })
					}
					aria-invalid={fieldErrors.capability ? true : undefined}
					help={
						<>
							{fieldErrors.capability && (
								<span className="byok-ai-field-error">
									{fieldErrors.capability}{' '}
								</span>
							)}
							{__(
								'A capability such as edit_posts. Empty: anyone, including scheduled tasks and visitors.',
								'byok-ai'
							)}
						</>
					}
				/>
				<TextControl
					__next40pxDefaultSize
					__nextHasNoMarginBottom
					label={__(
						'Requests per plugin per hour (0 = no limit)',
						'byok-ai'
					)}
					type="number"
					min={min}
					max={max}
					step={1}
					value={form.hourly_limit}
					disabled={!form.gate}
					onChange={(limit: string) =>
						actions.change({ hourly_limit: limit })
					}
					aria-invalid={fieldErrors.hourly_limit ? true : undefined}
					help={
						<>
							{fieldErrors.hourly_limit && (
								<span className="byok-ai-field-error">
									{fieldErrors.hourly_limit}{' '}
								</span>
							)}
							{sprintf(
								/* translators: 1: smallest allowed number, 2: largest allowed number. */
								__('From %1$s to %2$s.', 'byok-ai'),
								min.toLocaleString(),
								max.toLocaleString()
							)}
						</>
					}
				/>

				<Button
					__next40pxDefaultSize
					variant="primary"
					type="submit"
					isBusy={state.saving}
					disabled={state.saving}
				>
					{__('Save WordPress AI rules', 'byok-ai')}
				</Button>
			</form>
		);
	}

	return (
		<section
			className="byok-ai-panel byok-ai-wpai"
			aria-labelledby="byok-ai-wpai-title"
		>
			<Card>
				<CardHeader>
					<h2
						className="byok-ai-panel__title"
						id="byok-ai-wpai-title"
					>
						{__('WordPress AI', 'byok-ai')}
					</h2>
				</CardHeader>
				<CardBody>{body}</CardBody>
			</Card>
		</section>
	);
}
