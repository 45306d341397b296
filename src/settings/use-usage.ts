/**
 * The usage dashboard's data: loaded on mount, on refresh, when `version` changes and when the
 * period changes; and its CSV export.
 */
import apiFetch from '@wordpress/api-fetch';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { ROOT, startLoad } from '../lib/api';
import type { Period, UsageReport } from './components/usage/types';

export interface UsageState {
	loading: boolean;
	/** The last report loaded; kept on screen while a refresh runs. */
	usage: UsageReport | null;
	error: string | null;
}

/**
 * @param days
 * @param signal
 */
export function fetchUsageReport(
	days: Period,
	signal?: AbortSignal
): Promise<UsageReport> {
	return apiFetch<UsageReport>({
		path: `${ROOT}/usage?days=${days}`,
		...(signal && { signal }),
	});
}

/**
 * Downloads the period's CSV (GET usage/export) under the file name the server gives.
 * @param days
 */
export async function downloadUsageCsv(days: Period): Promise<void> {
	const response = await apiFetch<Response, false>({
		path: `${ROOT}/usage/export?days=${days}`,
		parse: false,
	});
	const name =
		/filename="([^"]+)"/.exec(
			response.headers.get('Content-Disposition') ?? ''
		)?.[1] ?? `byok-ai-usage-${days}d.csv`;
	const url = URL.createObjectURL(await response.blob());
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	document.body.appendChild(link);
	link.click();
	link.remove();
	URL.revokeObjectURL(url);
}

/**
 * @param version Bump it to reload (after a "Try it" answer, say).
 * @param days    The period.
 */
export function useUsage(
	version = 0,
	days: Period = 30
): [UsageState, () => void] {
	const [state, setState] = useState<UsageState>({
		loading: true,
		usage: null,
		error: null,
	});
	const [reloads, setReloads] = useState(0);

	useEffect(() => {
		setState((current) => ({ ...current, loading: true, error: null }));
		// A newer load (or leaving the page) makes this one's answer irrelevant.
		return startLoad(
			(signal) => fetchUsageReport(days, signal),
			(usage) => setState({ loading: false, usage, error: null }),
			(error) =>
				setState((current) => ({ ...current, loading: false, error }))
		);
	}, [version, reloads, days]);

	const refresh = useCallback(() => setReloads((count) => count + 1), []);

	return [state, refresh];
}
