/**
 * The answer area of a "Try it" panel: the error, the answer as it streams in (a live region
 * titled "Answer"), and what is known once it ended. Shared by the settings page and the block's
 * preview on the canvas, which style it under their own class names. With it, the Stop button
 * and the waiting note that follow each panel's own send button.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import type { ReactNode } from 'react';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { RestError, StreamDone } from '../lib/types';
import type { StreamedAnswerState } from '../lib/use-streamed-answer';

export interface StreamedAnswerProps {
	state: StreamedAnswerState;
	onDismissError: () => void;
	/** The id of the "Answer" title, unique on the page. */
	titleId: string;
	/** The title's element: a heading where the page's outline has room for one. */
	titleAs?: 'p' | 'h3';
	/** Prefix of the class names: `${block}__answer-title`, `${block}__meta`. */
	block: string;
	/** The answer's class name; `${block}__answer` unless given. */
	answerClassName?: string;
	/** What to show under a complete answer. */
	renderDone?: (done: StreamDone) => ReactNode;
}

export function StreamedAnswer({
	state,
	onDismissError,
	titleId,
	titleAs: Title = 'p',
	block,
	answerClassName = `${block}__answer`,
	renderDone,
}: StreamedAnswerProps) {
	const busy = isBusy(state);
	return (
		<>
			{state.error && (
				<Notice status="error" onRemove={onDismissError}>
					{errorText(state.error)}
				</Notice>
			)}

			<Title className={`${block}__answer-title`} id={titleId}>
				{__('Answer', 'byok-ai')}
			</Title>
			{/* Text only: model output is untrusted and never parsed as HTML. */}
			<div
				className={answerClassName}
				role="region"
				aria-labelledby={titleId}
				aria-live="polite"
				// Screen readers wait for the whole answer instead of reading every chunk.
				aria-busy={busy}
			>
				{state.text}
			</div>
			{state.status === 'done' && state.done && renderDone?.(state.done)}
			{state.status === 'stopped' && (
				<p className={`${block}__meta`}>{__('Stopped.', 'byok-ai')}</p>
			)}
		</>
	);
}

/**
 * The Stop button, and "Waiting for the first words…" while no text has arrived yet: what
 * follows the panel's own send button.
 * @param props
 * @param props.state
 * @param props.onStop
 * @param props.block    Prefix of the class name: `${block}__waiting`.
 * @param props.next40px Whether the button is 40px high, to match a send button that is.
 */
export function StreamedAnswerStop({
	state,
	onStop,
	block,
	next40px = false,
}: {
	state: StreamedAnswerState;
	onStop: () => void;
	block: string;
	next40px?: boolean;
}) {
	return (
		<>
			<Button
				__next40pxDefaultSize={next40px}
				variant="secondary"
				onClick={onStop}
				disabled={!isBusy(state)}
			>
				{__('Stop', 'byok-ai')}
			</Button>
			{state.status === 'waiting' && (
				<span className={`${block}__waiting`} role="status">
					<Spinner />
					{__('Waiting for the first words…', 'byok-ai')}
				</span>
			)}
		</>
	);
}

/**
 * Whether an answer is on its way (sent, or streaming).
 * @param state
 */
export function isBusy(state: StreamedAnswerState): boolean {
	return state.status === 'waiting' || state.status === 'streaming';
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
