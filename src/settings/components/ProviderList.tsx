/**
 * "Providers": every provider as a compact row, one of them open at a time, and how BYOK AI's
 * keys relate to WordPress' own Settings → Connectors.
 */
import { createInterpolateElement, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { Provider } from '../../lib/types';
import type { State } from '../state';
import type { SettingsActions } from '../use-settings';
import { HelpText } from './form/fields';
import { ProviderRow } from './ProviderRow';

export interface Connectors {
	url: string;
	/** BYOK AI keeps the Connectors keys (one key per provider for both screens). */
	shared: boolean;
}

export interface ProviderListProps {
	providers: Provider[];
	busy: State['busy'];
	notices: State['notices'];
	canStore: boolean;
	actions: SettingsActions;
	/** Settings → Connectors on WordPress 7.0+, and whether it shares this page's keys. */
	connectors?: Connectors | undefined;
	/** The row open at first (from `&provider=` in a link to the page). */
	initialExpanded?: string | null;
}

export function ProviderList({
	providers,
	busy,
	notices,
	canStore,
	actions,
	connectors,
	initialExpanded = null,
}: ProviderListProps) {
	const [expanded, setExpanded] = useState<string | null>(
		providers.some((provider) => provider.id === initialExpanded)
			? initialExpanded
			: null
	);

	return (
		<div className="byok-ai-providers">
			<h2 className="byok-ai-panel__title">
				{__('Providers', 'byok-ai')}
			</h2>
			<HelpText>
				{__(
					'Paste a key once. It is checked with the provider, encrypted with this site’s secret and never sent back to a browser: only a mask is shown. A key can also come from an environment variable or a constant in wp-config.php.',
					'byok-ai'
				)}
			</HelpText>
			<ul className="byok-ai-providers__list">
				{providers.map((provider) => (
					<ProviderRow
						key={provider.id}
						provider={provider}
						busy={busy[provider.id]}
						notice={notices[provider.id]}
						canStore={canStore}
						actions={actions}
						expanded={expanded === provider.id}
						onExpandedChange={(open) =>
							setExpanded(open ? provider.id : null)
						}
					/>
				))}
			</ul>
			{connectors && <ConnectorsNote connectors={connectors} />}
		</div>
	);
}

/**
 * Says which keys BYOK AI uses, next to WordPress's own Settings → Connectors.
 * @param props
 * @param props.connectors
 */
function ConnectorsNote({ connectors }: { connectors: Connectors }) {
	const text = connectors.shared
		? __(
				'<a>Settings → Connectors</a> and this page share one key per provider. A key saved on either screen is checked and kept by BYOK AI, encrypted (Connectors’ own options stay empty); Connectors shows it as connected, and plugins that use WordPress’s AI Client use it too. A key set in the environment or wp-config.php counts for both, under either name: <code>BYOK_AI_OPENAI_API_KEY</code> or <code>OPENAI_API_KEY</code>, for instance.',
				'byok-ai'
			)
		: __(
				'WordPress also keeps AI provider keys under <a>Settings → Connectors</a>, for plugins that use its AI Client, and stores them in the database as they are. BYOK AI doesn’t use those: it uses only the keys listed here, which it encrypts, or a key set in the environment or wp-config.php (<code>BYOK_AI_OPENAI_API_KEY</code> or <code>OPENAI_API_KEY</code>, for instance).',
				'byok-ai'
			);
	return (
		<p className="byok-ai-connectors-note">
			{createInterpolateElement(text, {
				// eslint-disable-next-line jsx-a11y/anchor-has-content -- filled by createInterpolateElement.
				a: <a href={connectors.url} />,
				code: <code />,
			})}
		</p>
	);
}
