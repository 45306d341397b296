/**
 * What visitors see, drawn like the front end's form (Block::form(), same classes) but inert:
 * trying the assistant happens in TryIt, below it.
 */
import { VisuallyHidden } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { AssistantAttributes } from '../../lib/types';
import { defaultButtonText, defaultLabel } from './wording';

export interface FormPreviewProps {
	/** Prefix of the ids the labels point at, unique on the page. */
	idPrefix: string;
	attributes: AssistantAttributes;
}

export function FormPreview({ idPrefix, attributes }: FormPreviewProps) {
	const buttonText =
		attributes.buttonText || defaultButtonText(attributes.mode);
	const inputId = `${idPrefix}-preview-question`;

	return (
		<>
			<VisuallyHidden as="p">
				{__('Preview of the form visitors see.', 'byok-ai')}
			</VisuallyHidden>
			{/* A picture of the form: hidden from assistive technology, out of the tab order. */}
			<div className="byok-ai-assistant__form" aria-hidden="true">
				{attributes.mode === 'ask' && (
					<>
						<label
							className="byok-ai-assistant__label"
							htmlFor={inputId}
						>
							{attributes.label || defaultLabel()}
						</label>
						<textarea
							className="byok-ai-assistant__question"
							id={inputId}
							rows={3}
							placeholder={attributes.placeholder || undefined}
							readOnly
							tabIndex={-1}
						/>
						{attributes.suggestions.length > 0 && (
							<div className="byok-ai-assistant__suggestions">
								{attributes.suggestions.map((text, index) => (
									<button
										// Suggestions may repeat; their place is their identity.
										key={index}
										type="button"
										className="byok-ai-assistant__suggestion"
										tabIndex={-1}
									>
										{text}
									</button>
								))}
							</div>
						)}
					</>
				)}
				<div className="byok-ai-assistant__actions">
					<button
						type="button"
						className="byok-ai-assistant__submit wp-element-button"
						tabIndex={-1}
					>
						{buttonText}
					</button>
				</div>
			</div>
		</>
	);
}
