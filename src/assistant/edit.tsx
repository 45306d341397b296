/**
 * The block in the editor: its settings in the sidebar, a picture of the visitors' form and a
 * "Try it" area on the canvas; or, while the site can't answer, what to do about it.
 */
import { InspectorControls, useBlockProps } from '@wordpress/block-editor';
import type { BlockEditProps } from '@wordpress/blocks';
import { Button, Notice, Placeholder, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import type { AssistantAttributes } from '../lib/types';
import { useBlockId } from './components/block-id';
import { FormPreview } from './components/FormPreview';
import { Inspector } from './components/Inspector';
import { KeySetup } from './components/KeySetup';
import { TryIt } from './components/TryIt';
import { useAssistantOptions } from './components/use-assistant-options';

export type EditProps = BlockEditProps<AssistantAttributes>;

export function Edit({ attributes, setAttributes, clientId }: EditProps) {
	useBlockId(clientId, attributes.blockId, setAttributes);
	const [state, reload] = useAssistantOptions();
	// The front end's wrapper class for the mode, so view.css draws the form the same way.
	const blockProps = useBlockProps({
		className: `is-mode-${attributes.mode}`,
	});
	const idPrefix = `byok-ai-${clientId}`;

	if (state.status === 'loading') {
		return (
			<div {...blockProps}>
				<Frame>
					<p className="byok-ai-assistant__status" role="status">
						<Spinner />
						{__('Loading the assistant’s settings…', 'byok-ai')}
					</p>
				</Frame>
			</div>
		);
	}

	if (state.status === 'error') {
		return (
			<div {...blockProps}>
				<Frame>
					<Notice status="error" isDismissible={false}>
						{state.error.data?.status === 403
							? __(
									'You are not allowed to use AI on this site.',
									'byok-ai'
								)
							: state.error.message}
					</Notice>
					{state.error.data?.status !== 403 && (
						<Button variant="secondary" onClick={reload}>
							{__('Try again', 'byok-ai')}
						</Button>
					)}
				</Frame>
			</div>
		);
	}

	const { options } = state;
	if (!options.usable) {
		return (
			<div {...blockProps}>
				<Frame>
					{options.can_manage ? (
						<KeySetup onSaved={reload} />
					) : (
						<Notice status="warning" isDismissible={false}>
							{__(
								'An administrator needs to add an AI provider key on Settings → BYOK AI before this assistant can answer.',
								'byok-ai'
							)}
						</Notice>
					)}
				</Frame>
			</div>
		);
	}

	return (
		<>
			<InspectorControls>
				<Inspector
					attributes={attributes}
					setAttributes={setAttributes}
					options={options}
				/>
			</InspectorControls>
			<div {...blockProps}>
				<FormPreview idPrefix={idPrefix} attributes={attributes} />
				<TryIt
					idPrefix={idPrefix}
					attributes={attributes}
					limits={options.limits}
				/>
			</div>
		</>
	);
}

/**
 * The block's placeholder frame, with its name and icon as in the inserter.
 * @param props
 * @param props.children
 */
function Frame({ children }: { children: ReactNode }) {
	return (
		<Placeholder
			icon="format-chat"
			label={__('AI Assistant', 'byok-ai')}
			className="byok-ai-assistant__placeholder"
		>
			<div className="byok-ai-assistant__placeholder-body">
				{children}
			</div>
		</Placeholder>
	);
}
