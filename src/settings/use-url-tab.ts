/**
 * The settings page's current section, kept in the page's URL (`&tab=rules`) so that a reload,
 * a bookmark or a link from elsewhere opens the same section, and Back returns to the last one.
 */
import { useCallback, useEffect, useState } from '@wordpress/element';

export const TABS = [
	'providers',
	'try-it',
	'usage',
	'budgets',
	'rules',
] as const;

export type TabName = (typeof TABS)[number];

/** The section shown when the URL names none (or one that doesn't exist). */
export const DEFAULT_TAB: TabName = 'providers';

const PARAM = 'tab';

/**
 * Reads the section from the current URL.
 */
export function tabFromUrl(): TabName {
	const value = new URLSearchParams(window.location.search).get(PARAM);
	return TABS.find((tab) => tab === value) ?? DEFAULT_TAB;
}

/**
 * The URL of the current page showing `tab`; the default section leaves the parameter out.
 * @param tab
 */
export function urlForTab(tab: TabName): string {
	const url = new URL(window.location.href);
	if (tab === DEFAULT_TAB) {
		url.searchParams.delete(PARAM);
	} else {
		url.searchParams.set(PARAM, tab);
	}
	return url.toString();
}

/**
 * Returns the current section and a function that shows another one. A click adds a history
 * entry (so Back works); moving along the tabs with the arrow keys replaces it instead, so
 * that walking past three tabs doesn't take three presses of Back.
 */
export function useUrlTab(): [
	TabName,
	(tab: TabName, how?: 'push' | 'replace') => void,
] {
	const [tab, setTab] = useState<TabName>(tabFromUrl);

	useEffect(() => {
		const onPopState = () => setTab(tabFromUrl());
		window.addEventListener('popstate', onPopState);
		return () => window.removeEventListener('popstate', onPopState);
	}, []);

	const select = useCallback(
		(next: TabName, how: 'push' | 'replace' = 'push') => {
			setTab(next);
			const url = urlForTab(next);
			if (url === window.location.href) {
				return;
			}
			if (how === 'push') {
				window.history.pushState(window.history.state, '', url);
			} else {
				window.history.replaceState(window.history.state, '', url);
			}
		},
		[]
	);

	return [tab, select];
}
