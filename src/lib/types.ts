/**
 * Shapes of the plugin's REST resources (byok-ai/v1).
 */

export type KeySource = 'environment' | 'constant' | 'database' | 'none';

export type KeyStatus =
	| 'valid'
	| 'invalid'
	| 'not_validated'
	/** Older servers: the envelope couldn't be opened, for either of the two reasons below. */
	| 'undecryptable'
	/** The stored envelope was altered or truncated. */
	| 'damaged'
	/** The site's encryption secret changed since the key was stored. */
	| 'secret_changed'
	/** The provider's endpoint changed since the key was entered; the key isn't sent. */
	| 'endpoint_changed'
	| 'environment'
	| 'constant'
	| 'missing';

export interface KeyState {
	source: KeySource;
	status: KeyStatus;
	/** Mask such as "sk-ant-…WXYZ"; never the key. */
	hint: string | null;
	validated_at: string | null;
	variable: string;
	message: string | null;
	/** Where the key may be sent; null without a key. */
	endpoint?: string | null;
	/** Where requests go with the current settings. */
	endpoint_now?: string | null;
}

export interface SettingField {
	name: string;
	type: 'url' | 'text';
	label: string;
	required: boolean;
	default: string;
	pattern?: string;
	help?: string;
	/** Changing it changes where the key goes (a URL field). */
	binds_key?: boolean;
	/** The environment variable or constant that sets it (read-only here), or null. */
	locked_by?: string | null;
}

/**
 * What changing an endpoint does to the key: enter it again ('reenter'), nothing possible here
 * because it comes from the environment or wp-config ('locked'; 'network' on a multisite subsite),
 * or nothing at all ('none').
 */
export type EndpointChange = 'reenter' | 'locked' | 'network' | 'none';

export interface Provider {
	id: string;
	label: string;
	requires_key: boolean;
	key: KeyState;
	endpoint_change?: EndpointChange;
	settings: Record<string, string>;
	fields: SettingField[];
}

export interface Encryption {
	ready: boolean;
	source: 'environment' | 'constant' | 'salts' | null;
	message: string | null;
}

export interface SettingsResponse {
	encryption: Encryption;
	providers: Provider[];
}

export interface ValidationResponse {
	valid: boolean;
	code: string | null;
	message: string;
	provider: Provider;
}

/** A WP_Error as the REST API sends it. */
export interface RestError {
	code: string;
	message: string;
	data?: {
		status?: number;
		can_save_unvalidated?: boolean;
		/** Seconds to wait before asking again (rate limits, provider 429s). */
		retry_after?: number;
		provider?: string;
		/** The request field the error is about, e.g. "timeout" or "models.openai". */
		field?: string;
	} & Record<string, unknown>;
}

export type ChatRole = 'user' | 'assistant';

export interface ChatMessage {
	role: ChatRole;
	content: string;
}

/** Body of POST /chat without `stream`, which chat() and streamChat() set. */
export interface ChatRequest {
	/** 1 to 20 messages; the last one is the user's. */
	messages: ChatMessage[];
	system?: string;
	provider?: string;
	model?: string;
	max_tokens?: number;
	temperature?: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'other';

export interface TokenUsage {
	input_tokens: number;
	output_tokens: number;
}

/** A provider that failed and was skipped by the fallback chain. */
export interface Attempt {
	provider: string;
	code: string;
}

export interface ChatResponse {
	text: string;
	finish_reason: FinishReason;
	provider: string;
	model: string;
	usage: TokenUsage;
	attempts: Attempt[];
}

/** Data of the stream's `start` event. */
export interface StreamStart {
	provider: string;
	model: string;
}

/** Data of the stream's `done` event. */
export type StreamDone = Omit<ChatResponse, 'text'>;

export interface Policy {
	/** Provider id, or '' to let the server pick. */
	primary: string;
	/** Provider ids tried in this order when the primary fails. */
	fallback: string[];
	/** 1..32000 */
	max_output_tokens: number;
	/** Seconds, 5..300. */
	timeout: number;
	/** Allowed models per provider id; the first is the default, [] means the provider's default. */
	models: Record<string, string[]>;
	/** Role slugs allowed to use AI in the editor. */
	chat_roles: string[];
	/** Questions per visitor IP address per window, 0..10000; 0 = visitors can't ask. */
	visitor_ip_limit: number;
	/** That window, in minutes, 1..1440. */
	visitor_ip_window: number;
	/** Requests per block per hour, from all visitors, 0..100000. */
	visitor_block_limit: number;
	/** Public requests per day for the whole site (resets at 00:00 UTC), 0..1000000. */
	visitor_daily_cap: number;
	/** Header carrying the client address behind a trusted proxy; '' = the connection's. */
	proxy_header: ProxyHeader;
	/** Requests per signed-in person per hour (editor, Try it), 0..10000; 0 = none. */
	user_hourly_limit: number;
}

/** One of the /policy schema's `proxy_header` enum ('' = the connection's address). */
export type ProxyHeader = string;

export interface Role {
	slug: string;
	name: string;
}

export interface PolicyResponse {
	policy: Policy;
	roles: Role[];
}

export interface UsageRow {
	provider: string;
	requests: number;
	errors: number;
	input_tokens: number;
	output_tokens: number;
}

export interface UsageResponse {
	today: UsageRow[];
	last_30_days: UsageRow[];
}

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

/** What a calling plugin or theme not listed gets, or the verdict for one that is. */
export type CallerVerdict = 'allow' | 'deny';

/** The rules for WordPress's own AI (7.0+), as GET/PUT /wordpress-ai holds them. */
export interface WordPressAiRules {
	/** BYOK AI keeps the Connectors keys, encrypted. */
	custody: boolean;
	/** Deactivating BYOK AI writes the keys back, unencrypted, for WordPress. */
	hand_back: boolean;
	/** Every AI Client call obeys the plugin's rules. */
	gate: boolean;
	/** Per caller ("plugin:akismet", "theme:twentytwentyfive", "core"). */
	callers: Record<string, CallerVerdict>;
	default_caller: CallerVerdict;
	/** A capability the user must have ('' = anyone, scheduled tasks and visitors too). */
	capability: string;
	/** Calls per caller per hour, 0..1000000; 0 = no limit. */
	hourly_limit: number;
}

/** One caller's AI Client calls over the last 30 days. */
export interface CallerUsageRow {
	caller: string;
	requests: number;
	refused: number;
	errors: number;
	input_tokens: number;
	output_tokens: number;
}

/** GET/PUT /wordpress-ai. */
export interface WordPressAiResponse {
	rules: WordPressAiRules;
	/** Connectors option => the other encryption layer BYOK AI stands down for. */
	conflicts: Record<string, string>;
	callers: CallerUsageRow[];
	/** PUT turning custody off: providers whose key couldn't be written back (to enter again on Connectors). */
	lost?: string[];
}
