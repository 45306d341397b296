/**
 * The settings page's server state: what was saved, what is pending, what went wrong.
 * A pure reducer, so every transition is testable without a browser.
 */
import type { Encryption, Provider } from '../lib/types';

export type Busy = 'saving-key' | 'testing' | 'removing' | 'saving-settings';

export interface ProviderNotice {
	status: 'success' | 'error' | 'warning';
	message: string;
	/** Offered when the provider couldn't be reached: save without validation. */
	canSaveUnvalidated?: boolean;
}

export interface State {
	loading: boolean;
	loadError: string | null;
	encryption: Encryption | null;
	order: string[];
	providers: Record<string, Provider>;
	busy: Record<string, Busy | undefined>;
	notices: Record<string, ProviderNotice | undefined>;
}

export type Action =
	| { type: 'LOADED'; encryption: Encryption; providers: Provider[] }
	| { type: 'LOAD_FAILED'; message: string }
	| { type: 'START'; id: string; busy: Busy }
	| { type: 'PROVIDER_UPDATED'; provider: Provider; notice?: ProviderNotice }
	| { type: 'FAILED'; id: string; notice: ProviderNotice }
	| { type: 'DISMISS'; id: string };

export const initialState: State = {
	loading: true,
	loadError: null,
	encryption: null,
	order: [],
	providers: {},
	busy: {},
	notices: {},
};

export function reducer(state: State, action: Action): State {
	switch (action.type) {
		case 'LOADED':
			return {
				...state,
				loading: false,
				loadError: null,
				encryption: action.encryption,
				order: action.providers.map((provider) => provider.id),
				providers: Object.fromEntries(
					action.providers.map((provider) => [provider.id, provider])
				),
			};
		case 'LOAD_FAILED':
			return { ...state, loading: false, loadError: action.message };
		case 'START':
			return {
				...state,
				busy: { ...state.busy, [action.id]: action.busy },
				notices: { ...state.notices, [action.id]: undefined },
			};
		case 'PROVIDER_UPDATED':
			return {
				...state,
				providers: {
					...state.providers,
					[action.provider.id]: action.provider,
				},
				busy: { ...state.busy, [action.provider.id]: undefined },
				notices: {
					...state.notices,
					[action.provider.id]: action.notice,
				},
			};
		case 'FAILED':
			return {
				...state,
				busy: { ...state.busy, [action.id]: undefined },
				notices: { ...state.notices, [action.id]: action.notice },
			};
		case 'DISMISS':
			return {
				...state,
				notices: { ...state.notices, [action.id]: undefined },
			};
	}
	return state;
}
