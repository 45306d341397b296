/**
 * A key's status in words, with the mask and the last validation time.
 */
import { __, sprintf } from '@wordpress/i18n';
import type { KeyState, KeyStatus as Status } from '../../lib/types';

export function statusLabel(status: Status): string {
	switch (status) {
		case 'valid':
			return __('Valid', 'byok-ai');
		case 'invalid':
			return __('Invalid', 'byok-ai');
		case 'not_validated':
			return __('Not validated', 'byok-ai');
		case 'undecryptable':
			return __('Can’t be decrypted', 'byok-ai');
		case 'environment':
			return __('From environment', 'byok-ai');
		case 'constant':
			return __('From wp-config', 'byok-ai');
		case 'missing':
			return __('No key', 'byok-ai');
	}
	return status;
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
