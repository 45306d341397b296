/**
 * The canvas's "Try it": one streamed preview answer at a time, stoppable, from the block's
 * unsaved settings and the post's content as it is in the editor.
 */
import { useRegistry, useSelect } from '@wordpress/data';
import { useCallback, useEffect, useReducer, useRef } from '@wordpress/element';
import { streamPreview } from '../../lib/assistant';
import type { AssistantAttributes } from '../../lib/types';
import {
	initialTryIt,
	tryItReducer,
	type TryItState,
} from '../../settings/use-try-it';

export type PreviewState = TryItState;

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
	const [state, dispatch] = useReducer(tryItReducer, initialTryIt);
	const registry = useRegistry();
	const controller = useRef<AbortController | null>(null);
	const mounted = useRef(true);

	useEffect(() => {
		mounted.current = true;
		return () => {
			// Removing the block (or leaving the editor) stops the request and its cost.
			mounted.current = false;
			controller.current?.abort();
		};
	}, []);

	const send = useCallback(
		async (attributes: AssistantAttributes, question: string) => {
			if (postId === null) {
				return;
			}
			controller.current?.abort();
			const own = new AbortController();
			controller.current = own;
			dispatch({ type: 'SEND' });

			const editor = registry.select('core/editor') as
				EditorSelectors | undefined;
			// Read at the time of the click: the preview answers from the unsaved post.
			const content = editor?.getEditedPostContent?.();
			const end = await streamPreview(
				{
					post: postId,
					attributes,
					content: typeof content === 'string' ? content : '',
					...(attributes.mode === 'ask'
						? { question: question.trim() }
						: {}),
				},
				{
					signal: own.signal,
					onStart: (start) => dispatch({ type: 'START', start }),
					onDelta: (text) => dispatch({ type: 'DELTA', text }),
					onDone: (done) => dispatch({ type: 'DONE', done }),
					onError: (error) => dispatch({ type: 'ERROR', error }),
				}
			);

			if (controller.current !== own) {
				// Replaced by a newer request, which owns the state now.
				return;
			}
			controller.current = null;
			if (mounted.current && end === 'aborted') {
				dispatch({ type: 'STOPPED' });
			}
		},
		[postId, registry]
	);

	const stop = useCallback(() => controller.current?.abort(), []);
	const dismissError = useCallback(() => dispatch({ type: 'DISMISS' }), []);

	return [state, { send, stop, dismissError }];
}
