/**
 * Client for the plugin's settings, policy and usage routes. Keys are only ever sent, never
 * received. The chat route has its own client in chat.ts.
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';
import type {
	Provider,
	RestError,
	SettingsResponse,
	ValidationResponse,
} from './types';

export const ROOT = '/byok-ai/v1';

function providerPath(id: string): string {
	return `${ROOT}/providers/${encodeURIComponent(id)}`;
}

export function fetchSettings(): Promise<SettingsResponse> {
	return apiFetch<SettingsResponse>({ path: `${ROOT}/settings` });
}

export function saveKey(
	id: string,
	key: string,
	allowUnvalidated = false
): Promise<Provider> {
	return apiFetch<Provider>({
		path: `${providerPath(id)}/key`,
		method: 'PUT',
		data: allowUnvalidated ? { key, allow_unvalidated: true } : { key },
	});
}

export function removeKey(id: string): Promise<Provider> {
	return apiFetch<Provider>({
		path: `${providerPath(id)}/key`,
		method: 'DELETE',
	});
}

export function testKey(id: string): Promise<ValidationResponse> {
	return apiFetch<ValidationResponse>({
		path: `${providerPath(id)}/key/validation`,
		method: 'POST',
	});
}

export function saveProviderSettings(
	id: string,
	settings: Record<string, string>
): Promise<Provider> {
	return apiFetch<Provider>({
		path: providerPath(id),
		method: 'PUT',
		data: { settings },
	});
}

/**
 * Tells an aborted request (Stop button, unmount) apart from a failure worth showing.
 * @param error
 */
export function isAbortError(error: unknown): boolean {
	return (
		typeof error === 'object' &&
		error !== null &&
		(error as { name?: unknown }).name === 'AbortError'
	);
}

/**
 * Turns whatever apiFetch rejected with into a RestError with a readable message.
 * @param error
 */
export function toRestError(error: unknown): RestError {
	if (
		typeof error === 'object' &&
		error !== null &&
		'code' in error &&
		'message' in error &&
		typeof (error as RestError).message === 'string'
	) {
		return error as RestError;
	}
	return {
		code: 'byok_ai_network',
		message: __(
			'The request didn’t reach the site. Check your connection and try again.',
			'byok-ai'
		),
	};
}

/**
 * Starts a load for an effect and returns its cleanup: after that, the request is aborted and a
 * failure is no longer reported. A failure arrives as its readable message; an aborted request
 * (a newer load, leaving the page) is not a failure.
 * @param load   The request, given the signal that aborts it.
 * @param done   Called with the answer.
 * @param failed Called with the message of a failure.
 */
export function startLoad<T>(
	load: (signal: AbortSignal) => Promise<T>,
	done: (data: T) => void,
	failed: (message: string) => void
): () => void {
	const controller = new AbortController();
	load(controller.signal).then(done, (error: unknown) => {
		if (controller.signal.aborted || isAbortError(error)) {
			return;
		}
		failed(toRestError(error).message);
	});
	return () => controller.abort();
}
