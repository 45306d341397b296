/**
 * Settings → BYOK AI.
 */
import { Notice, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import { ProviderCard } from './components/ProviderCard';
import { useSettings } from './use-settings';

export function App() {
	const [state, actions] = useSettings();

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
		</div>
	);
}
