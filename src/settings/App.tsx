/**
 * Settings → BYOK AI.
 */
import { Notice, Spinner } from '@wordpress/components';
import { useCallback, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { ProviderCard } from './components/ProviderCard';
import { RulesPanel } from './components/RulesPanel';
import { TryItPanel } from './components/TryItPanel';
import { UsagePanel } from './components/UsagePanel';
import { useSettings } from './use-settings';

export function App() {
	const [state, actions] = useSettings();
	// Bumped after each "Try it" answer so the usage counters reload.
	const [answers, setAnswers] = useState(0);
	const onAnswered = useCallback(() => setAnswers((count) => count + 1), []);

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
	return (
		<div className="byok-ai-settings">
			<p className="byok-ai-intro">
				{__(
					'Paste a key once. It is checked with the provider, encrypted with this site’s secret and never sent back to a browser: only a mask is shown.',
					'byok-ai'
				)}
			</p>
			{!canStore && state.encryption?.message && (
				<Notice status="error" isDismissible={false}>
					{state.encryption.message}
				</Notice>
			)}
			{state.order.map((id) => {
				const provider = state.providers[id];
				return provider ? (
					<ProviderCard
						key={id}
						provider={provider}
						busy={state.busy[id]}
						notice={state.notices[id]}
						canStore={canStore}
						actions={actions}
					/>
				) : null;
			})}
			<TryItPanel providers={providers} onAnswered={onAnswered} />
			<UsagePanel providers={providers} version={answers} />
			<RulesPanel providers={providers} />
		</div>
	);
}
