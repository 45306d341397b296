import { act, renderHook } from '@testing-library/react';
import type { StreamEnd } from '../../../src/lib/chat';
import {
	useStreamedAnswer,
	type StartStream,
} from '../../../src/lib/use-streamed-answer';

type Handlers = Parameters<StartStream>[0];

/** A stream the test drives: its handlers, and how it ends. */
interface Controlled {
	start: StartStream;
	handlers: () => Handlers;
	end: (end: StreamEnd) => Promise<void>;
}

function controlled(): Controlled {
	let handlers: Handlers | null = null;
	let resolve: ((end: StreamEnd) => void) | null = null;
	return {
		start: (given) => {
			handlers = given;
			// Like streamChat: an aborted stream ends as 'aborted'.
			given.signal.addEventListener('abort', () => resolve?.('aborted'));
			return new Promise<StreamEnd>((done) => {
				resolve = done;
			});
		},
		handlers: () => {
			if (!handlers) {
				throw new Error('Not started');
			}
			return handlers;
		},
		end: async (end) => {
			await act(async () => {
				resolve?.(end);
				await Promise.resolve();
			});
		},
	};
}

const DONE = {
	provider: 'openai',
	model: 'gpt',
	finish_reason: 'stop' as const,
	usage: { input_tokens: 1, output_tokens: 2 },
	attempts: [],
};

describe('useStreamedAnswer', () => {
	it('streams an answer and reports it', async () => {
		const onAnswered = jest.fn();
		const { result } = renderHook(() => useStreamedAnswer(onAnswered));
		const stream = controlled();

		let sent: Promise<void> = Promise.resolve();
		act(() => {
			sent = result.current[1].send(stream.start);
		});
		expect(result.current[0].status).toBe('waiting');

		act(() => {
			stream.handlers().onStart?.({ provider: 'openai', model: 'gpt' });
			stream.handlers().onDelta?.('Hel');
			stream.handlers().onDelta?.('lo');
		});
		expect(result.current[0]).toMatchObject({
			status: 'streaming',
			text: 'Hello',
			start: { provider: 'openai', model: 'gpt' },
		});

		act(() => stream.handlers().onDone?.(DONE));
		await stream.end('done');
		await act(() => sent);
		expect(result.current[0].status).toBe('done');
		expect(result.current[0].done).toEqual(DONE);
		expect(onAnswered).toHaveBeenCalledTimes(1);
	});

	it('keeps the text of a stopped answer', async () => {
		const onAnswered = jest.fn();
		const { result } = renderHook(() => useStreamedAnswer(onAnswered));
		const stream = controlled();

		act(() => {
			void result.current[1].send(stream.start);
		});
		act(() => stream.handlers().onDelta?.('Part'));
		await act(async () => {
			result.current[1].stop();
			await Promise.resolve();
		});

		expect(stream.handlers().signal.aborted).toBe(true);
		expect(result.current[0]).toMatchObject({
			status: 'stopped',
			text: 'Part',
		});
		expect(onAnswered).not.toHaveBeenCalled();
	});

	it('lets a newer request replace an older one', async () => {
		const onAnswered = jest.fn();
		const { result } = renderHook(() => useStreamedAnswer(onAnswered));
		const older = controlled();
		const newer = controlled();

		act(() => {
			void result.current[1].send(older.start);
		});
		act(() => older.handlers().onDelta?.('Old'));

		let sent: Promise<void> = Promise.resolve();
		await act(async () => {
			sent = result.current[1].send(newer.start);
			// The older stream ends as aborted, after the newer one started.
			await Promise.resolve();
		});

		expect(older.handlers().signal.aborted).toBe(true);
		expect(newer.handlers().signal.aborted).toBe(false);
		// Not "stopped": the newer request owns the state.
		expect(result.current[0]).toMatchObject({
			status: 'waiting',
			text: '',
		});

		act(() => newer.handlers().onDelta?.('New'));
		await newer.end('done');
		await act(() => sent);
		expect(result.current[0]).toMatchObject({
			status: 'streaming',
			text: 'New',
		});
		expect(onAnswered).toHaveBeenCalledTimes(1);

		// Stop has nothing left to abort.
		act(() => result.current[1].stop());
		expect(result.current[0].status).toBe('streaming');
	});

	it('clears the error when dismissed', () => {
		const { result } = renderHook(() => useStreamedAnswer());
		const stream = controlled();

		act(() => {
			void result.current[1].send(stream.start);
		});
		act(() =>
			stream.handlers().onError?.({ code: 'x', message: 'Broken' })
		);
		expect(result.current[0].status).toBe('error');
		expect(result.current[0].error?.message).toBe('Broken');

		act(() => result.current[1].dismissError());
		expect(result.current[0].error).toBeNull();
		expect(result.current[0].status).toBe('error');
	});

	it('aborts the request when unmounted, without reporting it', async () => {
		const onAnswered = jest.fn();
		const { result, unmount } = renderHook(() =>
			useStreamedAnswer(onAnswered)
		);
		const stream = controlled();

		act(() => {
			void result.current[1].send(stream.start);
		});
		unmount();
		await act(() => Promise.resolve());

		expect(stream.handlers().signal.aborted).toBe(true);
		expect(onAnswered).not.toHaveBeenCalled();
	});
});
