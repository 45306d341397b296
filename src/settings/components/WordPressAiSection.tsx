/**
 * WordPress 7.0+: "WordPress AI" under Rules (keys of Settings → Connectors, the rules every AI
 * Client call obeys). "Which plugin spent what (30 days)" under Usage is CallerUsageTable.
 */
import { Notice, ToggleControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { SelectInput, TextInput } from '../../components/controls';
import type { CallerVerdict } from '../../lib/types';
import { callerLabel } from '../caller-label';
import { rangeOf } from '../schema';
import type {
	WordPressAiActions,
	WordPressAiForm,
	WordPressAiState,
} from '../use-wordpress-ai';
import { FieldError, FieldHelp, Fieldset, NumberInput } from './form/fields';
import { ResourceForm } from './form/ResourceForm';

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
	return (
		<ResourceForm
			name="wpai"
			title={__('WordPress AI', 'byok-ai')}
			loadingText={__('Loading the WordPress AI rules…', 'byok-ai')}
			formClassName="byok-ai-wpai__form"
			noValidate
			submitLabel={__('Save WordPress AI rules', 'byok-ai')}
			state={state}
			onSave={actions.save}
			onDismiss={actions.dismiss}
		>
			{(form) => (
				<>
					<Conflicts conflicts={state.conflicts} />
					<Custody form={form} actions={actions} />
					<CallerRules form={form} state={state} actions={actions} />
					<TextInput
						label={__('Only users who can…', 'byok-ai')}
						value={form.capability}
						maxLength={state.schema.capability?.maxLength}
						disabled={!form.gate}
						onChange={(capability: string) =>
							actions.change({ capability })
						}
						aria-invalid={
							state.fieldErrors.capability ? true : undefined
						}
						help={
							<FieldHelp error={state.fieldErrors.capability}>
								{__(
									'A capability such as edit_posts. Empty: anyone, including scheduled tasks and visitors.',
									'byok-ai'
								)}
							</FieldHelp>
						}
					/>
					<NumberInput
						label={__(
							'Requests per plugin per hour (0 = no limit)',
							'byok-ai'
						)}
						value={form.hourly_limit}
						range={rangeOf(state.schema, 'hourly_limit')}
						error={state.fieldErrors.hourly_limit}
						disabled={!form.gate}
						onChange={(limit) =>
							actions.change({ hourly_limit: limit })
						}
						help={
							/* translators: 1: smallest allowed number, 2: largest allowed number. */
							__('From %1$s to %2$s.', 'byok-ai')
						}
					/>
				</>
			)}
		</ResourceForm>
	);
}

/**
 * Connectors keys another encryption layer handles.
 * @param props
 * @param props.conflicts
 */
function Conflicts({ conflicts }: { conflicts: Record<string, string> }) {
	const entries = Object.entries(conflicts);
	if (entries.length === 0) {
		return null;
	}
	return (
		<Notice status="warning" isDismissible={false}>
			{sprintf(
				/* translators: %s: comma-separated option names with the layer that encrypts them. */
				__(
					'Another encryption layer handles these Connectors keys, so BYOK AI leaves them alone: %s.',
					'byok-ai'
				),
				entries
					.map(([option, layer]) => `${option} (${layer})`)
					.join(', ')
			)}
		</Notice>
	);
}

interface FormPartProps {
	form: WordPressAiForm;
	actions: WordPressAiActions;
}

/** The form's switches, each with its label and help, in the order shown. */
const switches = (): [
	field: 'custody' | 'hand_back' | 'gate',
	label: string,
	help: string,
][] => [
	[
		'custody',
		__('Keep Connectors keys in BYOK AI (encrypted)', 'byok-ai'),
		__(
			'Keys entered under Settings → Connectors are stored here, encrypted, and both screens show the same key. Turning this off writes them back to Connectors unencrypted.',
			'byok-ai'
		),
	],
	[
		'hand_back',
		__(
			'When BYOK AI is deactivated, give the keys back to WordPress',
			'byok-ai'
		),
		__(
			'On: the keys are written back unencrypted so WordPress’s AI keeps working. Off: they stay encrypted here and must be entered again on Connectors.',
			'byok-ai'
		),
	],
	[
		'gate',
		__('Apply these rules to every AI request on the site', 'byok-ai'),
		__(
			'Allowed models, the output limit and the timeout above, and the settings below, apply to every plugin or theme that uses WordPress’s AI.',
			'byok-ai'
		),
	],
];

/**
 * Where the Connectors keys live, and whether the rules apply to every AI request.
 * @param props
 * @param props.form
 * @param props.actions
 */
function Custody({ form, actions }: FormPartProps) {
	return (
		<>
			{switches().map(([field, label, help]) => (
				<ToggleControl
					__nextHasNoMarginBottom
					key={field}
					label={label}
					help={help}
					checked={form[field]}
					onChange={(on: boolean) => actions.change({ [field]: on })}
				/>
			))}
		</>
	);
}

/**
 * Which plugins and themes may use AI, and what the others get.
 * @param props
 * @param props.form
 * @param props.state
 * @param props.actions
 */
function CallerRules({
	form,
	state,
	actions,
}: FormPartProps & { state: WordPressAiState }) {
	const { fieldErrors } = state;
	// Callers seen in the last 30 days, then those only listed in the rules.
	const callers = [
		...new Set([
			...state.callers.map((row) => row.caller),
			...Object.keys(form.callers),
		]),
	];
	return (
		<Fieldset
			legend={__('Plugins and themes that may use AI', 'byok-ai')}
			helpId="byok-ai-wpai-callers-help"
			help={__(
				'Plugins and themes appear here once they have used WordPress’s AI.',
				'byok-ai'
			)}
			disabled={!form.gate}
		>
			<FieldError error={fieldErrors.callers} />
			{callers.map((caller) => (
				<SelectInput
					key={caller}
					label={callerLabel(caller)}
					value={form.callers[caller] ?? form.default_caller}
					options={verdictOptions()}
					onChange={(value: string) =>
						actions.setCaller(caller, toVerdict(value))
					}
				/>
			))}
			<SelectInput
				label={__('Others', 'byok-ai')}
				value={form.default_caller}
				options={verdictOptions()}
				onChange={(value: string) =>
					actions.change({ default_caller: toVerdict(value) })
				}
				aria-invalid={fieldErrors.default_caller ? true : undefined}
				help={fieldErrors.default_caller}
			/>
		</Fieldset>
	);
}
