/**
 * GET /assistant/options, asked once per page however many assistant blocks it has, and asked
 * again when one of them changes what the answer would be (a key was added).
 */
import { useCallback, useEffect, useState } from '@wordpress/element';
import { toRestError } from '../../lib/api';
import { fetchAssistantOptions } from '../../lib/assistant';
import type { AssistantOptions, RestError } from '../../lib/types';

export type OptionsState =
	| { status: 'loading' }
	| { status: 'ready'; options: AssistantOptions }
	| { status: 'error'; error: RestError };

const INITIAL: OptionsState = { status: 'loading' };

let current: OptionsState = INITIAL;
let pending: Promise<void> | null = null;
const listeners = new Set<(state: OptionsState) => void>();

function publish(state: OptionsState): void {
	current = state;
	listeners.forEach((listener) => listener(state));
}

/**
 * Asks the server unless an answer is there already (or on its way); `again` asks anyway. While
 * asking again, blocks keep showing the previous answer.
 * @param again
 */
export function loadAssistantOptions(again = false): Promise<void> {
	if (pending !== null) {
		return pending;
	}
	if (current.status !== 'loading' && !again) {
		return Promise.resolve();
	}
	if (current.status === 'error') {
		// Trying again after a failure: show progress rather than the old error.
		publish(INITIAL);
	}
	const request = fetchAssistantOptions().then(
		(options) => publish({ status: 'ready', options }),
		(error: unknown) =>
			publish({ status: 'error', error: toRestError(error) })
	);
	pending = request.finally(() => {
		pending = null;
	});
	return pending;
}

/** Forgets the answer (tests start each case from a page that asked nothing yet). */
export function resetAssistantOptions(): void {
	current = INITIAL;
	pending = null;
}

export function useAssistantOptions(): [OptionsState, () => Promise<void>] {
	const [state, setState] = useState<OptionsState>(current);

	useEffect(() => {
		listeners.add(setState);
		// An answer may have arrived between the first render and this effect.
		setState(current);
		loadAssistantOptions();
		return () => {
			listeners.delete(setState);
		};
	}, []);

	const reload = useCallback(() => loadAssistantOptions(true), []);
	return [state, reload];
}
