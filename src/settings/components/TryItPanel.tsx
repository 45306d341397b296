/**
 * "Try it": sends one prompt through the proxy, as the editor would, and streams the answer.
 */
import { Button, Notice, TextareaControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	isBusy,
	StreamedAnswer,
	StreamedAnswerStop,
} from '../../components/StreamedAnswer';
import { SelectInput } from '../../components/controls';
import type { Provider, StreamDone } from '../../lib/types';
import { hasUsableKey, providerLabel } from '../providers';
import { useTryIt } from '../use-try-it';
import { Panel } from './Panel';

export interface TryItPanelProps {
	/** All providers, in the settings' order. */
	providers: Provider[];
	/** Called after each answer or failure. */
	onAnswered?: () => void;
}

export function TryItPanel({ providers, onAnswered }: TryItPanelProps) {
	const [state, actions] = useTryIt(onAnswered);
	const [provider, setProvider] = useState('');
	const [prompt, setPrompt] = useState('');

	const usable = providers.filter(hasUsableKey);
	const busy = isBusy(state);

	return (
		<Panel name="try" title={__('Try it', 'byok-ai')}>
			<p>
				{__(
					'Send a prompt through this site with its Rules, the way the editor does. It is billed to your key like any other request.',
					'byok-ai'
				)}
			</p>
			{usable.length === 0 && (
				<Notice status="warning" isDismissible={false}>
					{__(
						'No provider has a usable key yet. Add one under Providers first.',
						'byok-ai'
					)}
				</Notice>
			)}
			<form
				className="byok-ai-try__form"
				onSubmit={(event) => {
					event.preventDefault();
					if (!busy && prompt.trim() !== '') {
						actions.send(prompt, provider);
					}
				}}
			>
				<SelectInput
					label={__('Provider', 'byok-ai')}
					value={provider}
					options={[
						{
							value: '',
							label: __(
								'Automatic (primary, then fallbacks)',
								'byok-ai'
							),
						},
						...usable.map((item) => ({
							value: item.id,
							label: item.label,
						})),
					]}
					onChange={(value: string) => setProvider(value)}
					disabled={busy}
				/>
				<TextareaControl
					__nextHasNoMarginBottom
					label={__('Prompt', 'byok-ai')}
					value={prompt}
					onChange={(value: string) => setPrompt(value)}
					rows={4}
				/>
				<div className="byok-ai-try__actions">
					<Button
						__next40pxDefaultSize
						variant="primary"
						type="submit"
						isBusy={busy}
						disabled={busy || prompt.trim() === ''}
					>
						{__('Send', 'byok-ai')}
					</Button>
					<StreamedAnswerStop
						state={state}
						onStop={actions.stop}
						block="byok-ai-try"
						next40px
					/>
				</div>
			</form>

			<StreamedAnswer
				state={state}
				onDismissError={actions.dismissError}
				titleId="byok-ai-answer-title"
				titleAs="h3"
				block="byok-ai-try"
				answerClassName="byok-ai-answer"
				renderDone={(done) => (
					<AnswerMeta done={done} providers={providers} />
				)}
			/>
		</Panel>
	);
}

function AnswerMeta({
	done,
	providers,
}: {
	done: StreamDone;
	providers: Provider[];
}) {
	const failed = done.attempts.map((attempt) =>
		providerLabel(providers, attempt.provider)
	);
	return (
		<div className="byok-ai-try__meta">
			<p>
				{sprintf(
					/* translators: 1: provider name, 2: model id, 3: number of input tokens, 4: number of output tokens. */
					__(
						'Answered by %1$s (%2$s) · %3$s tokens in, %4$s out',
						'byok-ai'
					),
					providerLabel(providers, done.provider),
					done.model,
					done.usage.input_tokens.toLocaleString(),
					done.usage.output_tokens.toLocaleString()
				)}
			</p>
			{failed.length > 0 && (
				<p>
					{sprintf(
						/* translators: %s: comma-separated provider names. */
						__(
							'Fallback used: %s failed before this provider answered.',
							'byok-ai'
						),
						failed.join(', ')
					)}
				</p>
			)}
			{done.finish_reason === 'length' && (
				<p>
					{__(
						'The answer stopped at the maximum number of output tokens.',
						'byok-ai'
					)}
				</p>
			)}
			{done.finish_reason === 'content_filter' && (
				<p>
					{__(
						'The provider’s content filter stopped the answer.',
						'byok-ai'
					)}
				</p>
			)}
		</div>
	);
}
