/**
 * The block's settings in the sidebar, within what the administrator allows. The model and the
 * suggested questions have their parts in inspector/.
 */
import {
	PanelBody,
	TextareaControl,
	ToggleControl,
} from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { SelectInput, TextInput } from '../../components/controls';
import type {
	AssistantAttributes,
	AssistantMode,
	AssistantOptions,
} from '../../lib/types';
import { Fields } from './inspector/Fields';
import { ModelSettings } from './inspector/ModelSettings';
import { Suggestions } from './inspector/Suggestions';
import { defaultButtonText, defaultLabel } from './wording';

export interface InspectorProps {
	attributes: AssistantAttributes;
	setAttributes: (attributes: Partial<AssistantAttributes>) => void;
	options: AssistantOptions;
}

export function Inspector({
	attributes,
	setAttributes,
	options,
}: InspectorProps) {
	const { limits } = options;
	const ask = attributes.mode === 'ask';

	return (
		<>
			<PanelBody title={__('Assistant', 'byok-ai')}>
				<Fields>
					<SelectInput
						label={__('Mode', 'byok-ai')}
						value={attributes.mode}
						options={[
							{
								value: 'ask',
								label: __(
									'Answer visitors’ questions',
									'byok-ai'
								),
							},
							{
								value: 'summarize',
								label: __('Summarize the post', 'byok-ai'),
							},
						]}
						onChange={(value: string) =>
							setAttributes({
								mode:
									value === 'summarize' ? 'summarize' : 'ask',
							})
						}
						help={modeHelp(attributes.mode)}
					/>
					{ask && (
						<ToggleControl
							__nextHasNoMarginBottom
							label={__(
								'Answer from this post’s content',
								'byok-ai'
							)}
							checked={attributes.grounded}
							onChange={(grounded: boolean) =>
								setAttributes({ grounded })
							}
							help={
								attributes.grounded
									? __(
											'Answers draw on the post’s text and say so when it doesn’t cover a question.',
											'byok-ai'
										)
									: __(
											'Answers come from the model’s general knowledge; the post is not sent.',
											'byok-ai'
										)
							}
						/>
					)}
					<TextareaControl
						__nextHasNoMarginBottom
						label={__('Instructions', 'byok-ai')}
						value={attributes.instructions}
						onChange={(instructions: string) =>
							setAttributes({ instructions })
						}
						maxLength={limits.instructions}
						rows={4}
						help={sprintf(
							/* translators: %s: maximum number of characters. */
							__(
								'Optional: tone, audience or rules for the answers, e.g. “Answer in two sentences for beginners.” Up to %s characters. Visitors don’t see them.',
								'byok-ai'
							),
							limits.instructions.toLocaleString()
						)}
					/>
				</Fields>
			</PanelBody>

			<PanelBody title={__('AI model', 'byok-ai')} initialOpen={false}>
				<Fields>
					<ModelSettings
						attributes={attributes}
						setAttributes={setAttributes}
						options={options}
					/>
				</Fields>
			</PanelBody>

			<PanelBody title={__('Wording', 'byok-ai')} initialOpen={false}>
				<Fields>
					{ask && (
						<>
							<TextInput
								label={__('Label', 'byok-ai')}
								value={attributes.label}
								placeholder={defaultLabel()}
								onChange={(label: string) =>
									setAttributes({ label })
								}
								maxLength={limits.label}
							/>
							<TextInput
								label={__('Placeholder', 'byok-ai')}
								value={attributes.placeholder}
								onChange={(placeholder: string) =>
									setAttributes({ placeholder })
								}
								maxLength={limits.label}
								help={__(
									'Optional hint shown in the empty question field.',
									'byok-ai'
								)}
							/>
						</>
					)}
					<TextInput
						label={__('Button text', 'byok-ai')}
						value={attributes.buttonText}
						placeholder={defaultButtonText(attributes.mode)}
						onChange={(buttonText: string) =>
							setAttributes({ buttonText })
						}
						maxLength={limits.label}
						help={__(
							'Leave empty for the default wording.',
							'byok-ai'
						)}
					/>
				</Fields>
			</PanelBody>

			{ask && limits.suggestions > 0 && (
				<PanelBody
					title={__('Suggested questions', 'byok-ai')}
					initialOpen={false}
				>
					<Fields>
						<Suggestions
							value={attributes.suggestions}
							limit={limits.suggestions}
							maxLength={limits.suggestion}
							onChange={(suggestions) =>
								setAttributes({ suggestions })
							}
						/>
					</Fields>
				</PanelBody>
			)}
		</>
	);
}

function modeHelp(mode: AssistantMode): string {
	return mode === 'summarize'
		? __(
				'Visitors get one button that summarizes the post. The summary is kept until the post or these settings change.',
				'byok-ai'
			)
		: __(
				'Visitors type a question, or pick a suggested one, and get an answer.',
				'byok-ai'
			);
}
