import apiFetch from '@wordpress/api-fetch';
import { chat, streamChat } from '../../../src/lib/chat';
import { abortError, errorResponse, sse, streamOf } from '../sse';
import { DONE, mockedFetch, recorder, REQUEST } from './chat-recorder';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

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
