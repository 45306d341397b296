/**
 * An open provider row: the key's details, key entry and validation, Test again, removal, and
 * the connection settings (base URL and the like, in provider/).
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { TextInput } from '../../components/controls';
import type { Provider } from '../../lib/types';
import type { Busy, ProviderNotice } from '../state';
import type { SettingsActions } from '../use-settings';
import { KeyStatus, needsNewKey } from './KeyStatus';
import { ConnectionSettings } from './provider/ConnectionSettings';
import { RemoveKeyModal } from './provider/RemoveKeyModal';

/** What a provider's row and its open part are both given. */
export interface ProviderPartProps {
	provider: Provider;
	busy: Busy | undefined;
	notice: ProviderNotice | undefined;
	canStore: boolean;
	actions: SettingsActions;
}

export interface ProviderDetailsProps extends ProviderPartProps {
	/** The element's id, which the row's toggle controls. */
	id: string;
	/** Called once a key was stored (the row then closes). */
	onKeySaved: () => void;
}

const BUSY_LABELS: Record<Busy, () => string> = {
	'saving-key': () => __('Checking the key with the provider…', 'byok-ai'),
	testing: () => __('Testing the key…', 'byok-ai'),
	removing: () => __('Removing the key…', 'byok-ai'),
	'saving-settings': () => __('Saving connection settings…', 'byok-ai'),
};

export function ProviderDetails({
	provider,
	busy,
	notice,
	canStore,
	actions,
	id,
	onKeySaved,
}: ProviderDetailsProps) {
	const [key, setKey] = useState('');
	const [confirmRemove, setConfirmRemove] = useState(false);
	// After a removal, the key field is where the administrator goes next.
	const [focusKeyField, setFocusKeyField] = useState(false);
	const keyField = useRef<HTMLInputElement>(null);
	const external =
		provider.key.source === 'environment' ||
		provider.key.source === 'constant';
	const hasStoredKey = provider.key.source === 'database';
	const hasKey = provider.key.source !== 'none';
	const isBusy = busy !== undefined;

	useEffect(() => {
		if (focusKeyField && !isBusy) {
			keyField.current?.focus();
			setFocusKeyField(false);
		}
	}, [focusKeyField, isBusy]);

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
			onKeySaved();
		}
	};

	return (
		<div className="byok-ai-provider__details" id={id}>
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
					<TextInput
						ref={keyField}
						label={keyLabel}
						type="password"
						autoComplete="off"
						spellCheck={false}
						value={key}
						onChange={(value: string) => setKey(value)}
						disabled={isBusy || !canStore}
						help={__(
							'The key is checked with the provider, encrypted on this site and never shown again.',
							'byok-ai'
						)}
					/>
					<Button
						__next40pxDefaultSize
						variant="primary"
						type="submit"
						isBusy={busy === 'saving-key'}
						disabled={isBusy || !canStore || key.trim() === ''}
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
						__next40pxDefaultSize
						variant="secondary"
						onClick={() => actions.testKey(provider.id)}
						isBusy={busy === 'testing'}
						disabled={isBusy || needsNewKey(provider.key.status)}
					>
						{__('Test again', 'byok-ai')}
					</Button>
				)}
				{hasStoredKey && (
					<Button
						__next40pxDefaultSize
						variant="secondary"
						isDestructive
						onClick={() => setConfirmRemove(true)}
						disabled={isBusy}
					>
						{__('Remove key', 'byok-ai')}
					</Button>
				)}
				{isBusy && (
					<span className="byok-ai-provider__busy" role="status">
						<Spinner />
						{BUSY_LABELS[busy]()}
					</span>
				)}
			</div>

			<ConnectionSettings
				provider={provider}
				busy={busy}
				onSave={(settings) =>
					actions.saveSettings(provider.id, settings)
				}
			/>

			{confirmRemove && (
				<RemoveKeyModal
					label={provider.label}
					onCancel={() => setConfirmRemove(false)}
					onConfirm={async () => {
						setConfirmRemove(false);
						await actions.removeKey(provider.id);
						setFocusKeyField(true);
					}}
				/>
			)}
		</div>
	);
}
