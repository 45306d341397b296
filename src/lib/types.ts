/**
 * Shapes of the plugin's REST resources (byok-ai/v1).
 */

export type KeySource = 'environment' | 'constant' | 'database' | 'none';

export type KeyStatus =
	| 'valid'
	| 'invalid'
	| 'not_validated'
	| 'undecryptable'
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
}

export interface SettingField {
	name: string;
	type: 'url' | 'text';
	label: string;
	required: boolean;
	default: string;
	pattern?: string;
	help?: string;
}

export interface Provider {
	id: string;
	label: string;
	requires_key: boolean;
	key: KeyState;
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
	data?: { status?: number; can_save_unvalidated?: boolean } & Record<
		string,
		unknown
	>;
}
