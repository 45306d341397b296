/**
 * Client for POST /byok-ai/v1/chat: one answer as JSON, or a stream of Server-Sent Events.
 *
 * Both go through apiFetch, so the root URL and nonce middlewares apply as for every other
 * route. For the stream apiFetch is asked not to parse (`parse: false`): it then resolves with
 * the raw Response, whose body is read chunk by chunk, and rejects non-2xx answers with the
 * raw Response too, whose JSON WP_Error becomes a RestError through toRestError().
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { isAbortError, ROOT, toRestError } from './api';
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

/**
 * Upper bound, in characters, of what the SSE parser may hold while waiting for the end of a
 * line or event. Our events are small; a larger one means the stream is not ours.
 */
const MAX_EVENT_SIZE = 1024 * 1024;

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
			signal: options.signal,
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

/** How a stream ended: exactly one of onDone/onError was called, or neither when aborted. */
export type StreamEnd = 'done' | 'error' | 'aborted';

/**
 * Asks for an answer as a stream and calls the handlers as its events arrive.
 *
 * Never rejects for a network, HTTP or stream problem: those reach onError. It only rejects
 * when a handler throws.
 * @param request
 * @param handlers
 */
export async function streamChat(
	request: ChatRequest,
	handlers: StreamHandlers
): Promise<StreamEnd> {
	const { signal } = handlers;

	let response: Response;
	try {
		response = await apiFetch<Response, false>({
			path: PATH,
			method: 'POST',
			data: { ...request, stream: true },
			parse: false,
			signal,
		});
	} catch (error) {
		if (signal?.aborted || isAbortError(error)) {
			return 'aborted';
		}
		const rest = await errorFromRejection(error);
		if (signal?.aborted) {
			return 'aborted';
		}
		handlers.onError?.(rest);
		return 'error';
	}

	if (signal?.aborted) {
		response.body?.cancel().catch(() => undefined);
		return 'aborted';
	}
	if (!response.body) {
		handlers.onError?.(cutOff());
		return 'error';
	}

	const reader = response.body.getReader();
	// Cancelling the reader ends a pending read() at once, even where the body doesn't follow
	// the fetch's signal.
	const cancel = () => {
		reader.cancel().catch(() => undefined);
	};
	signal?.addEventListener('abort', cancel);

	const batches = readEvents(reader);
	let finished = false;
	try {
		for (;;) {
			let next: IteratorResult<EventSourceMessage[], void>;
			try {
				next = await batches.next();
			} catch (error) {
				if (signal?.aborted) {
					return 'aborted';
				}
				// Either not our stream, or the connection dropped in the middle of the answer.
				handlers.onError?.(
					error instanceof UnreadableStream ? unreadable() : cutOff()
				);
				return 'error';
			}
			if (signal?.aborted) {
				return 'aborted';
			}
			if (next.done) {
				finished = true;
				break;
			}
			const end = dispatch(next.value, handlers, signal);
			if (end !== null) {
				return end;
			}
		}
	} finally {
		signal?.removeEventListener('abort', cancel);
		if (!finished) {
			// We stopped early (done, error event, abort, failure): free the connection.
			cancel();
		}
	}
	// The server closed the stream without saying it was done, nor why it stopped.
	handlers.onError?.(cutOff());
	return 'error';
}

class UnreadableStream extends Error {}

/**
 * Reads the body and yields the events each chunk completes (possibly none).
 *
 * Throws UnreadableStream when an event grows past MAX_EVENT_SIZE, and what read() throws
 * when the connection fails.
 * @param reader
 */
async function* readEvents(
	reader: ReadableStreamDefaultReader<Uint8Array>
): AsyncGenerator<EventSourceMessage[], void> {
	const decoder = new TextDecoder();
	const events: EventSourceMessage[] = [];
	let overflow = false;
	const parser = createParser({
		onEvent: (event) => events.push(event),
		onError: (error) => {
			// Unknown fields and retry values are ignored, as EventSource does.
			if (error.type === 'max-buffer-size-exceeded') {
				overflow = true;
			}
		},
		maxBufferSize: MAX_EVENT_SIZE,
	});

	for (;;) {
		const chunk = await reader.read();
		// `stream: true` keeps a multibyte character split between chunks for the next call;
		// the last call flushes. An event the server did not end with a blank line is then
		// dropped, as the EventSource spec wants: the caller reports the answer as cut off.
		const text = chunk.done
			? decoder.decode()
			: decoder.decode(chunk.value, { stream: true });
		if (text !== '' && !overflow) {
			try {
				parser.feed(text);
			} catch {
				// The parser refuses input once over its buffer limit.
				overflow = true;
			}
		}
		if (overflow) {
			throw new UnreadableStream();
		}
		yield events.splice(0);
		if (chunk.done) {
			return;
		}
	}
}

/**
 * Calls the handlers for parsed events, in order, and says whether the stream is over.
 * @param events
 * @param handlers
 * @param signal
 */
function dispatch(
	events: EventSourceMessage[],
	handlers: StreamHandlers,
	signal: AbortSignal | undefined
): StreamEnd | null {
	for (const event of events) {
		if (signal?.aborted) {
			// A handler stopped it: the rest of this chunk is not wanted.
			return 'aborted';
		}
		const data = parseData(event.data);
		switch (event.event) {
			case 'start':
				if (data === null) {
					break;
				}
				handlers.onStart?.({
					provider: stringField(data, 'provider'),
					model: stringField(data, 'model'),
				});
				break;
			case 'delta':
				if (data === null || typeof data.text !== 'string') {
					handlers.onError?.(unreadable());
					return 'error';
				}
				if (data.text !== '') {
					handlers.onDelta?.(data.text);
				}
				break;
			case 'done':
				if (data === null) {
					handlers.onError?.(unreadable());
					return 'error';
				}
				handlers.onDone?.(toDone(data));
				return 'done';
			case 'error':
				handlers.onError?.(toStreamError(data));
				return 'error';
			// Other events (and unnamed ones) are not part of the contract: ignored.
		}
	}
	return null;
}

type Data = Record<string, unknown>;

function parseData(text: string): Data | null {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null
			? (value as Data)
			: null;
	} catch {
		return null;
	}
}

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
function toStreamError(data: Data | null): RestError {
	if (data === null || typeof data.message !== 'string') {
		return unreadable();
	}
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
