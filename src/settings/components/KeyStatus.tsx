/**
 * A key's status in words: the badge and one-line summary of a provider's row, and the details
 * (mask, last validation, where it comes from) shown when the row is open.
 */
import { __, sprintf } from '@wordpress/i18n';
import type { KeyState, KeyStatus as Status } from '../../lib/types';

/**
 * The status in words. Takes any string, so that statuses a newer server sends ("damaged",
 * "secret_changed") read well before the types list them.
 * @param status
 */
export function statusLabel(status: Status | string): string {
	switch (status) {
		case 'valid':
			return __('Valid', 'byok-ai');
		case 'invalid':
			return __('Invalid', 'byok-ai');
		case 'not_validated':
			return __('Not validated', 'byok-ai');
		case 'undecryptable':
			return __('Can’t be decrypted', 'byok-ai');
		case 'damaged':
			return __('Damaged', 'byok-ai');
		case 'secret_changed':
			return __('Secret changed', 'byok-ai');
		case 'endpoint_changed':
			return __('Endpoint changed', 'byok-ai');
		case 'environment':
			return __('From environment', 'byok-ai');
		case 'constant':
			return __('From wp-config', 'byok-ai');
		case 'missing':
			return __('No key', 'byok-ai');
	}
	return status;
}

/** How a row's badge looks: connected, needs attention, broken, or no badge at all. */
export type KeyTone = 'connected' | 'warning' | 'error' | 'none';

/**
 * The tone of a key's status; any status this code doesn't know is treated as broken.
 * @param status
 */
export function keyTone(status: Status | string): KeyTone {
	switch (status) {
		case 'valid':
		case 'environment':
		case 'constant':
			return 'connected';
		case 'not_validated':
			return 'warning';
		case 'missing':
			return 'none';
	}
	return 'error';
}

/**
 * Tells whether the stored key can't be used as it is (testing it again can't help): it can't
 * be decrypted, or the endpoint changed since it was entered.
 * @param status
 */
export function needsNewKey(status: Status | string): boolean {
	return [
		'undecryptable',
		'damaged',
		'secret_changed',
		'endpoint_changed',
	].includes(status);
}

/**
 * The badge next to a provider's name, or null when it has no key.
 * @param state
 */
export function badgeLabel(state: KeyState): string | null {
	switch (keyTone(state.status)) {
		case 'connected':
			return __('Connected', 'byok-ai');
		case 'none':
			return null;
	}
	return state.status === 'invalid'
		? __('Invalid key', 'byok-ai')
		: statusLabel(state.status);
}

/**
 * One line saying which key the provider uses and where it comes from, with its mask.
 * @param state
 * @param requiresKey
 */
export function keySummary(state: KeyState, requiresKey: boolean): string {
	const hint = state.hint ?? '';
	switch (state.source) {
		case 'environment':
			return sprintf(
				/* translators: 1: masked key, e.g. "sk-…WXYZ", 2: environment variable name. */
				__('Key %1$s from the %2$s environment variable', 'byok-ai'),
				hint,
				state.variable
			);
		case 'constant':
			return sprintf(
				/* translators: 1: masked key, e.g. "sk-…WXYZ", 2: constant name. */
				__(
					'Key %1$s from the %2$s constant in wp-config.php',
					'byok-ai'
				),
				hint,
				state.variable
			);
		case 'database':
			return sprintf(
				/* translators: %s: masked key, e.g. "sk-…WXYZ". */
				__('Key %s, stored encrypted on this site', 'byok-ai'),
				hint
			);
	}
	return requiresKey
		? __('No key yet', 'byok-ai')
		: __('No key needed (a local server, for instance)', 'byok-ai');
}

export function formatTime(iso: string | null): string | null {
	if (!iso) {
		return null;
	}
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? null : date.toLocaleString();
}

export function KeyStatus({ state }: { state: KeyState }) {
	const checked = formatTime(state.validated_at);
	return (
		<dl className="byok-ai-key-status">
			<dt>{__('Status', 'byok-ai')}</dt>
			<dd>
				<span
					className={`byok-ai-badge byok-ai-badge--${state.status}`}
					data-status={state.status}
				>
					{statusLabel(state.status)}
				</span>
			</dd>
			{state.hint && (
				<>
					<dt>{__('Key', 'byok-ai')}</dt>
					<dd>
						<code className="byok-ai-key-hint">{state.hint}</code>
					</dd>
				</>
			)}
			{checked && (
				<>
					<dt>{__('Last validated', 'byok-ai')}</dt>
					<dd>{checked}</dd>
				</>
			)}
			{state.endpoint && (
				<>
					<dt>{__('Sent only to', 'byok-ai')}</dt>
					<dd>
						<code>{state.endpoint}</code>
					</dd>
				</>
			)}
			{state.endpoint_now && state.endpoint_now !== state.endpoint && (
				<>
					<dt>{__('Requests go to', 'byok-ai')}</dt>
					<dd>
						<code>{state.endpoint_now}</code>
					</dd>
				</>
			)}
			{(state.source === 'environment' ||
				state.source === 'constant') && (
				<dd className="byok-ai-key-source">
					{state.source === 'environment'
						? sprintf(
								/* translators: %s: environment variable name. */
								__(
									'Set by the %s environment variable; change it there.',
									'byok-ai'
								),
								state.variable
							)
						: sprintf(
								/* translators: %s: constant name. */
								__(
									'Set by the %s constant in wp-config.php; change it there.',
									'byok-ai'
								),
								state.variable
							)}
				</dd>
			)}
		</dl>
	);
}
