/**
 * Client for POST /byok-ai/v1/chat: one answer as JSON, or a stream of Server-Sent Events.
 *
 * Both go through apiFetch, so the root URL and nonce middlewares apply as for every other
 * route. For the stream apiFetch is asked not to parse (`parse: false`): it then resolves with
 * the raw Response, whose body readEventStream() reads (event-stream.ts, shared with the
 * block's view script), and rejects non-2xx answers with the raw Response too, whose JSON
 * WP_Error becomes a RestError through toRestError(). An expired nonce, which apiFetch renews
 * by itself only for parsed requests, is renewed here for the stream.
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';
import { isAbortError, ROOT, toRestError } from './api';
import {
	readEventStream,
	type EventData,
	type StreamEnd,
	type StreamErrors,
} from './event-stream';
import type {
	Attempt,
	ChatRequest,
	ChatResponse,
	FinishReason,
	RestError,
	StreamDone,
	StreamStart,
	TokenUsage,
} from './types';

const PATH = `${ROOT}/chat`;

export interface ChatOptions {
	signal?: AbortSignal;
}

/**
 * Asks for a whole answer at once.
 *
 * Rejects with a RestError, or with the AbortError itself when `signal` was aborted (tell
 * them apart with isAbortError()).
 * @param request
 * @param options
 */
export async function chat(
	request: ChatRequest,
	options: ChatOptions = {}
): Promise<ChatResponse> {
	try {
		return await apiFetch<ChatResponse>({
			path: PATH,
			method: 'POST',
			data: request,
			...(options.signal && { signal: options.signal }),
		});
	} catch (error) {
		if (isAbortError(error) || options.signal?.aborted) {
			throw error;
		}
		throw toRestError(error);
	}
}

export interface StreamHandlers {
	/** Aborting it cancels the request; no handler is called afterwards. */
	signal?: AbortSignal;
	/** The provider and model that answer (after any fallback). */
	onStart?: (start: StreamStart) => void;
	/** The next piece of the answer's text. */
	onDelta?: (text: string) => void;
	/** The answer is complete. */
	onDone?: (done: StreamDone) => void;
	/** The request or the stream failed; the message is meant for people. */
	onError?: (error: RestError) => void;
}

export type { StreamEnd };

/** The messages for a stream that broke, and for the server's `error` event. */
const STREAM_ERRORS: StreamErrors<RestError> = {
	cutOff,
	unreadable,
	fromEvent: toStreamError,
};

/**
 * Asks for an answer as a stream and calls the handlers as its events arrive.
 *
 * Never rejects for a network, HTTP or stream problem: those reach onError. It only rejects
 * when a handler throws.
 * @param request
 * @param handlers
 * @param path     Another route that answers with the same events (the block's preview),
 *                 whose body type is then given: streamChat<PreviewBody>(body, handlers, path).
 */
export async function streamChat<Body extends object = ChatRequest>(
	request: NoInfer<Body>,
	handlers: StreamHandlers,
	path: string = PATH
): Promise<StreamEnd> {
	const { signal } = handlers;

	let response: Response | undefined;
	for (let attempt = 1; !response; attempt++) {
		try {
			response = await apiFetch<Response, false>({
				path,
				method: 'POST',
				data: { ...request, stream: true },
				parse: false,
				...(signal && { signal }),
			});
		} catch (error) {
			if (signal?.aborted || isAbortError(error)) {
				return 'aborted';
			}
			const rest = await errorFromRejection(error);
			if (
				rest.code === 'rest_cookie_invalid_nonce' &&
				attempt === 1 &&
				(await renewNonce())
			) {
				continue;
			}
			if (signal?.aborted) {
				return 'aborted';
			}
			handlers.onError?.(rest);
			return 'error';
		}
	}

	return readEventStream(
		response,
		{
			onStart: (data) =>
				handlers.onStart?.({
					provider: stringField(data, 'provider'),
					model: stringField(data, 'model'),
				}),
			onDelta: (text) => handlers.onDelta?.(text),
			onDone: (data) => handlers.onDone?.(toDone(data)),
			onError: (error) => handlers.onError?.(error),
		},
		STREAM_ERRORS,
		signal
	);
}

type Data = EventData;

function stringField(data: Data, name: string): string {
	const value = data[name];
	return typeof value === 'string' ? value : '';
}

function numberField(data: unknown, name: string): number {
	const value =
		typeof data === 'object' && data !== null
			? (data as Data)[name]
			: undefined;
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

const FINISH_REASONS: readonly FinishReason[] = [
	'stop',
	'length',
	'content_filter',
	'other',
];

function toDone(data: Data): StreamDone {
	const reason = data.finish_reason;
	const usage: TokenUsage = {
		input_tokens: numberField(data.usage, 'input_tokens'),
		output_tokens: numberField(data.usage, 'output_tokens'),
	};
	const attempts: Attempt[] = Array.isArray(data.attempts)
		? data.attempts
				.filter(
					(item): item is Data =>
						typeof item === 'object' && item !== null
				)
				.map((item) => ({
					provider: stringField(item, 'provider'),
					code: stringField(item, 'code'),
				}))
		: [];
	return {
		provider: stringField(data, 'provider'),
		model: stringField(data, 'model'),
		finish_reason: FINISH_REASONS.includes(reason as FinishReason)
			? (reason as FinishReason)
			: 'other',
		usage,
		attempts,
	};
}

/**
 * An `error` event as a RestError, shaped like the JSON errors (retry_after under data).
 * @param data
 */
function toStreamError(data: Data & { message: string }): RestError {
	const retryAfter = data.retry_after;
	return {
		code: stringField(data, 'code') || 'byok_ai_stream_error',
		message: data.message,
		data:
			typeof retryAfter === 'number' && retryAfter > 0
				? { retry_after: retryAfter }
				: {},
	};
}

/**
 * What apiFetch rejected with: with `parse: false` a non-2xx answer is the raw Response,
 * whose body is the WP_Error; anything else (offline, …) is already an object.
 * @param error
 */
/**
 * Renews the REST nonce after the page outlived it (a tab left open overnight), as apiFetch
 * does by itself for parsed requests but not with `parse: false`: asks WordPress's nonce
 * endpoint and gives the new nonce to apiFetch's nonce middleware.
 * @return Whether there is a new nonce to try again with.
 */
async function renewNonce(): Promise<boolean> {
	const { nonceEndpoint, nonceMiddleware } = apiFetch;
	if (!nonceEndpoint || !nonceMiddleware) {
		return false;
	}
	try {
		const response = await window.fetch(nonceEndpoint);
		const nonce = response.ok ? (await response.text()).trim() : '';
		if (nonce === '' || nonce === '0') {
			// admin-ajax answers "0" to a visitor who is no longer logged in.
			return false;
		}
		nonceMiddleware.nonce = nonce;
		return true;
	} catch {
		return false;
	}
}

async function errorFromRejection(error: unknown): Promise<RestError> {
	if (isResponse(error)) {
		let body: unknown = null;
		try {
			body = await error.json();
		} catch {
			// Not JSON (a proxy's error page, …): toRestError gives the generic message.
		}
		return toRestError(body);
	}
	return toRestError(error);
}

function isResponse(value: unknown): value is Response {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as Response).status === 'number' &&
		typeof (value as Response).json === 'function'
	);
}

function cutOff(): RestError {
	return {
		code: 'byok_ai_stream_cut',
		message: __(
			'The answer was cut off before it was complete. Try again.',
			'byok-ai'
		),
	};
}

function unreadable(): RestError {
	return {
		code: 'byok_ai_stream_invalid',
		message: __(
			'The answer couldn’t be read. Try again, and check the site’s error log if it keeps happening.',
			'byok-ai'
		),
	};
}
