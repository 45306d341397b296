/**
 * The block's default wording, shown when the author leaves a text empty. The server renders
 * the same defaults on the front end (ByokAi\Assistant\Block::form()): keep the two in step.
 * The question field has no default placeholder.
 */
import { __ } from '@wordpress/i18n';
import type { AssistantAttributes } from '../../lib/types';

export function defaultLabel(): string {
	return __('Ask a question about this post', 'byok-ai');
}

export function defaultButtonText(mode: AssistantAttributes['mode']): string {
	return mode === 'summarize'
		? __('Summarize this post', 'byok-ai')
		: __('Ask', 'byok-ai');
}
