/**
 * The block's settings in the sidebar, within what the administrator allows.
 */
import {
	Notice,
	PanelBody,
	RangeControl,
	SelectControl,
	TextControl,
	TextareaControl,
	ToggleControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import type { ReactNode } from 'react';
import { __, sprintf } from '@wordpress/i18n';
import type {
	AssistantAttributes,
	AssistantMode,
	AssistantOptions,
} from '../../lib/types';
import { cleanSuggestions } from './attributes';
import { defaultButtonText, defaultLabel } from './wording';

/** Shortest answer length the server accepts; smaller values are raised to it. */
export const MIN_ANSWER_TOKENS = 16;

/** The stored length that means "as long as the site allows" (the block attribute's default). */
const SITE_MAXIMUM = 0;

/** Where the slider starts when the author turns the limit on. */
const DEFAULT_LIMIT = 512;

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
					<SelectControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
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
							<TextControl
								__next40pxDefaultSize
								__nextHasNoMarginBottom
								label={__('Label', 'byok-ai')}
								value={attributes.label}
								placeholder={defaultLabel()}
								onChange={(label: string) =>
									setAttributes({ label })
								}
								maxLength={limits.label}
							/>
							<TextControl
								__next40pxDefaultSize
								__nextHasNoMarginBottom
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
					<TextControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
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

/**
 * A panel's controls, spaced by the panel rather than by each control's own bottom margin
 * (which @wordpress/components drops with __nextHasNoMarginBottom, its default from 7.0).
 * @param props
 * @param props.children
 */
function Fields({ children }: { children: ReactNode }) {
	return (
		<div className="byok-ai-assistant-inspector__fields">{children}</div>
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

/**
 * Provider, model and answer length: only what can be called now, as the administrator allows.
 * @param props
 * @param props.attributes
 * @param props.setAttributes
 * @param props.options
 */
function ModelSettings({ attributes, setAttributes, options }: InspectorProps) {
	const chosen = options.providers.find(
		(item) => item.id === attributes.provider
	);
	const unavailable = attributes.provider !== '' && chosen === undefined;
	const models = chosen?.models ?? [];
	const modelUnavailable =
		attributes.model !== '' && !models.includes(attributes.model);
	const cap = options.max_tokens_cap;
	const limited = attributes.maxTokens > SITE_MAXIMUM;
	const overCap = attributes.maxTokens > cap;

	return (
		<>
			<SelectControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				label={__('Provider', 'byok-ai')}
				value={attributes.provider}
				options={[
					{ value: '', label: __('Site default', 'byok-ai') },
					...options.providers.map((item) => ({
						value: item.id,
						label: item.label,
					})),
					// Keep a choice that is no longer offered visible, so it can be seen and changed.
					...(unavailable
						? [
								{
									value: attributes.provider,
									label: sprintf(
										/* translators: %s: provider id. */
										__('%s (not available)', 'byok-ai'),
										attributes.provider
									),
								},
							]
						: []),
				]}
				onChange={(provider: string) =>
					// Models belong to a provider: a new provider starts from its default.
					setAttributes({ provider, model: '' })
				}
				help={
					unavailable
						? __(
								'This provider can’t be used on this site now, so the site default answers instead. Choose another one to make it explicit.',
								'byok-ai'
							)
						: __(
								'The site default follows the administrator’s rules, fallbacks included.',
								'byok-ai'
							)
				}
			/>
			<SelectControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				label={__('Model', 'byok-ai')}
				value={attributes.model}
				disabled={chosen === undefined}
				options={[
					{
						value: '',
						label:
							models[0] !== undefined
								? sprintf(
										/* translators: %s: model id. */
										__('Default (%s)', 'byok-ai'),
										models[0]
									)
								: __('Default', 'byok-ai'),
					},
					...models.map((model) => ({ value: model, label: model })),
					...(modelUnavailable
						? [
								{
									value: attributes.model,
									label: sprintf(
										/* translators: %s: model id. */
										__('%s (not allowed)', 'byok-ai'),
										attributes.model
									),
								},
							]
						: []),
				]}
				onChange={(model: string) => setAttributes({ model })}
				help={modelHelp(chosen === undefined, modelUnavailable)}
			/>
			<ToggleControl
				__nextHasNoMarginBottom
				label={__('Limit the answer length', 'byok-ai')}
				checked={limited}
				onChange={(on: boolean) =>
					setAttributes({
						maxTokens: on
							? answerLength(DEFAULT_LIMIT, cap)
							: SITE_MAXIMUM,
					})
				}
				help={
					limited
						? undefined
						: sprintf(
								/* translators: %s: number of tokens. */
								__(
									'Answers may be as long as the site allows: %s tokens.',
									'byok-ai'
								),
								cap.toLocaleString()
							)
				}
			/>
			{limited && (
				<RangeControl
					__next40pxDefaultSize
					__nextHasNoMarginBottom
					label={__('Answer length (tokens)', 'byok-ai')}
					value={Math.min(attributes.maxTokens, cap)}
					min={Math.min(MIN_ANSWER_TOKENS, cap)}
					max={cap}
					step={1}
					onChange={(value?: number) => {
						// Cleared number field: keep the length until a number is typed.
						if (value !== undefined && Number.isFinite(value)) {
							setAttributes({
								maxTokens: answerLength(value, cap),
							});
						}
					}}
					help={lengthHelp(attributes.maxTokens, cap)}
				/>
			)}
			{overCap && (
				<Notice status="warning" isDismissible={false}>
					{sprintf(
						/* translators: 1: the block's answer length, 2: the site's maximum, both in tokens. */
						__(
							'This block asks for %1$s tokens, more than the site allows: answers stop at %2$s tokens.',
							'byok-ai'
						),
						attributes.maxTokens.toLocaleString(),
						cap.toLocaleString()
					)}
				</Notice>
			)}
		</>
	);
}

function modelHelp(noProvider: boolean, notAllowed: boolean): string {
	if (noProvider) {
		return __(
			'Choose a provider to choose its model. The site default uses its default model.',
			'byok-ai'
		);
	}
	if (notAllowed) {
		return __(
			'The administrator no longer allows this model, so the provider’s default answers instead.',
			'byok-ai'
		);
	}
	return __('The models the administrator allows.', 'byok-ai');
}

/**
 * A length from the slider or its number field, as stored: a whole number from
 * MIN_ANSWER_TOKENS to the cap. (SITE_MAXIMUM is only set by the toggle.)
 * @param value
 * @param cap
 */
export function answerLength(value: number, cap: number): number {
	return Math.min(Math.max(Math.round(value), MIN_ANSWER_TOKENS), cap);
}

function lengthHelp(tokens: number, cap: number): string {
	const shown = Math.min(tokens, cap);
	return sprintf(
		/* translators: 1: number of tokens, 2: approximate number of words. */
		__('Answers stop after %1$s tokens, about %2$s words.', 'byok-ai'),
		shown.toLocaleString(),
		Math.round(shown * 0.75).toLocaleString()
	);
}

interface SuggestionsProps {
	value: string[];
	limit: number;
	maxLength: number;
	onChange: (suggestions: string[]) => void;
}

/**
 * One field per suggested question. The fields keep what is typed (spaces, empty ones between);
 * the attribute gets the cleaned list at every change.
 * @param props
 * @param props.value
 * @param props.limit
 * @param props.maxLength
 * @param props.onChange
 */
function Suggestions({ value, limit, maxLength, onChange }: SuggestionsProps) {
	const [drafts, setDrafts] = useState<string[]>(() => pad(value, limit));

	// Undo, or another change from outside: show what is stored.
	useEffect(() => {
		setDrafts((current) =>
			same(cleanSuggestions(current, limit), value)
				? current
				: pad(value, limit)
		);
	}, [value, limit]);

	return (
		<>
			<p className="byok-ai-assistant-inspector__help">
				{sprintf(
					/* translators: %s: number of questions. */
					__(
						'Up to %s questions visitors can ask with one click. Empty fields are left out.',
						'byok-ai'
					),
					limit.toLocaleString()
				)}
			</p>
			{value.length > limit && (
				<Notice status="warning" isDismissible={false}>
					{sprintf(
						/* translators: %s: number of questions. */
						__('Only the first %s questions are shown.', 'byok-ai'),
						limit.toLocaleString()
					)}
				</Notice>
			)}
			{drafts.map((draft, index) => (
				<TextControl
					__next40pxDefaultSize
					__nextHasNoMarginBottom
					// The fields are positions: their order never changes.
					key={index}
					label={sprintf(
						/* translators: %d: position of the question, from 1. */
						__('Question %d', 'byok-ai'),
						index + 1
					)}
					value={draft}
					maxLength={maxLength}
					onChange={(text: string) => {
						const next = drafts.map((item, at) =>
							at === index ? text : item
						);
						setDrafts(next);
						onChange(cleanSuggestions(next, limit));
					}}
				/>
			))}
		</>
	);
}

function pad(value: string[], limit: number): string[] {
	const fields = value.slice(0, limit);
	while (fields.length < limit) {
		fields.push('');
	}
	return fields;
}

function same(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((item, index) => item === b[index]);
}
