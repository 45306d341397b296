/**
 * The block's "AI model" panel: provider, model and answer length, as the administrator allows.
 */
import { Notice, RangeControl, ToggleControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { SelectInput } from '../../../components/controls';
import type { InspectorProps } from '../Inspector';

/** Shortest answer length the server accepts; smaller values are raised to it. */
export const MIN_ANSWER_TOKENS = 16;

/** The stored length that means "as long as the site allows" (the block attribute's default). */
const SITE_MAXIMUM = 0;

/** Where the slider starts when the author turns the limit on. */
const DEFAULT_LIMIT = 512;

/**
 * Provider, model and answer length: only what can be called now, as the administrator allows.
 * @param props
 * @param props.attributes
 * @param props.setAttributes
 * @param props.options
 */
export function ModelSettings({
	attributes,
	setAttributes,
	options,
}: InspectorProps) {
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
			<SelectInput
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
			<SelectInput
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
