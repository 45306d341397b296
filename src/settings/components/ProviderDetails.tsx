/**
 * An open provider row: the key's details, key entry and validation, Test again, removal, and
 * the connection settings (base URL and the like).
 */
import {
	Button,
	Modal,
	Notice,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { EndpointChange, Provider } from '../../lib/types';
import type { Busy, ProviderNotice } from '../state';
import type { SettingsActions } from '../use-settings';
import { KeyStatus, needsNewKey } from './KeyStatus';

export interface ProviderDetailsProps {
	provider: Provider;
	busy: Busy | undefined;
	notice: ProviderNotice | undefined;
	canStore: boolean;
	actions: SettingsActions;
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
	const [settings, setSettings] = useState<Record<string, string>>(
		provider.settings
	);
	const external =
		provider.key.source === 'environment' ||
		provider.key.source === 'constant';
	const hasStoredKey = provider.key.source === 'database';
	const hasKey = provider.key.source !== 'none';
	const isBusy = busy !== undefined;
	const changed = (name: string) =>
		(settings[name] ?? '') !== (provider.settings[name] ?? '');
	const settingsChanged = provider.fields.some((field) =>
		changed(field.name)
	);
	// Keys are bound to the endpoint they were checked with: a new one needs the key again, and
	// one from the environment, wp-config or the network can't be sent elsewhere from here.
	const bindsKey = (field: Provider['fields'][number]) =>
		field.binds_key ?? field.type === 'url';
	const endpointLocked = ['locked', 'network'].includes(
		endpointChange(provider)
	);
	const endpointChanged = provider.fields.some(
		(field) =>
			(field.binds_key ?? field.type === 'url') && changed(field.name)
	);
	// Azure's endpoint or a local server's URL: nothing works until they are filled in.
	const needsConnection = provider.fields.some(
		(field) => field.required && field.default === ''
	);

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
					<TextControl
						ref={keyField}
						__next40pxDefaultSize
						__nextHasNoMarginBottom
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

			<details
				className="byok-ai-provider__connection"
				open={needsConnection}
			>
				<summary>{__('Connection settings', 'byok-ai')}</summary>
				<form
					className="byok-ai-provider__connection-form"
					onSubmit={async (event) => {
						event.preventDefault();
						await actions.saveSettings(provider.id, settings);
					}}
				>
					{provider.fields.map((field) => (
						<TextControl
							key={field.name}
							__next40pxDefaultSize
							__nextHasNoMarginBottom
							label={field.label}
							help={
								field.locked_by
									? sprintf(
											/* translators: %s: environment variable or constant name. */
											__(
												'Set by %s in the environment or wp-config.php; change it there.',
												'byok-ai'
											),
											field.locked_by
										)
									: field.help
							}
							type={field.type === 'url' ? 'url' : 'text'}
							value={settings[field.name] ?? ''}
							placeholder={field.default}
							onChange={(value: string) =>
								setSettings((current) => ({
									...current,
									[field.name]: value,
								}))
							}
							disabled={
								isBusy ||
								Boolean(field.locked_by) ||
								(endpointLocked && bindsKey(field))
							}
						/>
					))}
					{(endpointLocked || endpointChanged) &&
						endpointMessage(provider) !== null && (
							<Notice
								status={endpointLocked ? 'info' : 'warning'}
								isDismissible={false}
							>
								{endpointMessage(provider)}
							</Notice>
						)}
					<div>
						<Button
							__next40pxDefaultSize
							variant="secondary"
							type="submit"
							isBusy={busy === 'saving-settings'}
							disabled={isBusy || !settingsChanged}
						>
							{__('Save connection settings', 'byok-ai')}
						</Button>
					</div>
				</form>
			</details>

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
							__next40pxDefaultSize
							variant="tertiary"
							onClick={() => setConfirmRemove(false)}
						>
							{__('Cancel', 'byok-ai')}
						</Button>
						<Button
							__next40pxDefaultSize
							variant="primary"
							isDestructive
							onClick={async () => {
								setConfirmRemove(false);
								await actions.removeKey(provider.id);
								setFocusKeyField(true);
							}}
						>
							{__('Remove key', 'byok-ai')}
						</Button>
					</div>
				</Modal>
			)}
		</div>
	);
}

/**
 * What changing the endpoint does to the key, from the server when it says (older servers
 * don't: then from where the key comes from).
 * @param provider
 */
function endpointChange(provider: Provider): EndpointChange {
	if (provider.endpoint_change !== undefined) {
		return provider.endpoint_change;
	}
	switch (provider.key.source) {
		case 'database':
			return 'reenter';
		case 'environment':
		case 'constant':
			return 'locked';
	}
	return 'none';
}

/**
 * Says what a new endpoint means for the key: a key goes only to the endpoint it belongs to.
 * @param provider
 */
function endpointMessage(provider: Provider): string | null {
	switch (endpointChange(provider)) {
		case 'reenter':
			return sprintf(
				/* translators: %s: provider name. */
				__(
					'The stored %s key is only sent to the endpoint it was checked with. After saving a new endpoint, enter the key again.',
					'byok-ai'
				),
				provider.label
			);
		case 'locked':
			return sprintf(
				/* translators: %s: environment variable or constant name. */
				__(
					'The key from %s is only sent to the provider’s own endpoint, or to one that is also set in the environment or wp-config.php. Change the endpoint there.',
					'byok-ai'
				),
				provider.key.variable
			);
		case 'network':
			return sprintf(
				/* translators: %s: provider name. */
				__(
					'%s uses the network’s key. Only a network administrator can decide where it is sent.',
					'byok-ai'
				),
				provider.label
			);
	}
	return null;
}
