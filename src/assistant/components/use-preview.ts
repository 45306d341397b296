/**
 * The canvas's "Try it": one streamed preview answer at a time, stoppable, from the block's
 * unsaved settings and the post's content as it is in the editor.
 */
import { useRegistry, useSelect } from '@wordpress/data';
import { useCallback } from '@wordpress/element';
import { streamPreview } from '../../lib/assistant';
import type { AssistantAttributes } from '../../lib/types';
import {
	useStreamedAnswer,
	type StreamedAnswerState,
} from '../../lib/use-streamed-answer';

export type PreviewState = StreamedAnswerState;

export interface PreviewActions {
	/** Streams an answer; `question` is ignored in summarize mode. */
	send: (attributes: AssistantAttributes, question: string) => Promise<void>;
	stop: () => void;
	dismissError: () => void;
}

/** What the post editor's store offers; absent in the widgets editor. */
interface EditorSelectors {
	getCurrentPostId?: () => unknown;
	getEditedPostContent?: () => unknown;
}

/**
 * The id of the post being edited, or null where there is none to preview against (the widgets
 * editor, a template in the site editor).
 */
export function usePostId(): number | null {
	return useSelect((_select, registry) => {
		const editor = registry.select('core/editor') as
			EditorSelectors | undefined;
		const id = editor?.getCurrentPostId?.();
		return typeof id === 'number' && Number.isInteger(id) && id > 0
			? id
			: null;
	}, []);
}

export function usePreview(
	postId: number | null
): [PreviewState, PreviewActions] {
	// Removing the block (or leaving the editor) stops the request and its cost.
	const [state, { send: stream, stop, dismissError }] = useStreamedAnswer();
	const registry = useRegistry();

	const send = useCallback(
		async (attributes: AssistantAttributes, question: string) => {
			if (postId === null) {
				return;
			}
			await stream((handlers) => {
				const editor = registry.select('core/editor') as
					EditorSelectors | undefined;
				// Read at the time of the click: the preview answers from the unsaved post.
				const content = editor?.getEditedPostContent?.();
				return streamPreview(
					{
						post: postId,
						attributes,
						content: typeof content === 'string' ? content : '',
						...(attributes.mode === 'ask'
							? { question: question.trim() }
							: {}),
					},
					handlers
				);
			});
		},
		[postId, registry, stream]
	);

	return [state, { send, stop, dismissError }];
}
