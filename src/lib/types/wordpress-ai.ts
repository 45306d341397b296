/**
 * WordPress 7.0+: the rules for WordPress's own AI and its usage per caller (GET/PUT /wordpress-ai).
 */
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
