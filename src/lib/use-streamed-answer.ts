/**
 * One streamed answer at a time, stoppable: the state machine behind both "Try it" panels (the
 * settings page's and the block's preview on the canvas).
 *
 * Sending again aborts the answer in progress; the newer request owns the state from then on.
 * Unmounting aborts too, so that leaving the page stops the request and its cost.
 */
import { useCallback, useEffect, useReducer, useRef } from '@wordpress/element';
import type { StreamEnd, StreamHandlers } from './chat';
import type { RestError, StreamDone, StreamStart } from './types';

export type StreamedAnswerStatus =
	| 'idle'
	/** Sent; no text yet. */
	| 'waiting'
	| 'streaming'
	| 'done'
	| 'error'
	/** Stopped by the user; the text so far is kept. */
	| 'stopped';

export interface StreamedAnswerState {
	status: StreamedAnswerStatus;
	text: string;
	start: StreamStart | null;
	done: StreamDone | null;
	error: RestError | null;
}

type StreamedAnswerAction =
	| { type: 'SEND' }
	| { type: 'START'; start: StreamStart }
	| { type: 'DELTA'; text: string }
	| { type: 'DONE'; done: StreamDone }
	| { type: 'ERROR'; error: RestError }
	| { type: 'STOPPED' }
	| { type: 'DISMISS' };

export const initialStreamedAnswer: StreamedAnswerState = {
	status: 'idle',
	text: '',
	start: null,
	done: null,
	error: null,
};

export function streamedAnswerReducer(
	state: StreamedAnswerState,
	action: StreamedAnswerAction
): StreamedAnswerState {
	switch (action.type) {
		case 'SEND':
			return { ...initialStreamedAnswer, status: 'waiting' };
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

/** Starts one stream with the given handlers (streamChat, streamPreview, …). */
export type StartStream = (
	handlers: StreamHandlers & { signal: AbortSignal }
) => Promise<StreamEnd>;

export interface StreamedAnswerActions {
	/** Aborts the answer in progress, if any, and streams a new one. */
	send: (start: StartStream) => Promise<void>;
	stop: () => void;
	dismissError: () => void;
}

/**
 * @param onAnswered Called after each answer or failure that was neither stopped nor replaced,
 *                   while still mounted.
 */
export function useStreamedAnswer(
	onAnswered?: () => void
): [StreamedAnswerState, StreamedAnswerActions] {
	const [state, dispatch] = useReducer(
		streamedAnswerReducer,
		initialStreamedAnswer
	);
	const controller = useRef<AbortController | null>(null);
	const mounted = useRef(true);
	const answered = useRef(onAnswered);

	useEffect(() => {
		answered.current = onAnswered;
	}, [onAnswered]);

	useEffect(() => {
		mounted.current = true;
		return () => {
			mounted.current = false;
			controller.current?.abort();
		};
	}, []);

	const send = useCallback(async (start: StartStream) => {
		controller.current?.abort();
		const own = new AbortController();
		controller.current = own;
		dispatch({ type: 'SEND' });

		const end = await start({
			signal: own.signal,
			onStart: (begin) => dispatch({ type: 'START', start: begin }),
			onDelta: (text) => dispatch({ type: 'DELTA', text }),
			onDone: (done) => dispatch({ type: 'DONE', done }),
			onError: (error) => dispatch({ type: 'ERROR', error }),
		});

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
