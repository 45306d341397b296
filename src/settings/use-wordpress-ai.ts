/**
 * WordPress 7.0+: the rules BYOK AI applies to WordPress's own AI (GET/PUT /wordpress-ai) and
 * the usage per calling plugin. One hook owns that server state for the Rules and Usage tabs.
 */
import apiFetch from '@wordpress/api-fetch';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { isAbortError, ROOT, toRestError } from '../lib/api';
import type {
	CallerUsageRow,
	CallerVerdict,
	WordPressAiResponse,
	WordPressAiRules,
} from '../lib/types';

/** Bounds of the route's schema. */
export const WORDPRESS_AI_LIMITS = {
	hourly_limit: { min: 0, max: 1000000 },
	capability: { pattern: /^[a-z0-9_]{0,64}$/ },
	/** How many callers the route accepts in `callers`. */
	callers: 200,
} as const;

/** The rules as the form holds them: the limit as typed. */
export interface WordPressAiForm {
	custody: boolean;
	hand_back: boolean;
	gate: boolean;
	callers: Record<string, CallerVerdict>;
	default_caller: CallerVerdict;
	capability: string;
	hourly_limit: string;
}

export interface WordPressAiNotice {
	status: 'success' | 'error' | 'warning';
	message: string;
}

export interface WordPressAiState {
	loading: boolean;
	loadError: string | null;
	form: WordPressAiForm | null;
	/** Other encryption layers BYOK AI stands down for (option => layer). */
	conflicts: Record<string, string>;
	/** Usage per caller, last 30 days. */
	callers: CallerUsageRow[];
	saving: boolean;
	notice: WordPressAiNotice | null;
	/** Messages by field name. */
	fieldErrors: Record<string, string>;
}

export interface WordPressAiActions {
	change: (patch: Partial<WordPressAiForm>) => void;
	setCaller: (caller: string, verdict: CallerVerdict) => void;
	save: () => Promise<void>;
	dismiss: () => void;
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
 */
export function checkWordPressAiForm(
	form: WordPressAiForm
): Record<string, string> {
	const errors: Record<string, string> = {};
	const { min, max } = WORDPRESS_AI_LIMITS.hourly_limit;
	const limit = Number(form.hourly_limit);
	if (
		form.hourly_limit.trim() === '' ||
		!Number.isInteger(limit) ||
		limit < min ||
		limit > max
	) {
		errors.hourly_limit = sprintf(
			/* translators: 1: smallest allowed number, 2: largest allowed number. */
			__('Enter a whole number from %1$s to %2$s.', 'byok-ai'),
			min.toLocaleString(),
			max.toLocaleString()
		);
	}
	if (!WORDPRESS_AI_LIMITS.capability.pattern.test(form.capability.trim())) {
		errors.capability = __(
			'Enter a capability name: lowercase letters, digits and underscores, at most 64.',
			'byok-ai'
		);
	}
	return errors;
}

const FIELDS = [
	'custody',
	'hand_back',
	'gate',
	'callers',
	'default_caller',
	'capability',
	'hourly_limit',
];

const NOT_SAVED = () =>
	__(
		'The WordPress AI rules were not saved. Correct the fields marked below.',
		'byok-ai'
	);

/**
 * Field messages from a REST error: `rest_invalid_param` lists them in data.params, the
 * plugin's own errors name one in data.field.
 * @param data
 */
function serverFieldErrors(data: unknown): Record<string, string> {
	const errors: Record<string, string> = {};
	if (typeof data !== 'object' || data === null) {
		return errors;
	}
	const { params, field } = data as { params?: unknown; field?: unknown };
	if (typeof params === 'object' && params !== null) {
		for (const [name, message] of Object.entries(params)) {
			if (FIELDS.includes(name) && typeof message === 'string') {
				errors[name] = message;
			}
		}
	}
	if (typeof field === 'string' && FIELDS.includes(field)) {
		errors[field] ??= '';
	}
	return errors;
}

/**
 * @param enabled False before WordPress 7.0: nothing is asked.
 * @param version Bump it to reload the usage per caller (the form is kept).
 */
export function useWordPressAi(
	enabled: boolean,
	version = 0
): [WordPressAiState, WordPressAiActions] {
	const [state, setState] = useState<WordPressAiState>({
		loading: enabled,
		loadError: null,
		form: null,
		conflicts: {},
		callers: [],
		saving: false,
		notice: null,
		fieldErrors: {},
	});

	useEffect(() => {
		if (!enabled) {
			return;
		}
		const controller = new AbortController();
		setState((current) => ({ ...current, loading: true, loadError: null }));
		apiFetch<WordPressAiResponse>({
			path: `${ROOT}/wordpress-ai`,
			signal: controller.signal,
		}).then(
			(data) =>
				setState((current) => ({
					...current,
					loading: false,
					loadError: null,
					// A reload refreshes the figures, not a form being edited.
					form: current.form ?? toWordPressAiForm(data.rules),
					conflicts: data.conflicts,
					callers: data.callers,
				})),
			(error: unknown) => {
				if (controller.signal.aborted || isAbortError(error)) {
					return;
				}
				setState((current) => ({
					...current,
					loading: false,
					loadError: toRestError(error).message,
				}));
			}
		);
		return () => controller.abort();
	}, [enabled, version]);

	const change = useCallback(
		(patch: Partial<WordPressAiForm>) =>
			setState((current) => {
				if (current.form === null) {
					return current;
				}
				const fieldErrors = { ...current.fieldErrors };
				for (const field of Object.keys(patch)) {
					delete fieldErrors[field];
				}
				return {
					...current,
					form: { ...current.form, ...patch },
					fieldErrors,
				};
			}),
		[]
	);

	const setCaller = useCallback(
		(caller: string, verdict: CallerVerdict) =>
			setState((current) => {
				if (current.form === null) {
					return current;
				}
				const fieldErrors = { ...current.fieldErrors };
				delete fieldErrors.callers;
				return {
					...current,
					form: {
						...current.form,
						callers: { ...current.form.callers, [caller]: verdict },
					},
					fieldErrors,
				};
			}),
		[]
	);

	// Read the form at the time of the click, not of the last render of the callback.
	const latest = useRef(state);
	latest.current = state;

	const save = useCallback(async () => {
		const { form, saving } = latest.current;
		if (form === null || saving) {
			return;
		}
		const local = checkWordPressAiForm(form);
		if (Object.keys(local).length > 0) {
			setState((current) => ({
				...current,
				fieldErrors: local,
				notice: { status: 'error', message: NOT_SAVED() },
			}));
			return;
		}
		setState((current) => ({
			...current,
			saving: true,
			notice: null,
			fieldErrors: {},
		}));
		try {
			const data = await apiFetch<WordPressAiResponse>({
				path: `${ROOT}/wordpress-ai`,
				method: 'PUT',
				data: fromWordPressAiForm(form),
			});
			const lost = data.lost ?? [];
			setState((current) => ({
				...current,
				saving: false,
				form: toWordPressAiForm(data.rules),
				conflicts: data.conflicts,
				callers: data.callers,
				notice:
					lost.length > 0
						? {
								status: 'warning',
								message: sprintf(
									/* translators: %s: comma-separated provider ids. */
									__(
										'Saved, but these keys could not be given back to WordPress and must be entered again on Settings → Connectors: %s.',
										'byok-ai'
									),
									lost.join(', ')
								),
							}
						: {
								status: 'success',
								message: __(
									'WordPress AI rules saved.',
									'byok-ai'
								),
							},
			}));
		} catch (error) {
			const rest = toRestError(error);
			const fields = serverFieldErrors(rest.data);
			const marked = Object.fromEntries(
				Object.entries(fields).map(([name, message]) => [
					name,
					message || rest.message,
				])
			);
			const shown = Object.keys(marked).length > 0;
			setState((current) => ({
				...current,
				saving: false,
				fieldErrors: marked,
				notice: {
					status: 'error',
					message: shown ? NOT_SAVED() : rest.message,
				},
			}));
		}
	}, []);

	const dismiss = useCallback(
		() => setState((current) => ({ ...current, notice: null })),
		[]
	);

	return [state, { change, setCaller, save, dismiss }];
}
