/**
 * An open provider row's "Connection settings" (base URL and the like), and what a new endpoint
 * means for the key.
 */
import { Button, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { TextInput } from '../../../components/controls';
import type { EndpointChange, Provider } from '../../../lib/types';
import type { Busy } from '../../state';

export interface ConnectionSettingsProps {
	provider: Provider;
	busy: Busy | undefined;
	onSave: (settings: Record<string, string>) => Promise<unknown>;
}

export function ConnectionSettings({
	provider,
	busy,
	onSave,
}: ConnectionSettingsProps) {
	const [settings, setSettings] = useState<Record<string, string>>(
		provider.settings
	);
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
		(field) => bindsKey(field) && changed(field.name)
	);
	// Azure's endpoint or a local server's URL: nothing works until they are filled in.
	const needsConnection = provider.fields.some(
		(field) => field.required && field.default === ''
	);

	return (
		<details
			className="byok-ai-provider__connection"
			open={needsConnection}
		>
			<summary>{__('Connection settings', 'byok-ai')}</summary>
			<form
				className="byok-ai-provider__connection-form"
				onSubmit={async (event) => {
					event.preventDefault();
					await onSave(settings);
				}}
			>
				{provider.fields.map((field) => (
					<TextInput
						key={field.name}
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
