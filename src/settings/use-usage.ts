/**
 * Usage counters for the "Usage" panel: loaded on mount, on refresh, and when `version` changes.
 */
import { useCallback, useEffect, useState } from '@wordpress/element';
import { fetchUsage, isAbortError, toRestError } from '../lib/api';
import type { UsageResponse } from '../lib/types';

export interface UsageState {
	loading: boolean;
	/** The last counters loaded; kept on screen while a refresh runs. */
	usage: UsageResponse | null;
	error: string | null;
}

/**
 * @param version Bump it to reload (after a "Try it" answer, say).
 */
export function useUsage(version = 0): [UsageState, () => void] {
	const [state, setState] = useState<UsageState>({
		loading: true,
		usage: null,
		error: null,
	});
	const [reloads, setReloads] = useState(0);

	useEffect(() => {
		const controller = new AbortController();
		setState((current) => ({ ...current, loading: true, error: null }));
		fetchUsage(controller.signal).then(
			(usage) => setState({ loading: false, usage, error: null }),
			(error: unknown) => {
				if (controller.signal.aborted || isAbortError(error)) {
					return;
				}
				setState((current) => ({
					...current,
					loading: false,
					error: toRestError(error).message,
				}));
			}
		);
		// A newer load (or leaving the page) makes this one's answer irrelevant.
		return () => controller.abort();
	}, [version, reloads]);

	const refresh = useCallback(() => setReloads((count) => count + 1), []);

	return [state, refresh];
}
