/**
 * WordPress 7.0+: the rules BYOK AI applies to WordPress's own AI (GET/PUT /wordpress-ai) and
 * the usage per calling plugin. One hook owns that server state for the Rules and Usage tabs.
 */
import { useCallback } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { ROOT } from '../lib/api';
import type {
	CallerUsageRow,
	CallerVerdict,
	WordPressAiResponse,
	WordPressAiRules,
} from '../lib/types';
import { rangeOf, wholeNumberError, type SchemaProperties } from './schema';
import {
	serverFieldErrors,
	useResourceForm,
	type FormNotice,
	type ResourceFormActions,
	type ResourceFormState,
} from './use-resource-form';

/** The rules as the form holds them: the limit as typed. */
export type WordPressAiForm = Omit<WordPressAiRules, 'hourly_limit'> & {
	hourly_limit: string;
};

export interface WordPressAiState extends ResourceFormState<
	WordPressAiResponse,
	WordPressAiForm
> {
	/** Other encryption layers BYOK AI stands down for (option => layer). */
	conflicts: Record<string, string>;
	/** Usage per caller, last 30 days. */
	callers: CallerUsageRow[];
}

export interface WordPressAiActions extends ResourceFormActions<WordPressAiForm> {
	setCaller: (caller: string, verdict: CallerVerdict) => void;
}

export function toWordPressAiForm(rules: WordPressAiRules): WordPressAiForm {
	return {
		custody: rules.custody,
		hand_back: rules.hand_back,
		gate: rules.gate,
		callers: { ...rules.callers },
		default_caller: rules.default_caller,
		capability: rules.capability,
		hourly_limit: String(rules.hourly_limit),
	};
}

export function fromWordPressAiForm(form: WordPressAiForm): WordPressAiRules {
	return {
		custody: form.custody,
		hand_back: form.hand_back,
		gate: form.gate,
		callers: form.callers,
		default_caller: form.default_caller,
		capability: form.capability.trim(),
		hourly_limit: Number(form.hourly_limit),
	};
}

/**
 * Field errors the browser can tell before asking the server.
 * @param form
 * @param schema The route's schema properties.
 */
export function checkWordPressAiForm(
	form: WordPressAiForm,
	schema: SchemaProperties
): Record<string, string> {
	const errors: Record<string, string> = {};
	const limit = wholeNumberError(
		form.hourly_limit,
		rangeOf(schema, 'hourly_limit')
	);
	if (limit !== null) {
		errors.hourly_limit = limit;
	}
	const { pattern } = schema.capability ?? {};
	if (
		pattern !== undefined &&
		!new RegExp(pattern).test(form.capability.trim())
	) {
		errors.capability = __(
			'Enter a capability name: lowercase letters, digits and underscores, at most 64.',
			'byok-ai'
		);
	}
	return errors;
}

const FIELDS: readonly string[] = [
	'custody',
	'hand_back',
	'gate',
	'callers',
	'default_caller',
	'capability',
	'hourly_limit',
];

const notSaved = () =>
	__(
		'The WordPress AI rules were not saved. Correct the fields marked below.',
		'byok-ai'
	);

function savedNotice({ lost = [] }: WordPressAiResponse): FormNotice {
	if (lost.length === 0) {
		return {
			status: 'success',
			message: __('WordPress AI rules saved.', 'byok-ai'),
		};
	}
	return {
		status: 'warning',
		message: sprintf(
			/* translators: %s: comma-separated provider ids. */
			__(
				'Saved, but these keys could not be given back to WordPress and must be entered again on Settings → Connectors: %s.',
				'byok-ai'
			),
			lost.join(', ')
		),
	};
}

/**
 * @param enabled False before WordPress 7.0: nothing is asked.
 * @param version Bump it to reload the usage per caller (the form is kept).
 */
export function useWordPressAi(
	enabled: boolean,
	version = 0
): [WordPressAiState, WordPressAiActions] {
	const [state, actions] = useResourceForm<
		WordPressAiResponse,
		WordPressAiForm,
		WordPressAiRules
	>({
		path: `${ROOT}/wordpress-ai`,
		enabled,
		version,
		toForm: (data) => toWordPressAiForm(data.rules),
		fromForm: fromWordPressAiForm,
		check: checkWordPressAiForm,
		serverErrors: (error) =>
			serverFieldErrors(error, (field) =>
				FIELDS.includes(field) ? field : null
			),
		notSaved,
		saved: savedNotice,
	});
	const { edit } = actions;

	const setCaller = useCallback(
		(caller: string, verdict: CallerVerdict) =>
			edit(
				(form) => ({
					...form,
					callers: { ...form.callers, [caller]: verdict },
				}),
				['callers']
			),
		[edit]
	);

	return [
		{
			...state,
			conflicts: state.data?.conflicts ?? {},
			callers: state.data?.callers ?? [],
		},
		{ ...actions, setCaller },
	];
}
