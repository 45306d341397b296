/**
 * One provider in the list: its name, whether it is connected (badge), which key it uses and
 * where that key comes from (with its mask), and a button that opens the row to edit it.
 */
import { Button, Notice } from '@wordpress/components';
import { useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { badgeLabel, keySummary, keyTone } from './KeyStatus';
import { ProviderDetails, type ProviderPartProps } from './ProviderDetails';

export interface ProviderRowProps extends ProviderPartProps {
	/** Whether the row is open for editing. */
	expanded: boolean;
	onExpandedChange: (expanded: boolean) => void;
}

export function ProviderRow({
	expanded,
	onExpandedChange,
	...part
}: ProviderRowProps) {
	const { provider, notice, actions } = part;
	const toggle = useRef<HTMLButtonElement>(null);
	const titleId = `byok-ai-provider-${provider.id}-title`;
	const detailsId = `byok-ai-provider-${provider.id}-details`;
	const tone = keyTone(provider.key.status);
	const badge = badgeLabel(provider.key);

	let toggleText: string;
	let toggleName: string;
	if (expanded) {
		toggleText = __('Close', 'byok-ai');
		/* translators: %s: provider name. */
		toggleName = sprintf(__('Close %s', 'byok-ai'), provider.label);
	} else if (tone === 'none' && provider.requires_key) {
		toggleText = __('Set up', 'byok-ai');
		/* translators: %s: provider name. */
		toggleName = sprintf(__('Set up %s', 'byok-ai'), provider.label);
	} else {
		toggleText = __('Edit', 'byok-ai');
		/* translators: %s: provider name. */
		toggleName = sprintf(__('Edit %s', 'byok-ai'), provider.label);
	}

	return (
		<li
			className={`byok-ai-provider byok-ai-provider--${tone}${
				expanded ? ' is-expanded' : ''
			}`}
		>
			<div
				className="byok-ai-provider__inner"
				role="group"
				aria-labelledby={titleId}
			>
				<div className="byok-ai-provider__header">
					<div className="byok-ai-provider__heading">
						<h3 className="byok-ai-provider__title" id={titleId}>
							{provider.label}
						</h3>
						<p className="byok-ai-provider__summary">
							{keySummary(provider.key, provider.requires_key)}
						</p>
					</div>
					<div className="byok-ai-provider__aside">
						{badge !== null && (
							<span
								className={`byok-ai-badge byok-ai-badge--${tone}`}
								data-status={provider.key.status}
							>
								{badge}
							</span>
						)}
						<Button
							ref={toggle}
							__next40pxDefaultSize
							// Like Connectors: an outlined button only where something is to be set up.
							variant={
								!expanded &&
								tone === 'none' &&
								provider.requires_key
									? 'secondary'
									: 'tertiary'
							}
							aria-expanded={expanded}
							aria-controls={expanded ? detailsId : undefined}
							aria-label={toggleName}
							onClick={() => onExpandedChange(!expanded)}
						>
							{toggleText}
						</Button>
					</div>
				</div>

				{/* A closed row still says what its last action did. */}
				{!expanded && notice && (
					<Notice
						status={notice.status}
						onRemove={() => actions.dismiss(provider.id)}
					>
						{notice.message}
					</Notice>
				)}

				{expanded && (
					<ProviderDetails
						{...part}
						id={detailsId}
						onKeySaved={() => {
							onExpandedChange(false);
							toggle.current?.focus();
						}}
					/>
				)}
			</div>
		</li>
	);
}
