/**
 * State of the "Try it" panel: one streamed answer at a time, stoppable.
 */
import { useCallback } from '@wordpress/element';
import { streamChat } from '../lib/chat';
import {
	useStreamedAnswer,
	type StreamedAnswerState,
	type StreamedAnswerStatus,
} from '../lib/use-streamed-answer';

export type TryItStatus = StreamedAnswerStatus;
export type TryItState = StreamedAnswerState;

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
	// Leaving the page (or the panel) stops the request and its cost.
	const [state, { send: stream, stop, dismissError }] =
		useStreamedAnswer(onAnswered);

	const send = useCallback(
		(prompt: string, provider: string) =>
			stream((handlers) =>
				streamChat(
					{
						messages: [{ role: 'user', content: prompt }],
						// Unknown or empty fields are refused by the route: send a provider only if chosen.
						...(provider === '' ? {} : { provider }),
					},
					handlers
				)
			),
		[stream]
	);

	return [state, { send, stop, dismissError }];
}
