/**
 * A streamed body like the chat route's, fed by the test, and what jsdom lacks to read it.
 */
import { ReadableStream } from 'node:stream/web';
import { TextDecoder, TextEncoder } from 'node:util';

// jsdom has no TextDecoder; browsers (and the code under test) use the standard one.
if (typeof globalThis.TextDecoder === 'undefined') {
	Object.assign(globalThis, { TextDecoder, TextEncoder });
}

const encoder = new TextEncoder();

export function bytes(text: string): Uint8Array {
	return encoder.encode(text);
}

/**
 * One Server-Sent Event as the route writes it.
 * @param event
 * @param data
 * @param eol   Line ending.
 */
export function sse(event: string, data: unknown, eol = '\n'): string {
	return `event: ${event}${eol}data: ${JSON.stringify(data)}${eol}${eol}`;
}

export interface FakeStream {
	/** What apiFetch resolves with when `parse: false`. */
	response: Response;
	push: (chunk: string | Uint8Array) => void;
	close: () => void;
	fail: (error: Error) => void;
	/** Called when the reader cancels the body. */
	cancelled: jest.Mock;
}

export function fakeStream(): FakeStream {
	let controller:
		| {
				enqueue: (chunk: Uint8Array) => void;
				close: () => void;
				error: (e: unknown) => void;
		  }
		| undefined;
	const cancelled = jest.fn();
	const body = new ReadableStream<Uint8Array>({
		start(c) {
			controller = c;
		},
		cancel: cancelled,
	});
	return {
		response: {
			ok: true,
			status: 200,
			headers: { get: () => 'text/event-stream; charset=UTF-8' },
			body,
		} as unknown as Response,
		push: (chunk) =>
			controller?.enqueue(
				typeof chunk === 'string' ? bytes(chunk) : chunk
			),
		close: () => controller?.close(),
		fail: (error) => controller?.error(error),
		cancelled,
	};
}

/**
 * A finished body made of the given chunks.
 * @param chunks
 */
export function streamOf(chunks: Array<string | Uint8Array>): FakeStream {
	const stream = fakeStream();
	chunks.forEach(stream.push);
	stream.close();
	return stream;
}

/**
 * A non-2xx answer, which apiFetch rejects with as is when `parse: false`.
 * @param status
 * @param body   JSON value, or raw text.
 */
export function errorResponse(status: number, body: unknown): Response {
	return {
		ok: false,
		status,
		json: async () => (typeof body === 'string' ? JSON.parse(body) : body),
	} as unknown as Response;
}

export function abortError(): Error {
	const error = new Error('The operation was aborted.');
	error.name = 'AbortError';
	return error;
}
