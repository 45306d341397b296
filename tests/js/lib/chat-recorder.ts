/**
 * The chat client's tests share this: a request, a final "done" event, text whose UTF-8 chunks
 * can split inside a character, a recorder of the stream handlers' calls, and a byte splitter.
 * The test file mocks @wordpress/api-fetch.
 */
import apiFetch from '@wordpress/api-fetch';
import { type StreamHandlers } from '../../../src/lib/chat';
import type { RestError, StreamDone } from '../../../src/lib/types';

export const mockedFetch = apiFetch as unknown as jest.Mock;

export const REQUEST = { messages: [{ role: 'user' as const, content: 'Hi' }] };

export const DONE: StreamDone = {
	provider: 'anthropic',
	model: 'claude-x',
	finish_reason: 'stop',
	usage: { input_tokens: 12, output_tokens: 7 },
	attempts: [{ provider: 'openai', code: 'byok_ai_rate_limited' }],
};

/** Text with 2-, 3- and 4-byte UTF-8 characters, so some chunk splits fall inside one. */
export const PIECES = ['Grüße, ', '世界', ' 👋🏽', '\nline two'];

export function recorder() {
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
export function split(data: Uint8Array, cuts: number[]): Uint8Array[] {
	const chunks: Uint8Array[] = [];
	let from = 0;
	for (const cut of [...cuts, data.length]) {
		chunks.push(data.slice(from, cut));
		from = cut;
	}
	return chunks;
}
