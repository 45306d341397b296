/**
 * Settings → BYOK AI: the providers, and Try it, Usage, Budgets and Rules, each a section (tab)
 * of the page whose name is kept in the URL.
 */
import { Notice, Spinner } from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import { ProviderList, type Connectors } from './components/ProviderList';
import { RulesPanel } from './components/RulesPanel';
import { SpendPanel } from './components/spend/SpendPanel';
import { panelId, SettingsTabs, tabId } from './components/SettingsTabs';
import { TryItPanel } from './components/TryItPanel';
import { UsagePanel } from './components/UsagePanel';
import { CallerUsage } from './components/CallerUsageTable';
import { WordPressAiSection } from './components/WordPressAiSection';
import { useSettings } from './use-settings';
import { TABS, useUrlTab, type TabName } from './use-url-tab';
import { useWordPressAi } from './use-wordpress-ai';

export interface AppProps {
	/** Settings → Connectors, on WordPress versions that have it. */
	connectors?: Connectors | undefined;
	/** The provider row open at first. */
	initialProvider?: string | null;
}

function tabTitle(tab: TabName): string {
	switch (tab) {
		case 'providers':
			return __('Providers', 'byok-ai');
		case 'try-it':
			return __('Try it', 'byok-ai');
		case 'usage':
			return __('Usage', 'byok-ai');
		case 'budgets':
			return __('Budgets', 'byok-ai');
		case 'rules':
			return __('Rules', 'byok-ai');
	}
	return tab;
}

export function App({ connectors, initialProvider = null }: AppProps) {
	const [state, actions] = useSettings();
	const [tab, selectTab] = useUrlTab();
	// A section is rendered from its first visit on and then kept (hidden), so an answer,
	// unsaved rules or a scroll position survive a look at another section.
	const [visited, setVisited] = useState<TabName[]>(() => [tab]);
	// Bumped after each "Try it" answer and on each return to Usage, so the counters reload.
	const [usageVersion, setUsageVersion] = useState(0);
	const onAnswered = useCallback(
		() => setUsageVersion((count) => count + 1),
		[]
	);
	// WordPress 7.0+ (Connectors exist): the rules for WordPress's own AI and its usage per
	// caller, loaded once Rules or Usage is first shown.
	const [wpAi, wpAiActions] = useWordPressAi(
		connectors !== undefined &&
			(visited.includes('rules') || visited.includes('usage')),
		usageVersion
	);

	useEffect(() => {
		setVisited((current) =>
			current.includes(tab) ? current : [...current, tab]
		);
	}, [tab]);

	const onSelect = (next: TabName, how: 'push' | 'replace') => {
		if (next === 'usage' && tab !== 'usage' && visited.includes('usage')) {
			setUsageVersion((count) => count + 1);
		}
		selectTab(next, how);
	};

	if (state.loading) {
		return (
			<p className="byok-ai-loading" role="status">
				<Spinner />
				{__('Loading providers…', 'byok-ai')}
			</p>
		);
	}
	if (state.loadError !== null) {
		return (
			<Notice status="error" isDismissible={false}>
				{state.loadError}
			</Notice>
		);
	}

	const canStore = state.encryption?.ready === true;
	const providers = state.order.flatMap((id) => state.providers[id] ?? []);

	const content = (name: TabName): ReactNode => {
		switch (name) {
			case 'providers':
				return (
					<ProviderList
						providers={providers}
						busy={state.busy}
						notices={state.notices}
						canStore={canStore}
						actions={actions}
						connectors={connectors}
						initialExpanded={initialProvider}
					/>
				);
			case 'try-it':
				return (
					<TryItPanel providers={providers} onAnswered={onAnswered} />
				);
			case 'usage':
				return (
					<>
						<UsagePanel
							providers={providers}
							version={usageVersion}
						/>
						{connectors && <CallerUsage state={wpAi} />}
					</>
				);
			case 'budgets':
				return <SpendPanel />;
			case 'rules':
				return (
					<>
						<RulesPanel providers={providers} />
						{connectors && (
							<WordPressAiSection
								state={wpAi}
								actions={wpAiActions}
							/>
						)}
					</>
				);
		}
		return null;
	};

	return (
		<div className="byok-ai-settings">
			{!canStore && state.encryption?.message && (
				<Notice status="error" isDismissible={false}>
					{state.encryption.message}
				</Notice>
			)}
			<SettingsTabs
				tabs={TABS.map((name) => ({ name, title: tabTitle(name) }))}
				selected={tab}
				onSelect={onSelect}
				label={__('BYOK AI settings', 'byok-ai')}
			/>
			{TABS.map((name) => (
				<div
					key={name}
					className="byok-ai-tab-panel"
					role="tabpanel"
					id={panelId(name)}
					aria-labelledby={tabId(name)}
					hidden={name !== tab}
				>
					{(name === tab || visited.includes(name)) && content(name)}
				</div>
			))}
		</div>
	);
}
