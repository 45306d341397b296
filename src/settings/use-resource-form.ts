/**
 * One mechanism for the settings forms that edit a REST resource (GET, PUT and OPTIONS on one
 * path): the answer as loaded, the route's schema, the form being edited, the browser's own checks,
 * saving, and the server's messages placed next to their fields.
 */
import apiFetch from '@wordpress/api-fetch';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { startLoad, toRestError } from '../lib/api';
import type { RestError } from '../lib/types';
import { fetchSchema, type SchemaProperties } from './schema';

export interface FormNotice {
	status: 'success' | 'error' | 'warning';
	message: string;
}

export interface ResourceFormState<Data, Form> {
	loading: boolean;
	loadError: string | null;
	/** The server's last answer (GET or PUT). */
	data: Data | null;
	/** The route's schema properties ({} until known, or when the route states none). */
	schema: SchemaProperties;
	form: Form | null;
	saving: boolean;
	notice: FormNotice | null;
	/** Messages by field key. */
	fieldErrors: Record<string, string>;
}

export interface ResourceFormOptions<Data, Form, Body> {
	/** The route: GET loads, PUT saves, OPTIONS tells the schema. */
	path: string;
	/** False: nothing is asked. */
	enabled?: boolean;
	/** Bump it to load the answer again (a form being edited is kept). */
	version?: number;
	toForm: (data: Data) => Form;
	fromForm: (form: Form) => Body;
	/** Field errors the browser can tell before asking the server. */
	check: (form: Form, schema: SchemaProperties) => Record<string, string>;
	/** The fields a server error points at, by key; '' stands for the error's own message. */
	serverErrors: (error: RestError, form: Form) => Record<string, string>;
	/** The notice when fields are marked. */
	notSaved: () => string;
	saved: (data: Data) => FormNotice;
}

export interface ResourceFormActions<Form> {
	/** Updates the form and clears the errors of the fields named. */
	edit: (update: (form: Form) => Form, fields: string[]) => void;
	/** Replaces some fields of the form and clears their errors. */
	change: (patch: Partial<Form>) => void;
	save: () => Promise<void>;
	dismiss: () => void;
}

/**
 * Field messages from a REST error: `rest_invalid_param` lists them in data.params, the
 * plugin's own errors name one in data.field ('' = the error's message).
 * @param error
 * @param keyOf Where a field name is shown; null when the form doesn't show it.
 */
export function serverFieldErrors(
	error: RestError,
	keyOf: (field: string) => string | null
): Record<string, string> {
	const errors: Record<string, string> = {};
	const { data } = error;
	if (typeof data !== 'object' || data === null) {
		return errors;
	}
	const { params, field } = data as { params?: unknown; field?: unknown };
	if (typeof params === 'object' && params !== null) {
		for (const [name, message] of Object.entries(params)) {
			const key = keyOf(name);
			if (key !== null && typeof message === 'string') {
				errors[key] = message;
			}
		}
	}
	const key = typeof field === 'string' ? keyOf(field) : null;
	if (key !== null) {
		errors[key] ??= '';
	}
	return errors;
}

export function useResourceForm<Data, Form, Body>(
	options: ResourceFormOptions<Data, Form, Body>
): [ResourceFormState<Data, Form>, ResourceFormActions<Form>] {
	const { path, enabled = true, version = 0 } = options;
	// The callbacks as given at the last render: the actions below stay the same objects.
	const config = useRef(options);
	config.current = options;
	const [state, setState] = useState<ResourceFormState<Data, Form>>({
		loading: enabled,
		loadError: null,
		data: null,
		schema: {},
		form: null,
		saving: false,
		notice: null,
		fieldErrors: {},
	});
	// The schema doesn't change while the page is open: asked once.
	const schema = useRef<Promise<SchemaProperties> | null>(null);

	useEffect(() => {
		if (!enabled) {
			return;
		}
		schema.current ??= fetchSchema(path);
		const properties = schema.current;
		setState((current) => ({ ...current, loading: true, loadError: null }));
		return startLoad(
			(signal) =>
				Promise.all([apiFetch<Data>({ path, signal }), properties]),
			([data, props]) =>
				setState((current) => ({
					...current,
					loading: false,
					loadError: null,
					data,
					schema: props,
					// A reload refreshes the figures, not a form being edited.
					form: current.form ?? config.current.toForm(data),
				})),
			(loadError) =>
				setState((current) => ({
					...current,
					loading: false,
					loadError,
				}))
		);
	}, [path, enabled, version]);

	const edit = useCallback(
		(update: (form: Form) => Form, fields: string[]) =>
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
		(patch: Partial<Form>) =>
			edit((form) => ({ ...form, ...patch }), Object.keys(patch)),
		[edit]
	);

	// Read the form at the time of the click, not of the last render of the callback.
	const latest = useRef(state);
	latest.current = state;

	const save = useCallback(async () => {
		const { form, saving } = latest.current;
		const { check, fromForm, toForm, serverErrors, notSaved, saved } =
			config.current;
		if (form === null || saving) {
			return;
		}
		const local = check(form, latest.current.schema);
		if (Object.keys(local).length > 0) {
			setState((current) => ({
				...current,
				fieldErrors: local,
				notice: { status: 'error', message: notSaved() },
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
			const data = await apiFetch<Data>({
				path: config.current.path,
				method: 'PUT',
				data: fromForm(form),
			});
			setState((current) => ({
				...current,
				saving: false,
				data,
				form: toForm(data),
				notice: saved(data),
			}));
		} catch (error) {
			const rest = toRestError(error);
			const marked = Object.fromEntries(
				Object.entries(serverErrors(rest, form)).map(
					([key, message]) => [key, message || rest.message]
				)
			);
			const shown = Object.keys(marked).length > 0;
			setState((current) => ({
				...current,
				saving: false,
				fieldErrors: marked,
				notice: {
					status: 'error',
					message: shown ? notSaved() : rest.message,
				},
			}));
		}
	}, []);

	const dismiss = useCallback(
		() => setState((current) => ({ ...current, notice: null })),
		[]
	);

	return [state, { edit, change, save, dismiss }];
}
