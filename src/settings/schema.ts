/**
 * A route's bounds as the server states them: an OPTIONS request on a REST route answers with the
 * route's JSON schema (`schema.properties`), preloaded on the settings page. The forms read their
 * ranges, choices and lengths from there, so the server's schema is the only place they live.
 */
import apiFetch from '@wordpress/api-fetch';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/** The JSON-schema keywords the forms read. */
export interface PropertySchema {
	type?: string | string[];
	minimum?: number;
	maximum?: number;
	enum?: unknown[];
	maxLength?: number;
	pattern?: string;
	maxProperties?: number;
}

/** A route's properties by field name. */
export type SchemaProperties = Record<string, PropertySchema | undefined>;

/** What WordPress answers to OPTIONS on a route (the parts read here). */
export interface RouteOptions {
	schema?: { properties?: SchemaProperties };
	/** The route's endpoints with their arguments (derived from the schema). */
	endpoints?: { methods?: string[]; args?: SchemaProperties }[];
}

/**
 * The properties of a route's schema; where the schema doesn't state one, the argument of the
 * endpoint that takes PUT (WordPress derives both from the same declaration).
 * @param options
 */
export function propertiesOf(options: RouteOptions | null): SchemaProperties {
	const args =
		options?.endpoints?.find((endpoint) =>
			endpoint.methods?.includes('PUT')
		)?.args ?? {};
	return { ...args, ...(options?.schema?.properties ?? {}) };
}

/**
 * Asks a route for its schema; an answer without one (or a failure) gives no properties, and the
 * server alone then checks the fields.
 * @param path
 * @param signal
 */
export function fetchSchema(
	path: string,
	signal?: AbortSignal
): Promise<SchemaProperties> {
	return apiFetch<RouteOptions>({
		path,
		method: 'OPTIONS',
		...(signal && { signal }),
	}).then(propertiesOf, (error: unknown) => {
		if (signal?.aborted) {
			throw error;
		}
		return {};
	});
}

/**
 * A route's schema properties; null until the answer arrives.
 * @param path
 */
export function useSchema(path: string): SchemaProperties | null {
	const [schema, setSchema] = useState<SchemaProperties | null>(null);
	useEffect(() => {
		const controller = new AbortController();
		fetchSchema(path, controller.signal).then(setSchema, () => undefined);
		return () => controller.abort();
	}, [path]);
	return schema;
}

export interface Range {
	min: number;
	max: number;
}

/**
 * A whole-number field's range, when the schema states both ends.
 * @param schema
 * @param field
 */
export function rangeOf(schema: SchemaProperties, field: string): Range | null {
	const { minimum, maximum } = schema[field] ?? {};
	return typeof minimum === 'number' && typeof maximum === 'number'
		? { min: minimum, max: maximum }
		: null;
}

/**
 * A field's allowed string values, or null when the schema lists none.
 * @param schema
 * @param field
 */
export function choicesOf(
	schema: SchemaProperties,
	field: string
): string[] | null {
	const values = schema[field]?.enum;
	return Array.isArray(values)
		? values.filter((value): value is string => typeof value === 'string')
		: null;
}

/**
 * The message for a whole-number field typed out of its range, or null when it is fine (or the
 * schema gives no range to check against: the server then decides).
 * @param text
 * @param range
 */
export function wholeNumberError(
	text: string,
	range: Range | null
): string | null {
	if (range === null) {
		return null;
	}
	const value = Number(text);
	if (
		text.trim() !== '' &&
		Number.isInteger(value) &&
		value >= range.min &&
		value <= range.max
	) {
		return null;
	}
	return sprintf(
		/* translators: 1: smallest allowed number, 2: largest allowed number. */
		__('Enter a whole number from %1$s to %2$s.', 'byok-ai'),
		range.min.toLocaleString(),
		range.max.toLocaleString()
	);
}
