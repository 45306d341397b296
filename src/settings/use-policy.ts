/**
 * The "Rules" form: the policy as saved, the form being edited, saving and its errors.
 */
import { useCallback, useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { ROOT } from '../lib/api';
import type { Policy, PolicyResponse, ProxyHeader, Role } from '../lib/types';
import { rangeOf, wholeNumberError, type SchemaProperties } from './schema';
import {
	serverFieldErrors,
	useResourceForm,
	type ResourceFormActions,
	type ResourceFormState,
} from './use-resource-form';

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

/** The policy's whole-number fields (their ranges come from the route's schema). */
export const NUMBER_FIELDS = [
	'max_output_tokens',
	'timeout',
	'visitor_ip_limit',
	'visitor_ip_window',
	'visitor_block_limit',
	'visitor_daily_cap',
	'user_hourly_limit',
] as const;

export type NumberField = (typeof NUMBER_FIELDS)[number];

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
 * @param schema The route's schema properties.
 */
export function checkForm(
	form: PolicyForm,
	schema: SchemaProperties
): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const field of NUMBER_FIELDS) {
		const error = wholeNumberError(form[field], rangeOf(schema, field));
		if (error !== null) {
			errors[field] = error;
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

export interface PolicyState extends ResourceFormState<
	PolicyResponse,
	PolicyForm
> {
	roles: Role[];
}

export interface PolicyActions extends ResourceFormActions<PolicyForm> {
	setFallback: (id: string, used: boolean) => void;
	/** Moves a provider one place up (-1) or down (1) in the chain. */
	move: (id: string, by: -1 | 1) => void;
	setModels: (id: string, text: string) => void;
	setRole: (slug: string, allowed: boolean) => void;
}

const notSaved = () =>
	__('The rules were not saved. Correct the fields marked below.', 'byok-ai');

/**
 * The list without `item`, with it at the end when `on`.
 * @param list
 * @param item
 * @param on
 */
function toggled(list: string[], item: string, on: boolean): string[] {
	const others = list.filter((value) => value !== item);
	return on ? [...others, item] : others;
}

export function usePolicy(providerIds: string[]): [PolicyState, PolicyActions] {
	// Only read when a policy arrives; the ids don't change while the page is open.
	const ids = useRef(providerIds);
	ids.current = providerIds;
	const [state, actions] = useResourceForm<
		PolicyResponse,
		PolicyForm,
		Policy
	>({
		path: `${ROOT}/policy`,
		toForm: (data) => toForm(data.policy, ids.current),
		fromForm,
		check: checkForm,
		serverErrors: (error, form) =>
			serverFieldErrors(error, (field) => {
				const key = fieldKey(field);
				// A field the form doesn't show gets its message in the notice instead.
				return FIELDS.includes(key) ||
					(key.startsWith('models.') && key.slice(7) in form.models)
					? key
					: null;
			}),
		notSaved,
		saved: () => ({
			status: 'success',
			message: __('Rules saved.', 'byok-ai'),
		}),
	});
	const { edit } = actions;

	const setFallback = useCallback(
		(id: string, used: boolean) =>
			edit(
				(form) => ({
					...form,
					fallback: toggled(form.fallback, id, used),
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
					chat_roles: toggled(form.chat_roles, slug, allowed),
				}),
				['chat_roles']
			),
		[edit]
	);

	return [
		{ ...state, roles: state.data?.roles ?? [] },
		{ ...actions, setFallback, move, setModels, setRole },
	];
}
