/**
 * The page's sections as tabs (WAI-ARIA tabs pattern): one tab stop, arrow keys, Home and End
 * move along them and show the section at once. The panels are rendered by the caller, with the
 * ids this component links to (`tabId()` / `panelId()`).
 */
import { useRef } from '@wordpress/element';
import { isRTL } from '@wordpress/i18n';
import type { KeyboardEvent } from 'react';

export interface SettingsTab<Name extends string> {
	name: Name;
	title: string;
}

export interface SettingsTabsProps<Name extends string> {
	tabs: SettingsTab<Name>[];
	selected: Name;
	onSelect: (name: Name, how: 'push' | 'replace') => void;
	/** The tab list's accessible name. */
	label: string;
}

export function tabId(name: string): string {
	return `byok-ai-tab-${name}`;
}

export function panelId(name: string): string {
	return `byok-ai-panel-${name}`;
}

export function SettingsTabs<Name extends string>({
	tabs,
	selected,
	onSelect,
	label,
}: SettingsTabsProps<Name>) {
	const buttons = useRef<Record<string, HTMLButtonElement | null>>({});

	const onKeyDown = (event: KeyboardEvent, index: number) => {
		const forward = isRTL() ? 'ArrowLeft' : 'ArrowRight';
		const backward = isRTL() ? 'ArrowRight' : 'ArrowLeft';
		let next: number | null = null;
		if (event.key === forward) {
			next = (index + 1) % tabs.length;
		} else if (event.key === backward) {
			next = (index - 1 + tabs.length) % tabs.length;
		} else if (event.key === 'Home') {
			next = 0;
		} else if (event.key === 'End') {
			next = tabs.length - 1;
		}
		const tab = next === null ? undefined : tabs[next];
		if (tab) {
			event.preventDefault();
			onSelect(tab.name, 'replace');
			buttons.current[tab.name]?.focus();
		}
	};

	return (
		<div className="byok-ai-tabs" role="tablist" aria-label={label}>
			{tabs.map((tab, index) => {
				const isSelected = tab.name === selected;
				return (
					<button
						key={tab.name}
						ref={(element) => {
							buttons.current[tab.name] = element;
						}}
						type="button"
						role="tab"
						id={tabId(tab.name)}
						aria-controls={panelId(tab.name)}
						aria-selected={isSelected}
						tabIndex={isSelected ? 0 : -1}
						className={
							isSelected
								? 'byok-ai-tabs__tab is-active'
								: 'byok-ai-tabs__tab'
						}
						onClick={() => onSelect(tab.name, 'push')}
						onKeyDown={(event) => onKeyDown(event, index)}
					>
						{tab.title}
					</button>
				);
			})}
		</div>
	);
}
