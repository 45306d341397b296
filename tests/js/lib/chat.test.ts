import apiFetch from '@wordpress/api-fetch';
import { chat, streamChat, type StreamHandlers } from '../../../src/lib/chat';
import type { RestError, StreamDone } from '../../../src/lib/types';
import {
	abortError,
	bytes,
	errorResponse,
	fakeStream,
	sse,
	streamOf,
} from '../sse';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

const REQUEST = { messages: [{ role: 'user' as const, content: 'Hi' }] };

const DONE: StreamDone = {
	provider: 'anthropic',
	model: 'claude-x',
	finish_reason: 'stop',
	usage: { input_tokens: 12, output_tokens: 7 },
	attempts: [{ provider: 'openai', code: 'byok_ai_rate_limited' }],
};

/** Text with 2-, 3- and 4-byte UTF-8 characters, so some chunk splits fall inside one. */
const PIECES = ['Grüße, ', '世界', ' 👋🏽', '\nline two'];

function recorder() {
	const calls: string[] = [];
	let text = '';
	const errors: RestError[] = [];
	const done: StreamDone[] = [];
	const handlers: StreamHandlers = {
		onStart: (start) =>
			calls.push(`start:${start.provider}/${start.model}`),
		onDelta: (delta) => {
			calls.push('delta');
			text += delta;
		},
		onDone: (result) => {
			calls.push('done');
			done.push(result);
		},
		onError: (error) => {
			calls.push('error');
			errors.push(error);
		},
	};
	return {
		handlers,
		calls,
		errors,
		done,
		text: () => text,
	};
}

/**
 * Splits bytes at the given offsets.
 * @param data
 * @param cuts
 */
function split(data: Uint8Array, cuts: number[]): Uint8Array[] {
	const chunks: Uint8Array[] = [];
	let from = 0;
	for (const cut of [...cuts, data.length]) {
		chunks.push(data.slice(from, cut));
		from = cut;
	}
	return chunks;
}

describe('streamChat', () => {
	beforeEach(() => mockedFetch.mockReset());

	it('posts the request with stream: true and asks apiFetch for the raw response', async () => {
		mockedFetch.mockResolvedValue(
			streamOf([sse('start', DONE), sse('done', DONE)]).response
		);
		const controller = new AbortController();
		await streamChat(
			{ ...REQUEST, provider: 'openai' },
			{ signal: controller.signal }
		);
		expect(mockedFetch).toHaveBeenCalledWith({
			path: '/byok-ai/v1/chat',
			method: 'POST',
			data: { ...REQUEST, provider: 'openai', stream: true },
			parse: false,
			signal: controller.signal,
		});
	});

	it.each([
		['LF', '\n'],
		['CRLF', '\r\n'],
	])(
		'reads the same events however the %s stream is cut into chunks',
		async (_name, eol) => {
			const whole = bytes(
				`: stream opened${eol}${eol}` +
					sse(
						'start',
						{ provider: 'anthropic', model: 'claude-x' },
						eol
					) +
					PIECES.map((text) => sse('delta', { text }, eol)).join(
						`: keep-alive${eol}${eol}`
					) +
					`event: unknown-later-addition${eol}data: {}${eol}${eol}` +
					sse('done', DONE, eol)
			);
			const splittings: number[][] = [
				// Every single cut: mid-line, mid-field, between CR and LF, inside a character.
				...Array.from({ length: whole.length - 1 }, (_, i) => [i + 1]),
				// One byte at a time.
				Array.from({ length: whole.length - 1 }, (_, i) => i + 1),
			];
			for (const cuts of splittings) {
				mockedFetch.mockResolvedValueOnce(
					streamOf(split(whole, cuts)).response
				);
				const record = recorder();
				const end = await streamChat(REQUEST, record.handlers);
				expect({ cuts, end, text: record.text() }).toEqual({
					cuts,
					end: 'done',
					text: PIECES.join(''),
				});
				expect(record.calls).toEqual([
					'start:anthropic/claude-x',
					'delta',
					'delta',
					'delta',
					'delta',
					'done',
				]);
				expect(record.done[0]).toEqual(DONE);
			}
		}
	);

	it('ends with the error event, after the deltas that came before it', async () => {
		const stream = fakeStream();
		mockedFetch.mockResolvedValue(stream.response);
		stream.push(sse('start', { provider: 'openai', model: 'm' }));
		stream.push(sse('delta', { text: 'Partial' }));
		stream.push(
			sse('error', {
				code: 'byok_ai_rate_limited',
				message: 'OpenAI is rate-limiting this site.',
				retry_after: 20,
			})
		);
		// Never closed by the server: the client must stop reading by itself.
		const record = recorder();
		const end = await streamChat(REQUEST, record.handlers);

		expect(end).toBe('error');
		expect(record.text()).toBe('Partial');
		expect(record.calls).toEqual(['start:openai/m', 'delta', 'error']);
		expect(record.errors[0]).toEqual({
			code: 'byok_ai_rate_limited',
			message: 'OpenAI is rate-limiting this site.',
			data: { retry_after: 20 },
		});
		expect(stream.cancelled).toHaveBeenCalled();
	});

	it('reports a stream that ends without done or error as cut off', async () => {
		mockedFetch.mockResolvedValue(
			streamOf([
				sse('start', { provider: 'openai', model: 'm' }),
				sse('delta', { text: 'Half an ans' }),
				// An event without its closing blank line is not an event.
				'event: done\ndata: {"provider":"openai"}',
			]).response
		);
		const record = recorder();
		expect(await streamChat(REQUEST, record.handlers)).toBe('error');
		expect(record.text()).toBe('Half an ans');
		expect(record.done).toHaveLength(0);
		expect(record.errors[0]?.code).toBe('byok_ai_stream_cut');
		expect(record.errors[0]?.message).toMatch(/cut off/);
	});

	it('reports a connection that drops mid-stream as cut off', async () => {
		const stream = fakeStream();
		mockedFetch.mockResolvedValue(stream.response);
		stream.push(sse('delta', { text: 'Half' }));
		stream.fail(new TypeError('network error'));
		const record = recorder();
		expect(await streamChat(REQUEST, record.handlers)).toBe('error');
		expect(record.errors[0]?.code).toBe('byok_ai_stream_cut');
	});

	it('reports data it cannot read instead of guessing', async () => {
		mockedFetch.mockResolvedValue(
			streamOf(['event: delta\ndata: {not json\n\n']).response
		);
		const record = recorder();
		expect(await streamChat(REQUEST, record.handlers)).toBe('error');
		expect(record.errors[0]?.code).toBe('byok_ai_stream_invalid');
	});

	it('turns a non-2xx JSON answer into the server’s RestError', async () => {
		const wpError = {
			code: 'byok_ai_no_provider',
			message: 'No provider is configured.',
			data: { status: 503, retry_after: 60 },
		};
		mockedFetch.mockRejectedValue(errorResponse(503, wpError));
		const record = recorder();
		expect(await streamChat(REQUEST, record.handlers)).toBe('error');
		expect(record.errors).toEqual([wpError]);
	});

	it('gives a readable message when the error body is not JSON', async () => {
		mockedFetch.mockRejectedValue(
			errorResponse(502, '<html>Bad gateway</html>')
		);
		const record = recorder();
		expect(await streamChat(REQUEST, record.handlers)).toBe('error');
		expect(record.errors[0]?.code).toBe('byok_ai_network');
	});

	it('stops quietly when aborted mid-stream and cancels the body', async () => {
		const stream = fakeStream();
		mockedFetch.mockResolvedValue(stream.response);
		const controller = new AbortController();
		const record = recorder();
		const pending = streamChat(REQUEST, {
			...record.handlers,
			signal: controller.signal,
			onDelta: (text) => {
				record.handlers.onDelta?.(text);
				controller.abort();
			},
		});
		stream.push(sse('delta', { text: 'Once' }));
		stream.push(sse('delta', { text: ' upon' }));

		expect(await pending).toBe('aborted');
		expect(record.text()).toBe('Once');
		expect(record.errors).toHaveLength(0);
		expect(record.done).toHaveLength(0);
		expect(stream.cancelled).toHaveBeenCalled();
	});

	it('stops quietly when aborted before the answer starts', async () => {
		const controller = new AbortController();
		mockedFetch.mockImplementation(
			(options: { signal: AbortSignal }) =>
				new Promise((_resolve, reject) =>
					options.signal.addEventListener('abort', () =>
						reject(abortError())
					)
				)
		);
		const record = recorder();
		const pending = streamChat(REQUEST, {
			...record.handlers,
			signal: controller.signal,
		});
		controller.abort();
		expect(await pending).toBe('aborted');
		expect(record.calls).toEqual([]);
	});
});

describe('chat', () => {
	beforeEach(() => mockedFetch.mockReset());

	it('posts the request and resolves with the answer', async () => {
		const answer = { ...DONE, text: 'Hello' };
		mockedFetch.mockResolvedValue(answer);
		await expect(chat(REQUEST)).resolves.toBe(answer);
		expect(mockedFetch).toHaveBeenCalledWith({
			path: '/byok-ai/v1/chat',
			method: 'POST',
			data: REQUEST,
			signal: undefined,
		});
	});

	it('rejects with a RestError, or with the abort itself', async () => {
		const wpError = {
			code: 'rest_forbidden',
			message: 'Sorry, you are not allowed to do that.',
			data: { status: 403 },
		};
		mockedFetch.mockRejectedValueOnce(wpError);
		await expect(chat(REQUEST)).rejects.toBe(wpError);

		mockedFetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
		await expect(chat(REQUEST)).rejects.toMatchObject({
			code: 'byok_ai_network',
		});

		const aborted = abortError();
		mockedFetch.mockRejectedValueOnce(aborted);
		await expect(chat(REQUEST)).rejects.toBe(aborted);
	});
});

describe('streamChat with an expired nonce', () => {
	const expired = {
		code: 'rest_cookie_invalid_nonce',
		message: 'Cookie check failed',
		data: { status: 403 },
	};
	const api = apiFetch as unknown as {
		nonceEndpoint?: string;
		nonceMiddleware?: { nonce: string };
	};
	const originalFetch = window.fetch;
	let nonceFetch: jest.Mock;

	beforeEach(() => {
		mockedFetch.mockReset();
		api.nonceEndpoint = '/wp-admin/admin-ajax.php?action=rest-nonce';
		api.nonceMiddleware = { nonce: 'old-nonce' };
		nonceFetch = jest.fn();
		window.fetch = nonceFetch;
	});
	afterEach(() => {
		window.fetch = originalFetch;
		delete api.nonceEndpoint;
		delete api.nonceMiddleware;
	});

	it('renews the nonce once and sends the request again', async () => {
		mockedFetch
			.mockRejectedValueOnce(errorResponse(403, expired))
			.mockResolvedValueOnce(
				streamOf([sse('start', DONE), sse('done', DONE)]).response
			);
		nonceFetch.mockResolvedValue({
			ok: true,
			text: async () => 'new-nonce\n',
		});
		const record = recorder();
		expect(await streamChat(REQUEST, record.handlers)).toBe('done');
		expect(record.calls).toEqual(['start:anthropic/claude-x', 'done']);
		expect(nonceFetch).toHaveBeenCalledWith(api.nonceEndpoint);
		expect(api.nonceMiddleware?.nonce).toBe('new-nonce');
		expect(mockedFetch).toHaveBeenCalledTimes(2);
	});

	it('shows the error when the nonce can’t be renewed (logged out)', async () => {
		mockedFetch.mockRejectedValue(errorResponse(403, expired));
		nonceFetch.mockResolvedValue({ ok: false, text: async () => '0' });
		const record = recorder();
		expect(await streamChat(REQUEST, record.handlers)).toBe('error');
		expect(record.errors).toEqual([expired]);
		expect(mockedFetch).toHaveBeenCalledTimes(1);
		expect(api.nonceMiddleware?.nonce).toBe('old-nonce');
	});

	it('tries again only once', async () => {
		mockedFetch.mockRejectedValue(errorResponse(403, expired));
		nonceFetch.mockResolvedValue({
			ok: true,
			text: async () => 'new-nonce',
		});
		const record = recorder();
		expect(await streamChat(REQUEST, record.handlers)).toBe('error');
		expect(record.errors).toEqual([expired]);
		expect(mockedFetch).toHaveBeenCalledTimes(2);
		expect(nonceFetch).toHaveBeenCalledTimes(1);
	});

	it('leaves other 403s alone', async () => {
		const forbidden = {
			code: 'rest_forbidden',
			message: 'Sorry, you are not allowed to do that.',
			data: { status: 403 },
		};
		mockedFetch.mockRejectedValue(errorResponse(403, forbidden));
		const record = recorder();
		expect(await streamChat(REQUEST, record.handlers)).toBe('error');
		expect(record.errors).toEqual([forbidden]);
		expect(nonceFetch).not.toHaveBeenCalled();
	});
});
