/**
 * The AI Assistant block: its attributes, GET /assistant/options and the preview request.
 */
export type AssistantMode = 'ask' | 'summarize';

/**
 * Attributes of the byok-ai/assistant block, as declared in its block.json (a type, not an
 * interface, so that it satisfies @wordpress/blocks' Record<string, unknown> constraint).
 */
export type AssistantAttributes = {
	/** Stable instance id, [a-z0-9]{12}, used for the per-block visitor limit. */
	blockId: string;
	mode: AssistantMode;
	/** Ask mode: answer from the post's content. */
	grounded: boolean;
	instructions: string;
	/** Provider id, '' for the site's default. */
	provider: string;
	/** Model id, '' for the provider's default. */
	model: string;
	/** 0 = the site's maximum. */
	maxTokens: number;
	label: string;
	placeholder: string;
	buttonText: string;
	suggestions: string[];
};

/** A provider the assistant can call now, with the models the administrator allows. */
export interface AssistantProvider {
	id: string;
	label: string;
	/** The first one is the default; empty = the provider's own default. */
	models: string[];
}

/** Longest lengths (characters) and counts the server accepts for the block's fields. */
export interface AssistantLimits {
	question: number;
	instructions: number;
	/** How many suggested questions. */
	suggestions: number;
	/** Length of one suggested question. */
	suggestion: number;
	/** Length of the label, placeholder and button text. */
	label: number;
}

/** GET /assistant/options. */
export interface AssistantOptions {
	/** False when no provider has a key. */
	usable: boolean;
	/** The user may add keys (manage_options). */
	can_manage: boolean;
	providers: AssistantProvider[];
	max_tokens_cap: number;
	limits: AssistantLimits;
}

/** Body of POST /assistant/preview without `stream`, which the client sets. */
export interface AssistantPreviewRequest {
	post: number;
	attributes: AssistantAttributes;
	/** The editor's current serialized post content. */
	content: string;
	question?: string;
}
