/**
 * streamChat() of src/lib/chat.ts: the answer read from the event stream as it arrives.
 */
import { streamChat } from '../../../src/lib/chat';
import {
	abortError,
	bytes,
	errorResponse,
	fakeStream,
	sse,
	streamOf,
} from '../sse';
import {
	DONE,
	mockedFetch,
	PIECES,
	recorder,
	REQUEST,
	split,
} from './chat-recorder';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

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
