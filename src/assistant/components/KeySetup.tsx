/**
 * Shown instead of the block while no provider has a key: administrators can add one here,
 * others are told who can.
 */
import { Button, ExternalLink, Notice, Spinner } from '@wordpress/components';
import { useRegistry } from '@wordpress/data';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { SelectInput, TextInput } from '../../components/controls';
import { fetchSettings, saveKey, toRestError } from '../../lib/api';
import type { Provider, SettingsResponse } from '../../lib/types';

/** The plugin's settings page, relative to wp-admin/ where every editor runs. */
export const SETTINGS_URL = 'options-general.php?page=byok-ai';

export interface KeySetupProps {
	/** Called once a key is stored: the block asks again what it can use. */
	onSaved: () => Promise<void>;
}

type Loaded =
	| { status: 'loading' }
	| { status: 'error'; message: string }
	| { status: 'ready'; settings: SettingsResponse };

interface Result {
	status: 'success' | 'warning' | 'error';
	message: string;
}

/**
 * Says whether the provider still lacks a connection setting only the settings page can set
 * (Azure's endpoint and deployment, for instance).
 * @param provider
 */
function needsConnection(provider: Provider): boolean {
	return provider.fields.some(
		(field) =>
			field.required &&
			(provider.settings[field.name] ?? '') === '' &&
			field.default === ''
	);
}

export function KeySetup({ onSaved }: KeySetupProps) {
	const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
	const [providerId, setProviderId] = useState('');
	const [key, setKey] = useState('');
	const [saving, setSaving] = useState(false);
	const [result, setResult] = useState<Result | null>(null);
	const registry = useRegistry();

	useEffect(() => {
		let active = true;
		fetchSettings().then(
			(settings) => {
				if (active) {
					setLoaded({ status: 'ready', settings });
				}
			},
			(error: unknown) => {
				if (active) {
					setLoaded({
						status: 'error',
						message: toRestError(error).message,
					});
				}
			}
		);
		return () => {
			active = false;
		};
	}, []);

	if (loaded.status === 'loading') {
		return (
			<p className="byok-ai-assistant-setup__loading" role="status">
				<Spinner />
				{__('Loading providers…', 'byok-ai')}
			</p>
		);
	}
	if (loaded.status === 'error') {
		return (
			<>
				<Notice status="error" isDismissible={false}>
					{loaded.message}
				</Notice>
				<SettingsLink />
			</>
		);
	}

	const { encryption } = loaded.settings;
	// Providers that work with a key alone; the others (a local server) are set up on the page.
	const providers = loaded.settings.providers.filter(
		(item) => item.requires_key
	);
	const provider =
		providers.find((item) => item.id === providerId) ?? providers[0];

	const submit = async () => {
		if (provider === undefined || saving || key.trim() === '') {
			return;
		}
		const value = key;
		// The key leaves the page's state as soon as it is on its way.
		setKey('');
		setSaving(true);
		setResult(null);
		let saved: Provider;
		try {
			saved = await saveKey(provider.id, value);
		} catch (error) {
			setResult({ status: 'error', message: toRestError(error).message });
			setSaving(false);
			return;
		}
		const message =
			saved.key.status === 'valid'
				? sprintf(
						/* translators: %s: provider name. */
						__(
							'%s accepted the key. It is stored encrypted.',
							'byok-ai'
						),
						saved.label
					)
				: (saved.key.message ??
					__('The key was saved but not validated.', 'byok-ai'));
		setResult({
			status: saved.key.status === 'valid' ? 'success' : 'warning',
			message,
		});
		setSaving(false);
		// This form goes away once the block can answer: say it in the editor's notices too.
		const notices = registry.dispatch('core/notices') as
			| {
					createSuccessNotice?: (
						text: string,
						options: object
					) => unknown;
			  }
			| undefined;
		notices?.createSuccessNotice?.(message, { type: 'snackbar' });
		await onSaved();
	};

	return (
		<div className="byok-ai-assistant-setup">
			<p>
				{__(
					'This assistant needs an AI provider. Paste an API key from one of these providers; it is checked with the provider, stored encrypted, and never shown again.',
					'byok-ai'
				)}
			</p>
			{!encryption.ready && (
				<Notice status="error" isDismissible={false}>
					{encryption.message ??
						__(
							'Keys can’t be stored safely on this site yet.',
							'byok-ai'
						)}
				</Notice>
			)}
			{result && (
				<Notice status={result.status} onRemove={() => setResult(null)}>
					{result.message}
				</Notice>
			)}
			{provider !== undefined && (
				<form
					className="byok-ai-assistant-setup__form"
					onSubmit={(event) => {
						event.preventDefault();
						submit();
					}}
				>
					<SelectInput
						label={__('Provider', 'byok-ai')}
						value={provider.id}
						options={providers.map((item) => ({
							value: item.id,
							label: item.label,
						}))}
						onChange={(value: string) => {
							setProviderId(value);
							setResult(null);
						}}
						disabled={saving}
					/>
					{needsConnection(provider) ? (
						<p>
							{sprintf(
								/* translators: %s: provider name. */
								__(
									'%s also needs connection settings (such as its endpoint), which are entered on the settings page.',
									'byok-ai'
								),
								provider.label
							)}{' '}
							<SettingsLink />
						</p>
					) : (
						<>
							<TextInput
								label={sprintf(
									/* translators: %s: provider name. */
									__('%s API key', 'byok-ai'),
									provider.label
								)}
								type="password"
								autoComplete="off"
								spellCheck={false}
								value={key}
								onChange={(value: string) => setKey(value)}
								disabled={saving || !encryption.ready}
							/>
							<div className="byok-ai-assistant-setup__actions">
								<Button
									variant="primary"
									type="submit"
									isBusy={saving}
									disabled={
										saving ||
										!encryption.ready ||
										key.trim() === ''
									}
								>
									{__('Save and validate', 'byok-ai')}
								</Button>
								{saving && (
									<span role="status">
										{__(
											'Checking the key with the provider…',
											'byok-ai'
										)}
									</span>
								)}
							</div>
						</>
					)}
				</form>
			)}
			<p className="byok-ai-assistant-setup__more">
				{__(
					'An OpenAI-compatible server (Ollama, LM Studio, OpenRouter…) needs its address: set it up on the settings page.',
					'byok-ai'
				)}{' '}
				<SettingsLink />
			</p>
		</div>
	);
}

function SettingsLink() {
	return (
		<ExternalLink href={SETTINGS_URL}>
			{__('Settings → BYOK AI', 'byok-ai')}
		</ExternalLink>
	);
}
