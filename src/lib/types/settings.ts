/**
 * Providers and their keys as GET /settings and the key routes answer, and the REST API's errors.
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
