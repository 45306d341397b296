/**
 * The "Rules" form: the policy as saved, the form being edited, saving and its errors.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { fetchPolicy, isAbortError, savePolicy, toRestError } from '../lib/api';
import type { Policy, ProxyHeader, Role } from '../lib/types';

/** The policy as the form holds it: numbers and model lists as typed. */
export interface PolicyForm {
	primary: string;
	/** Every provider id: the fallback chain first, in its order, then the others. */
	order: string[];
	/** Provider ids ticked "Use as fallback". */
	fallback: string[];
	max_output_tokens: string;
	timeout: string;
	/** Comma-separated model ids per provider. */
	models: Record<string, string>;
	chat_roles: string[];
	visitor_ip_limit: string;
	visitor_ip_window: string;
	visitor_block_limit: string;
	visitor_daily_cap: string;
	proxy_header: ProxyHeader;
	user_hourly_limit: string;
}

/** Ranges of the policy's whole-number fields, as the server checks them. */
export const LIMITS = {
	max_output_tokens: { min: 1, max: 32000 },
	timeout: { min: 5, max: 300 },
	visitor_ip_limit: { min: 0, max: 10000 },
	visitor_ip_window: { min: 1, max: 1440 },
	visitor_block_limit: { min: 0, max: 100000 },
	visitor_daily_cap: { min: 0, max: 1000000 },
	user_hourly_limit: { min: 0, max: 10000 },
} as const;

export type NumberField = keyof typeof LIMITS;

const NUMBER_FIELDS = Object.keys(LIMITS) as NumberField[];

/** Headers an administrator may name as carrying the visitor's address ('' = the connection's). */
export const PROXY_HEADERS: readonly ProxyHeader[] = [
	'',
	'X-Forwarded-For',
	'X-Real-IP',
	'CF-Connecting-IP',
	'True-Client-IP',
];

/** The policy fields the form shows, which a server field error can point at. */
const FIELDS: readonly string[] = [
	'primary',
	'fallback',
	'models',
	'chat_roles',
	...NUMBER_FIELDS,
	'proxy_header',
];

export function toForm(policy: Policy, providerIds: string[]): PolicyForm {
	const order = [...new Set([...policy.fallback, ...providerIds])];
	const models: Record<string, string> = {};
	for (const id of new Set([...providerIds, ...Object.keys(policy.models)])) {
		models[id] = (policy.models[id] ?? []).join(', ');
	}
	return {
		primary: policy.primary,
		order,
		fallback: [...policy.fallback],
		max_output_tokens: String(policy.max_output_tokens),
		timeout: String(policy.timeout),
		models,
		chat_roles: [...policy.chat_roles],
		visitor_ip_limit: String(policy.visitor_ip_limit),
		visitor_ip_window: String(policy.visitor_ip_window),
		visitor_block_limit: String(policy.visitor_block_limit),
		visitor_daily_cap: String(policy.visitor_daily_cap),
		proxy_header: policy.proxy_header,
		user_hourly_limit: String(policy.user_hourly_limit),
	};
}

export function parseModels(text: string): string[] {
	const models = text
		.split(',')
		.map((model) => model.trim())
		.filter((model) => model !== '');
	return [...new Set(models)];
}

/**
 * The PUT body: the policy's fields built from the form, nothing else from the server's answer.
 * @param form
 */
export function fromForm(form: PolicyForm): Policy {
	return {
		primary: form.primary,
		// The chain in the list's order; the primary is never its own fallback.
		fallback: form.order.filter(
			(id) => form.fallback.includes(id) && id !== form.primary
		),
		max_output_tokens: Number(form.max_output_tokens),
		timeout: Number(form.timeout),
		models: Object.fromEntries(
			Object.entries(form.models).map(([id, text]) => [
				id,
				parseModels(text),
			])
		),
		chat_roles: form.chat_roles,
		visitor_ip_limit: Number(form.visitor_ip_limit),
		visitor_ip_window: Number(form.visitor_ip_window),
		visitor_block_limit: Number(form.visitor_block_limit),
		visitor_daily_cap: Number(form.visitor_daily_cap),
		proxy_header: form.proxy_header,
		user_hourly_limit: Number(form.user_hourly_limit),
	};
}

/**
 * Field errors the browser can tell before asking the server.
 * @param form
 */
export function checkForm(form: PolicyForm): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const field of NUMBER_FIELDS) {
		const value = Number(form[field]);
		const { min, max } = LIMITS[field];
		if (
			form[field].trim() === '' ||
			!Number.isInteger(value) ||
			value < min ||
			value > max
		) {
			errors[field] = sprintf(
				/* translators: 1: smallest allowed number, 2: largest allowed number. */
				__('Enter a whole number from %1$s to %2$s.', 'byok-ai'),
				min.toLocaleString(),
				max.toLocaleString()
			);
		}
	}
	return errors;
}

/**
 * Where a server field error is shown: "models.openai" (or "models[openai]") next to that
 * provider's models, "fallback[2]" next to the chain, others next to their field.
 * @param field
 */
export function fieldKey(field: string): string {
	const parts = field.replace(/\[([^\]]*)\]/g, '.$1').split('.');
	const [first = '', second] = parts;
	if (first === 'models' && second && !/^\d+$/.test(second)) {
		return `models.${second}`;
	}
	return first;
}

export interface PolicyNotice {
	status: 'success' | 'error';
	message: string;
}

export interface PolicyState {
	loading: boolean;
	loadError: string | null;
	roles: Role[];
	form: PolicyForm | null;
	saving: boolean;
	notice: PolicyNotice | null;
	/** Messages by fieldKey(). */
	fieldErrors: Record<string, string>;
}

export interface PolicyActions {
	/** Replaces some fields of the form and clears their errors. */
	change: (patch: Partial<PolicyForm>) => void;
	setFallback: (id: string, used: boolean) => void;
	/** Moves a provider one place up (-1) or down (1) in the chain. */
	move: (id: string, by: -1 | 1) => void;
	setModels: (id: string, text: string) => void;
	setRole: (slug: string, allowed: boolean) => void;
	save: () => Promise<void>;
	dismiss: () => void;
}

export function usePolicy(providerIds: string[]): [PolicyState, PolicyActions] {
	const [state, setState] = useState<PolicyState>({
		loading: true,
		loadError: null,
		roles: [],
		form: null,
		saving: false,
		notice: null,
		fieldErrors: {},
	});
	// Only read when a policy arrives; the ids don't change while the page is open.
	const ids = useRef(providerIds);
	ids.current = providerIds;

	useEffect(() => {
		const controller = new AbortController();
		fetchPolicy(controller.signal).then(
			(data) =>
				setState((current) => ({
					...current,
					loading: false,
					roles: data.roles,
					form: toForm(data.policy, ids.current),
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
	}, []);

	const edit = useCallback(
		(update: (form: PolicyForm) => PolicyForm, fields: string[]) =>
			setState((current) => {
				if (current.form === null) {
					return current;
				}
				const fieldErrors = { ...current.fieldErrors };
				for (const field of fields) {
					delete fieldErrors[field];
				}
				return { ...current, form: update(current.form), fieldErrors };
			}),
		[]
	);

	const change = useCallback(
		(patch: Partial<PolicyForm>) =>
			edit((form) => ({ ...form, ...patch }), Object.keys(patch)),
		[edit]
	);

	const setFallback = useCallback(
		(id: string, used: boolean) =>
			edit(
				(form) => ({
					...form,
					fallback: used
						? [...form.fallback.filter((item) => item !== id), id]
						: form.fallback.filter((item) => item !== id),
				}),
				['fallback']
			),
		[edit]
	);

	const move = useCallback(
		(id: string, by: -1 | 1) =>
			edit(
				(form) => {
					const from = form.order.indexOf(id);
					const to = from + by;
					if (from < 0 || to < 0 || to >= form.order.length) {
						return form;
					}
					const order = [...form.order];
					order.splice(from, 1);
					order.splice(to, 0, id);
					return { ...form, order };
				},
				['fallback']
			),
		[edit]
	);

	const setModels = useCallback(
		(id: string, text: string) =>
			edit(
				(form) => ({ ...form, models: { ...form.models, [id]: text } }),
				['models', `models.${id}`]
			),
		[edit]
	);

	const setRole = useCallback(
		(slug: string, allowed: boolean) =>
			edit(
				(form) => ({
					...form,
					chat_roles: allowed
						? [
								...form.chat_roles.filter(
									(role) => role !== slug
								),
								slug,
							]
						: form.chat_roles.filter((role) => role !== slug),
				}),
				['chat_roles']
			),
		[edit]
	);

	// Read the form at the time of the click, not of the last render of the callback.
	const latest = useRef(state);
	latest.current = state;

	const save = useCallback(async () => {
		const { form, saving } = latest.current;
		if (form === null || saving) {
			return;
		}
		const local = checkForm(form);
		if (Object.keys(local).length > 0) {
			setState((current) => ({
				...current,
				fieldErrors: local,
				notice: {
					status: 'error',
					message: __(
						'The rules were not saved. Correct the fields marked below.',
						'byok-ai'
					),
				},
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
			const data = await savePolicy(fromForm(form));
			setState((current) => ({
				...current,
				saving: false,
				roles: data.roles,
				form: toForm(data.policy, ids.current),
				notice: {
					status: 'success',
					message: __('Rules saved.', 'byok-ai'),
				},
			}));
		} catch (error) {
			const rest = toRestError(error);
			const key =
				typeof rest.data?.field === 'string'
					? fieldKey(rest.data.field)
					: '';
			// A field the form doesn't show gets its message in the notice instead.
			const shown =
				FIELDS.includes(key) ||
				(key.startsWith('models.') && key.slice(7) in form.models);
			setState((current) => ({
				...current,
				saving: false,
				fieldErrors: shown ? { [key]: rest.message } : {},
				notice: {
					status: 'error',
					message: shown
						? __(
								'The rules were not saved. Correct the fields marked below.',
								'byok-ai'
							)
						: rest.message,
				},
			}));
		}
	}, []);

	const dismiss = useCallback(
		() => setState((current) => ({ ...current, notice: null })),
		[]
	);

	return [
		state,
		{ change, setFallback, move, setModels, setRole, save, dismiss },
	];
}
