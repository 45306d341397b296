/**
 * Reads a streamed answer: a Response body of Server-Sent Events in the plugin's contract,
 * `start`, any number of `delta` `{ text }`, then exactly one `done` or `error`
 * `{ code, message, retry_after? }`.
 *
 * The settings page (chat.ts, through apiFetch) and the assistant block's view script (plain
 * fetch, on public pages) both read their streams here. It imports nothing from @wordpress/*,
 * so the view script stays a small script without WordPress dependencies; the messages for a
 * broken stream come from the caller, which knows how to translate them.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Upper bound, in characters, of what the SSE parser may hold while waiting for the end of a
 * line or event. Our events are small; a larger one means the stream is not ours.
 */
export const MAX_EVENT_SIZE = 1024 * 1024;

/** How a stream ended: exactly one of onDone/onError was called, or neither when aborted. */
export type StreamEnd = 'done' | 'error' | 'aborted';

/** An event's JSON data; always an object. */
export type EventData = Record<string, unknown>;

export interface EventStreamHandlers<E> {
	/** The answer starts (the data says who answers, on the routes that say it). */
	onStart?: (data: EventData) => void;
	/** The next piece of the answer's text; never empty. */
	onDelta?: (text: string) => void;
	/** The answer is complete. */
	onDone?: (data: EventData) => void;
	/** The stream failed, or the server said why it stopped. */
	onError?: (error: E) => void;
}

/** The caller's errors for each way a stream can fail. */
export interface StreamErrors<E> {
	/** The body ended, or the connection dropped, before `done` or `error`. */
	cutOff: () => E;
	/** Not our stream: an event too large, data that is not JSON or lacks a field. */
	unreadable: () => E;
	/** An `error` event, whose message (already checked to be a string) is for people. */
	fromEvent: (data: EventData & { message: string }) => E;
}

/**
 * Reads the body of a 2xx response and calls the handlers as its events arrive.
 *
 * Resolves with how the stream ended; never rejects for a network or stream problem (those
 * reach onError), only when a handler throws. Aborting `signal` cancels the body at once and
 * no handler is called afterwards.
 * @param response
 * @param handlers
 * @param errors
 * @param signal
 */
export async function readEventStream<E>(
	response: Response,
	handlers: EventStreamHandlers<E>,
	errors: StreamErrors<E>,
	signal?: AbortSignal
): Promise<StreamEnd> {
	const fail = (error: E): StreamEnd => {
		handlers.onError?.(error);
		return 'error';
	};

	if (signal?.aborted) {
		response.body?.cancel().catch(() => undefined);
		return 'aborted';
	}
	if (!response.body) {
		return fail(errors.cutOff());
	}

	const reader = response.body.getReader();
	// Cancelling the reader ends a pending read() at once, even where the body doesn't follow
	// the fetch's signal.
	const cancel = () => {
		reader.cancel().catch(() => undefined);
	};
	signal?.addEventListener('abort', cancel);

	const decode = eventDecoder();
	let finished = false;
	try {
		for (;;) {
			let events: EventSourceMessage[] | null;
			let last: boolean;
			try {
				const chunk = await reader.read();
				last = chunk.done;
				events = decode(chunk.done ? undefined : chunk.value);
			} catch {
				// The connection dropped in the middle of the answer (or we cancelled it).
				return signal?.aborted ? 'aborted' : fail(errors.cutOff());
			}
			if (signal?.aborted) {
				return 'aborted';
			}
			if (events === null) {
				return fail(errors.unreadable());
			}
			const end = dispatch(events, handlers, errors, signal);
			if (end !== null) {
				return end;
			}
			if (last) {
				finished = true;
				break;
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
	return fail(errors.cutOff());
}

/**
 * A decoder of the body: give it each chunk, then nothing at the end; it returns the events
 * each call completes (possibly none), or null once an event grows past MAX_EVENT_SIZE.
 */
function eventDecoder(): (chunk?: Uint8Array) => EventSourceMessage[] | null {
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
	return (chunk) => {
		// `stream: true` keeps a multibyte character split between chunks for the next
		// call; the last call flushes. An event the server did not end with a blank line
		// is then dropped, as the EventSource spec wants: the answer was cut off.
		const text = chunk
			? decoder.decode(chunk, { stream: true })
			: decoder.decode();
		if (text !== '' && !overflow) {
			try {
				parser.feed(text);
			} catch {
				// The parser refuses input once over its buffer limit.
				overflow = true;
			}
		}
		return overflow ? null : events.splice(0);
	};
}

/**
 * Calls the handlers for parsed events, in order, and says whether the stream is over.
 * @param events
 * @param handlers
 * @param errors
 * @param signal
 */
function dispatch<E>(
	events: EventSourceMessage[],
	handlers: EventStreamHandlers<E>,
	errors: StreamErrors<E>,
	signal: AbortSignal | undefined
): StreamEnd | null {
	const fail = (error: E): StreamEnd => {
		handlers.onError?.(error);
		return 'error';
	};
	for (const event of events) {
		if (signal?.aborted) {
			// A handler stopped it: the rest of this chunk is not wanted.
			return 'aborted';
		}
		const data = parseData(event.data);
		switch (event.event) {
			case 'start':
				if (data !== null) {
					handlers.onStart?.(data);
				}
				break;
			case 'delta':
				if (data === null || typeof data.text !== 'string') {
					return fail(errors.unreadable());
				}
				if (data.text !== '') {
					handlers.onDelta?.(data.text);
				}
				break;
			case 'done':
				if (data === null) {
					return fail(errors.unreadable());
				}
				handlers.onDone?.(data);
				return 'done';
			case 'error':
				return fail(
					data !== null && typeof data.message === 'string'
						? errors.fromEvent(
								data as EventData & { message: string }
							)
						: errors.unreadable()
				);
			// Other events (and unnamed ones) are not part of the contract: ignored.
		}
	}
	return null;
}

function parseData(text: string): EventData | null {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null
			? (value as EventData)
			: null;
	} catch {
		return null;
	}
}
