/**
 * Asks before a stored key is deleted.
 */
import { Button, Modal } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

export interface RemoveKeyModalProps {
	/** The provider's name. */
	label: string;
	onCancel: () => void;
	onConfirm: () => void;
}

export function RemoveKeyModal({
	label,
	onCancel,
	onConfirm,
}: RemoveKeyModalProps) {
	return (
		<Modal
			title={sprintf(
				/* translators: %s: provider name. */
				__('Remove the %s key?', 'byok-ai'),
				label
			)}
			onRequestClose={onCancel}
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
					onClick={onCancel}
				>
					{__('Cancel', 'byok-ai')}
				</Button>
				<Button
					__next40pxDefaultSize
					variant="primary"
					isDestructive
					onClick={onConfirm}
				>
					{__('Remove key', 'byok-ai')}
				</Button>
			</div>
		</Modal>
	);
}
