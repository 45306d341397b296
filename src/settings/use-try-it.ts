/**
 * State of the "Try it" panel: one streamed answer at a time, stoppable.
 */
import { useCallback, useEffect, useReducer, useRef } from '@wordpress/element';
import { streamChat } from '../lib/chat';
import type { RestError, StreamDone, StreamStart } from '../lib/types';

export type TryItStatus =
	| 'idle'
	/** Sent; no text yet. */
	| 'waiting'
	| 'streaming'
	| 'done'
	| 'error'
	/** Stopped by the user; the text so far is kept. */
	| 'stopped';

export interface TryItState {
	status: TryItStatus;
	text: string;
	start: StreamStart | null;
	done: StreamDone | null;
	error: RestError | null;
}

type TryItAction =
	| { type: 'SEND' }
	| { type: 'START'; start: StreamStart }
	| { type: 'DELTA'; text: string }
	| { type: 'DONE'; done: StreamDone }
	| { type: 'ERROR'; error: RestError }
	| { type: 'STOPPED' }
	| { type: 'DISMISS' };

export const initialTryIt: TryItState = {
	status: 'idle',
	text: '',
	start: null,
	done: null,
	error: null,
};

export function tryItReducer(
	state: TryItState,
	action: TryItAction
): TryItState {
	switch (action.type) {
		case 'SEND':
			return { ...initialTryIt, status: 'waiting' };
		case 'START':
			return { ...state, start: action.start };
		case 'DELTA':
			return {
				...state,
				status: 'streaming',
				text: state.text + action.text,
			};
		case 'DONE':
			return { ...state, status: 'done', done: action.done };
		case 'ERROR':
			return { ...state, status: 'error', error: action.error };
		case 'STOPPED':
			return { ...state, status: 'stopped' };
		case 'DISMISS':
			return { ...state, error: null };
	}
	return state;
}

export interface TryItActions {
	/** Streams the answer to one prompt; `provider` '' lets the server's rules choose. */
	send: (prompt: string, provider: string) => Promise<void>;
	stop: () => void;
	dismissError: () => void;
}

/**
 * @param onAnswered Called after each answer or failure (the usage counters changed).
 */
export function useTryIt(onAnswered?: () => void): [TryItState, TryItActions] {
	const [state, dispatch] = useReducer(tryItReducer, initialTryIt);
	const controller = useRef<AbortController | null>(null);
	const mounted = useRef(true);
	const answered = useRef(onAnswered);

	useEffect(() => {
		answered.current = onAnswered;
	}, [onAnswered]);

	useEffect(() => {
		mounted.current = true;
		return () => {
			// Leaving the page (or the panel) stops the request and its cost.
			mounted.current = false;
			controller.current?.abort();
		};
	}, []);

	const send = useCallback(async (prompt: string, provider: string) => {
		controller.current?.abort();
		const own = new AbortController();
		controller.current = own;
		dispatch({ type: 'SEND' });

		const end = await streamChat(
			{
				messages: [{ role: 'user', content: prompt }],
				// Unknown or empty fields are refused by the route: send a provider only if chosen.
				...(provider === '' ? {} : { provider }),
			},
			{
				signal: own.signal,
				onStart: (start) => dispatch({ type: 'START', start }),
				onDelta: (text) => dispatch({ type: 'DELTA', text }),
				onDone: (done) => dispatch({ type: 'DONE', done }),
				onError: (error) => dispatch({ type: 'ERROR', error }),
			}
		);

		if (controller.current !== own) {
			// Replaced by a newer request, which owns the state now.
			return;
		}
		controller.current = null;
		if (!mounted.current) {
			return;
		}
		if (end === 'aborted') {
			dispatch({ type: 'STOPPED' });
		} else {
			answered.current?.();
		}
	}, []);

	const stop = useCallback(() => controller.current?.abort(), []);
	const dismissError = useCallback(() => dispatch({ type: 'DISMISS' }), []);

	return [state, { send, stop, dismissError }];
}
