/**
 * What WordPress answers to OPTIONS on the settings routes: the route's schema, whose properties
 * carry the bounds the forms show and check (as includes/ declares them).
 */
import type {
	RouteOptions,
	SchemaProperties,
} from '../../../src/settings/schema';

export const POLICY_PROPERTIES: SchemaProperties = {
	primary: { type: 'string' },
	max_output_tokens: { type: 'integer', minimum: 1, maximum: 32000 },
	timeout: { type: 'integer', minimum: 5, maximum: 300 },
	visitor_ip_limit: { type: 'integer', minimum: 0, maximum: 10000 },
	visitor_ip_window: { type: 'integer', minimum: 1, maximum: 1440 },
	visitor_block_limit: { type: 'integer', minimum: 0, maximum: 100000 },
	visitor_daily_cap: { type: 'integer', minimum: 0, maximum: 1000000 },
	user_hourly_limit: { type: 'integer', minimum: 0, maximum: 10000 },
	proxy_header: {
		type: 'string',
		enum: [
			'',
			'X-Forwarded-For',
			'X-Real-IP',
			'CF-Connecting-IP',
			'True-Client-IP',
		],
	},
};

export const WORDPRESS_AI_PROPERTIES: SchemaProperties = {
	custody: { type: 'boolean' },
	default_caller: { type: 'string', enum: ['allow', 'deny'] },
	capability: { type: 'string', pattern: '^[a-z0-9_]{0,64}$', maxLength: 64 },
	hourly_limit: { type: 'integer', minimum: 0, maximum: 1000000 },
};

const ROUTES: Record<string, SchemaProperties> = {
	'/byok-ai/v1/policy': POLICY_PROPERTIES,
	'/byok-ai/v1/wordpress-ai': WORDPRESS_AI_PROPERTIES,
};

/**
 * The answer to OPTIONS on `path`, shaped like WordPress's.
 * @param path
 * @param properties Replaces the route's properties.
 */
export function routeOptions(
	path: string,
	properties: SchemaProperties | undefined = ROUTES[path]
): RouteOptions {
	return {
		schema: {
			...(properties && { properties }),
		},
	};
}

/**
 * True for the schema requests, which the helpers counting a route's loads leave out.
 * @param options
 * @param options.method
 */
export function isOptions(options: { method?: string }): boolean {
	return options.method === 'OPTIONS';
}
