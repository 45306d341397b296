/**
 * The one hook that owns the settings page's server state and talks to the REST routes.
 */
import { useCallback, useEffect, useReducer } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	fetchSettings,
	removeKey,
	saveKey,
	saveProviderSettings,
	testKey,
	toRestError,
} from '../lib/api';
import { initialState, reducer, type Action, type State } from './state';

/**
 * The action for a request that failed: its REST error message, shown on the provider's card.
 * @param id
 * @param error
 */
function failure(id: string, error: unknown): Action {
	return {
		type: 'FAILED',
		id,
		notice: { status: 'error', message: toRestError(error).message },
	};
}

export interface SettingsActions {
	/** Resolves true when the key was stored, so the form can forget it. */
	saveKey: (
		id: string,
		key: string,
		allowUnvalidated?: boolean
	) => Promise<boolean>;
	testKey: (id: string) => Promise<void>;
	removeKey: (id: string) => Promise<void>;
	saveSettings: (
		id: string,
		settings: Record<string, string>
	) => Promise<boolean>;
	dismiss: (id: string) => void;
}

export function useSettings(): [State, SettingsActions] {
	const [state, dispatch] = useReducer(reducer, initialState);

	useEffect(() => {
		let active = true;
		fetchSettings().then(
			(data) => {
				if (active) {
					dispatch({
						type: 'LOADED',
						encryption: data.encryption,
						providers: data.providers,
					});
				}
			},
			(error: unknown) => {
				if (active) {
					dispatch({
						type: 'LOAD_FAILED',
						message: toRestError(error).message,
					});
				}
			}
		);
		return () => {
			active = false;
		};
	}, []);

	const onSaveKey = useCallback(
		async (id: string, key: string, allowUnvalidated = false) => {
			dispatch({ type: 'START', id, busy: 'saving-key' });
			try {
				const provider = await saveKey(id, key, allowUnvalidated);
				dispatch({
					type: 'PROVIDER_UPDATED',
					provider,
					notice: {
						status:
							provider.key.status === 'valid'
								? 'success'
								: 'warning',
						message:
							provider.key.status === 'valid'
								? sprintf(
										/* translators: %s: provider name. */
										__(
											'%s accepted the key. It is stored encrypted.',
											'byok-ai'
										),
										provider.label
									)
								: __(
										'Key saved without validation. Test it again once the provider can be reached.',
										'byok-ai'
									),
					},
				});
				return true;
			} catch (error) {
				const rest = toRestError(error);
				dispatch({
					type: 'FAILED',
					id,
					notice: {
						status: rest.data?.can_save_unvalidated
							? 'warning'
							: 'error',
						message: rest.message,
						canSaveUnvalidated:
							rest.data?.can_save_unvalidated === true,
					},
				});
				return false;
			}
		},
		[]
	);

	const onTestKey = useCallback(async (id: string) => {
		dispatch({ type: 'START', id, busy: 'testing' });
		try {
			const result = await testKey(id);
			dispatch({
				type: 'PROVIDER_UPDATED',
				provider: result.provider,
				notice: {
					status: result.valid ? 'success' : 'error',
					message: result.message,
				},
			});
		} catch (error) {
			dispatch(failure(id, error));
		}
	}, []);

	const onRemoveKey = useCallback(async (id: string) => {
		dispatch({ type: 'START', id, busy: 'removing' });
		try {
			const provider = await removeKey(id);
			dispatch({
				type: 'PROVIDER_UPDATED',
				provider,
				notice: {
					status: 'success',
					message: __('Key removed.', 'byok-ai'),
				},
			});
		} catch (error) {
			dispatch(failure(id, error));
		}
	}, []);

	const onSaveSettings = useCallback(
		async (id: string, settings: Record<string, string>) => {
			dispatch({ type: 'START', id, busy: 'saving-settings' });
			try {
				const provider = await saveProviderSettings(id, settings);
				dispatch({
					type: 'PROVIDER_UPDATED',
					provider,
					notice: {
						status: 'success',
						message: __('Connection settings saved.', 'byok-ai'),
					},
				});
				return true;
			} catch (error) {
				dispatch(failure(id, error));
				return false;
			}
		},
		[]
	);

	const dismiss = useCallback(
		(id: string) => dispatch({ type: 'DISMISS', id }),
		[]
	);

	return [
		state,
		{
			saveKey: onSaveKey,
			testKey: onTestKey,
			removeKey: onRemoveKey,
			saveSettings: onSaveSettings,
			dismiss,
		},
	];
}
