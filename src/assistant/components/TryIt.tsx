/**
 * "Try it" on the canvas: the author asks (or summarizes) with the block's unsaved settings and
 * reads the answer visitors would get. Only shown in the editor.
 */
import {
	Button,
	Notice,
	Spinner,
	TextareaControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type {
	AssistantAttributes,
	AssistantLimits,
	RestError,
} from '../../lib/types';
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
	const busy = state.status === 'waiting' || state.status === 'streaming';
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
						<Button
							variant="secondary"
							onClick={actions.stop}
							disabled={!busy}
						>
							{__('Stop', 'byok-ai')}
						</Button>
						{state.status === 'waiting' && (
							<span
								className="byok-ai-assistant-try__waiting"
								role="status"
							>
								<Spinner />
								{__('Waiting for the first words…', 'byok-ai')}
							</span>
						)}
					</div>
				</form>
			)}

			{state.error && (
				<Notice status="error" onRemove={actions.dismissError}>
					{errorText(state.error)}
				</Notice>
			)}

			<p className="byok-ai-assistant-try__answer-title" id={answerId}>
				{__('Answer', 'byok-ai')}
			</p>
			{/* Text only: model output is untrusted and never parsed as HTML. */}
			<div
				className="byok-ai-assistant-try__answer"
				role="region"
				aria-labelledby={answerId}
				aria-live="polite"
				// Screen readers wait for the whole answer instead of reading every chunk.
				aria-busy={busy}
			>
				{state.text}
			</div>
			{state.status === 'stopped' && (
				<p className="byok-ai-assistant-try__meta">
					{__('Stopped.', 'byok-ai')}
				</p>
			)}
			{state.status === 'done' &&
				state.done?.finish_reason === 'length' && (
					<p className="byok-ai-assistant-try__meta">
						{__(
							'The answer reached its maximum length and was cut short.',
							'byok-ai'
						)}
					</p>
				)}
		</div>
	);
}

/**
 * The server's message as is, with when to try again if the server said.
 * @param error
 */
function errorText(error: RestError): string {
	const wait = error.data?.retry_after;
	if (typeof wait !== 'number' || wait <= 0) {
		return error.message;
	}
	const seconds = Math.ceil(wait);
	return `${error.message} ${sprintf(
		/* translators: %d: number of seconds. */
		_n(
			'Try again in %d second.',
			'Try again in %d seconds.',
			seconds,
			'byok-ai'
		),
		seconds
	)}`;
}
