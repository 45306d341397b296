/**
 * Client for the AI Assistant block's editor routes: what an author may choose, and the preview
 * that answers from the block's unsaved settings exactly as visitors would be answered.
 */
import apiFetch from '@wordpress/api-fetch';
import { ROOT } from './api';
import { streamChat, type StreamEnd, type StreamHandlers } from './chat';
import type { AssistantOptions, AssistantPreviewRequest } from './types';

const PATH = `${ROOT}/assistant`;

/**
 * Providers, models and limits for the block's settings. Rejects with what apiFetch rejected
 * with (a RestError for an HTTP error; see toRestError()).
 * @param signal
 */
export function fetchAssistantOptions(
	signal?: AbortSignal
): Promise<AssistantOptions> {
	return apiFetch<AssistantOptions>({
		path: `${PATH}/options`,
		...(signal && { signal }),
	});
}

/**
 * Streams a preview answer; the same events, handlers and guarantees as streamChat().
 * @param request
 * @param handlers
 */
export function streamPreview(
	request: AssistantPreviewRequest,
	handlers: StreamHandlers
): Promise<StreamEnd> {
	return streamChat<AssistantPreviewRequest>(
		request,
		handlers,
		`${PATH}/preview`
	);
}
