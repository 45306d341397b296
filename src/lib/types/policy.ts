/**
 * The rules (GET/PUT /policy) and the usage counters (GET /usage).
 */
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
