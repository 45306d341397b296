/**
 * "Try it" on the canvas: the author asks (or summarizes) with the block's unsaved settings and
 * reads the answer visitors would get. Only shown in the editor.
 */
import { Button, Notice, TextareaControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import {
	isBusy,
	StreamedAnswer,
	StreamedAnswerStop,
} from '../../components/StreamedAnswer';
import type { AssistantAttributes, AssistantLimits } from '../../lib/types';
import { ownAttributes } from './attributes';
import { usePostId, usePreview } from './use-preview';

export interface TryItProps {
	/** Prefix of the ids the labels point at, unique on the page. */
	idPrefix: string;
	attributes: AssistantAttributes;
	limits: AssistantLimits;
}

export function TryIt({ idPrefix, attributes, limits }: TryItProps) {
	const postId = usePostId();
	const [state, actions] = usePreview(postId);
	const [question, setQuestion] = useState('');
	const ask = attributes.mode === 'ask';
	const busy = isBusy(state);
	const ready = postId !== null && (!ask || question.trim() !== '');
	const titleId = `${idPrefix}-try-title`;
	const answerId = `${idPrefix}-answer-title`;

	return (
		<div
			className="byok-ai-assistant-try"
			role="group"
			aria-labelledby={titleId}
		>
			<p className="byok-ai-assistant-try__title" id={titleId}>
				{__('Try it', 'byok-ai')}
			</p>
			<p className="byok-ai-assistant-try__help">
				{__(
					'Only shown in the editor. The answer uses this block’s settings and the post as it is now, unsaved changes included, and is billed to the site’s key.',
					'byok-ai'
				)}
			</p>
			{postId === null ? (
				<Notice status="info" isDismissible={false}>
					{__(
						'Trying the assistant works while editing a post or a page.',
						'byok-ai'
					)}
				</Notice>
			) : (
				<form
					className="byok-ai-assistant-try__form"
					onSubmit={(event) => {
						event.preventDefault();
						if (!busy && ready) {
							actions.send(ownAttributes(attributes), question);
						}
					}}
				>
					{ask && (
						<TextareaControl
							__nextHasNoMarginBottom
							label={__('Question', 'byok-ai')}
							value={question}
							onChange={(value: string) => setQuestion(value)}
							maxLength={limits.question}
							rows={2}
						/>
					)}
					<div className="byok-ai-assistant-try__actions">
						<Button
							variant="primary"
							type="submit"
							isBusy={busy}
							disabled={busy || !ready}
						>
							{ask
								? __('Send', 'byok-ai')
								: __('Summarize', 'byok-ai')}
						</Button>
						<StreamedAnswerStop
							state={state}
							onStop={actions.stop}
							block="byok-ai-assistant-try"
						/>
					</div>
				</form>
			)}

			<StreamedAnswer
				state={state}
				onDismissError={actions.dismissError}
				titleId={answerId}
				block="byok-ai-assistant-try"
				renderDone={(done) =>
					done.finish_reason === 'length' && (
						<p className="byok-ai-assistant-try__meta">
							{__(
								'The answer reached its maximum length and was cut short.',
								'byok-ai'
							)}
						</p>
					)
				}
			/>
		</div>
	);
}
