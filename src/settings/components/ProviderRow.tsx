/**
 * One provider: key status, key entry, actions and connection settings.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Modal,
	Notice,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { Provider } from '../../lib/types';
import type { Busy, ProviderNotice } from '../state';
import type { SettingsActions } from '../use-settings';
import { KeyStatus } from './KeyStatus';

export interface ProviderCardProps {
	provider: Provider;
	busy: Busy | undefined;
	notice: ProviderNotice | undefined;
	canStore: boolean;
	actions: SettingsActions;
}

const BUSY_LABELS: Record<Busy, () => string> = {
	'saving-key': () => __('Checking the key with the provider…', 'byok-ai'),
	testing: () => __('Testing the key…', 'byok-ai'),
	removing: () => __('Removing the key…', 'byok-ai'),
	'saving-settings': () => __('Saving connection settings…', 'byok-ai'),
};

export function ProviderCard({
	provider,
	busy,
	notice,
	canStore,
	actions,
}: ProviderCardProps) {
	const [key, setKey] = useState('');
	const [confirmRemove, setConfirmRemove] = useState(false);
	const [settings, setSettings] = useState<Record<string, string>>(
		provider.settings
	);
	const external =
		provider.key.source === 'environment' ||
		provider.key.source === 'constant';
	const hasStoredKey = provider.key.source === 'database';
	const hasKey = provider.key.source !== 'none';
	const isBusy = busy !== undefined;
	const settingsChanged = provider.fields.some(
		(field) =>
			(settings[field.name] ?? '') !==
			(provider.settings[field.name] ?? '')
	);

	let keyLabel: string = __('Replace key', 'byok-ai');
	if (!hasKey) {
		keyLabel = provider.requires_key
			? /* translators: %s: provider name. */
				sprintf(__('%s API key', 'byok-ai'), provider.label)
			: /* translators: %s: provider name. */
				sprintf(__('%s API key (optional)', 'byok-ai'), provider.label);
	}

	const submitKey = async (allowUnvalidated = false) => {
		if (await actions.saveKey(provider.id, key, allowUnvalidated)) {
			// The key is not kept in the page once the server has it.
			setKey('');
		}
	};

	return (
		<section
			className="byok-ai-provider"
			aria-labelledby={`byok-ai-provider-${provider.id}-title`}
		>
			<Card>
				<CardHeader>
					<h2
						className="byok-ai-provider__title"
						id={`byok-ai-provider-${provider.id}-title`}
					>
						{provider.label}
					</h2>
				</CardHeader>
				<CardBody>
					<KeyStatus state={provider.key} />
					{provider.key.message && (
						<Notice status="error" isDismissible={false}>
							{provider.key.message}
						</Notice>
					)}

					{notice && (
						<Notice
							status={notice.status}
							onRemove={() => actions.dismiss(provider.id)}
							actions={
								notice.canSaveUnvalidated
									? [
											{
												label: __(
													'Save without validation',
													'byok-ai'
												),
												onClick: () => submitKey(true),
												variant: 'primary',
											},
										]
									: []
							}
						>
							{notice.message}
						</Notice>
					)}

					{!external && (
						<form
							className="byok-ai-provider__key-form"
							onSubmit={(event) => {
								event.preventDefault();
								submitKey();
							}}
						>
							<TextControl
								label={keyLabel}
								type="password"
								autoComplete="off"
								spellCheck={false}
								value={key}
								onChange={(value: string) => setKey(value)}
								disabled={isBusy || !canStore}
								help={__(
									'The key is encrypted on the server and never shown again.',
									'byok-ai'
								)}
							/>
							<Button
								variant="primary"
								type="submit"
								isBusy={busy === 'saving-key'}
								disabled={
									isBusy || !canStore || key.trim() === ''
								}
							>
								{hasStoredKey
									? __('Validate and replace', 'byok-ai')
									: __('Validate and save', 'byok-ai')}
							</Button>
						</form>
					)}

					<div className="byok-ai-provider__actions">
						{(hasKey || !provider.requires_key) && (
							<Button
								variant="secondary"
								onClick={() => actions.testKey(provider.id)}
								isBusy={busy === 'testing'}
								disabled={
									isBusy ||
									provider.key.status === 'undecryptable'
								}
							>
								{__('Test again', 'byok-ai')}
							</Button>
						)}
						{hasStoredKey && (
							<Button
								variant="secondary"
								isDestructive
								onClick={() => setConfirmRemove(true)}
								disabled={isBusy}
							>
								{__('Remove key', 'byok-ai')}
							</Button>
						)}
						{isBusy && (
							<span
								className="byok-ai-provider__busy"
								role="status"
							>
								<Spinner />
								{BUSY_LABELS[busy]()}
							</span>
						)}
					</div>

					<details
						className="byok-ai-provider__connection"
						open={
							provider.id === 'azure_openai' ||
							provider.id === 'openai_compatible'
						}
					>
						<summary>
							{__('Connection settings', 'byok-ai')}
						</summary>
						<form
							onSubmit={async (event) => {
								event.preventDefault();
								await actions.saveSettings(
									provider.id,
									settings
								);
							}}
						>
							{provider.fields.map((field) => (
								<TextControl
									key={field.name}
									label={field.label}
									help={field.help}
									type={field.type === 'url' ? 'url' : 'text'}
									value={settings[field.name] ?? ''}
									placeholder={field.default}
									onChange={(value: string) =>
										setSettings((current) => ({
											...current,
											[field.name]: value,
										}))
									}
									disabled={isBusy}
								/>
							))}
							<Button
								variant="secondary"
								type="submit"
								isBusy={busy === 'saving-settings'}
								disabled={isBusy || !settingsChanged}
							>
								{__('Save connection settings', 'byok-ai')}
							</Button>
						</form>
					</details>
				</CardBody>

				{confirmRemove && (
					<Modal
						title={sprintf(
							/* translators: %s: provider name. */
							__('Remove the %s key?', 'byok-ai'),
							provider.label
						)}
						onRequestClose={() => setConfirmRemove(false)}
					>
						<p>
							{__(
								'The encrypted key is deleted from this site. Features using this provider stop working until a key is entered again.',
								'byok-ai'
							)}
						</p>
						<div className="byok-ai-modal__actions">
							<Button
								variant="tertiary"
								onClick={() => setConfirmRemove(false)}
							>
								{__('Cancel', 'byok-ai')}
							</Button>
							<Button
								variant="primary"
								isDestructive
								onClick={() => {
									setConfirmRemove(false);
									actions.removeKey(provider.id);
								}}
							>
								{__('Remove key', 'byok-ai')}
							</Button>
						</div>
					</Modal>
				)}
			</Card>
		</section>
	);
}
