/**
 * The block's own attributes, without those its `supports` add (align, colours, spacing…).
 */
import metadata from '../block.json';
import type { AssistantAttributes } from '../../lib/types';

const NAMES = Object.keys(metadata.attributes) as Array<
	keyof AssistantAttributes
>;

/**
 * What the preview route reads: exactly the attributes block.json declares.
 * @param attributes
 */
export function ownAttributes(
	attributes: AssistantAttributes
): AssistantAttributes {
	return Object.fromEntries(
		NAMES.map((name) => [name, attributes[name]])
	) as unknown as AssistantAttributes;
}

/**
 * Suggested questions as stored: trimmed, without empty ones, at most `limit`.
 * @param drafts
 * @param limit
 */
export function cleanSuggestions(drafts: string[], limit: number): string[] {
	return drafts
		.map((text) => text.trim())
		.filter((text) => text !== '')
		.slice(0, limit);
}
