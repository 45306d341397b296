/**
 * Each provider's wire format for the endpoints the plugin calls.
 */
import type { IncomingMessage } from 'node:http';
import { scenarioFor, type Scenario } from './scenario';

export interface Reply {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

export interface Route {
	/** Provider whose format this route speaks. */
	provider: string;
	/** Extracts the key the way the real provider reads it. */
	key: (req: IncomingMessage, url: URL) => string | undefined;
	keyRequired: boolean;
	match: (method: string, path: string) => boolean;
	reply: (scenario: Scenario, key: string, path: string) => Reply;
}

function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function bearer(req: IncomingMessage): string | undefined {
	const value = header(req, 'authorization');
	return value?.startsWith('Bearer ') ? value.slice(7) : undefined;
}

/**
 * Shows a key the way OpenAI's error messages do: first 3 and last 4 characters.
 * @param key
 */
function openAiFragment(key: string): string {
	return `${key.slice(0, 3)}*****${key.slice(-4)}`;
}

function anthropicError(status: number, type: string, message: string): Reply {
	return { status, body: { type: 'error', error: { type, message } } };
}

function openAiError(
	status: number,
	message: string,
	type: string,
	code: string | null
): Reply {
	return { status, body: { error: { message, type, param: null, code } } };
}

function googleError(
	status: number,
	googleStatus: string,
	message: string,
	reason?: string
): Reply {
	const details = reason
		? [
				{
					'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
					reason,
					domain: 'googleapis.com',
					metadata: { service: 'generativelanguage.googleapis.com' },
				},
			]
		: [];
	return {
		status,
		body: {
			error: { code: status, message, status: googleStatus, details },
		},
	};
}

function openAiModels(): Reply {
	return {
		status: 200,
		body: {
			object: 'list',
			data: [
				{
					id: 'gpt-4o-mini',
					object: 'model',
					created: 1721172741,
					owned_by: 'system',
				},
				{
					id: 'gpt-4.1',
					object: 'model',
					created: 1744316542,
					owned_by: 'system',
				},
			],
		},
	};
}

function openAiFailure(scenario: Scenario, key: string): Reply | undefined {
	switch (scenario) {
		case 'invalid':
			return openAiError(
				401,
				`Incorrect API key provided: ${openAiFragment(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
				'invalid_request_error',
				'invalid_api_key'
			);
		case 'forbidden':
			return openAiError(
				403,
				'You are not allowed to sample from this model',
				'invalid_request_error',
				'model_not_allowed'
			);
		case 'ratelimited':
			return {
				...openAiError(
					429,
					'Rate limit reached for requests',
					'requests',
					'rate_limit_exceeded'
				),
				headers: { 'retry-after': '7' },
			};
		case 'overloaded':
			return openAiError(
				503,
				'The engine is currently overloaded, please try again later',
				'server_error',
				null
			);
		default:
			return undefined;
	}
}

export const routes: Route[] = [
	{
		provider: 'anthropic',
		key: (req) => header(req, 'x-api-key'),
		keyRequired: true,
		match: (method, path) =>
			method === 'GET' && path === '/anthropic/v1/models',
		reply: (scenario) => {
			switch (scenario) {
				case 'invalid':
					return anthropicError(
						401,
						'authentication_error',
						'invalid x-api-key'
					);
				case 'forbidden':
					return anthropicError(
						403,
						'permission_error',
						'Your API key does not have permission to use the specified resource.'
					);
				case 'ratelimited':
					return {
						...anthropicError(
							429,
							'rate_limit_error',
							'Number of requests has exceeded your rate limit'
						),
						headers: { 'retry-after': '7' },
					};
				case 'overloaded':
					return anthropicError(
						529,
						'overloaded_error',
						'Overloaded'
					);
				default:
					return {
						status: 200,
						body: {
							data: [
								{
									type: 'model',
									id: 'claude-sonnet-4-5',
									display_name: 'Claude Sonnet 4.5',
									created_at: '2025-09-29T00:00:00Z',
								},
							],
							has_more: false,
							first_id: 'claude-sonnet-4-5',
							last_id: 'claude-sonnet-4-5',
						},
					};
			}
		},
	},
	{
		provider: 'openai',
		key: bearer,
		keyRequired: true,
		match: (method, path) =>
			method === 'GET' && path === '/openai/v1/models',
		reply: (scenario, key) =>
			openAiFailure(scenario, key) ?? openAiModels(),
	},
	{
		provider: 'compat',
		key: bearer,
		keyRequired: false,
		match: (method, path) =>
			method === 'GET' && path === '/compat/v1/models',
		reply: (scenario, key) =>
			openAiFailure(scenario, key) ?? openAiModels(),
	},
	{
		provider: 'gemini',
		key: (req) => header(req, 'x-goog-api-key'),
		keyRequired: true,
		match: (method, path) =>
			method === 'GET' && path === '/gemini/v1beta/models',
		reply: (scenario) => {
			switch (scenario) {
				case 'invalid':
					return googleError(
						400,
						'INVALID_ARGUMENT',
						'API key not valid. Please pass a valid API key.',
						'API_KEY_INVALID'
					);
				case 'forbidden':
					return googleError(
						403,
						'PERMISSION_DENIED',
						"Method doesn't allow unregistered callers (callers without established identity)."
					);
				case 'ratelimited':
					return {
						...googleError(
							429,
							'RESOURCE_EXHAUSTED',
							'Resource has been exhausted (e.g. check quota).'
						),
						headers: { 'retry-after': '7' },
					};
				case 'overloaded':
					return googleError(
						503,
						'UNAVAILABLE',
						'The model is overloaded. Please try again later.'
					);
				default:
					return {
						status: 200,
						body: {
							models: [
								{
									name: 'models/gemini-2.0-flash',
									displayName: 'Gemini 2.0 Flash',
									supportedGenerationMethods: [
										'generateContent',
										'countTokens',
									],
								},
							],
							nextPageToken: 'next',
						},
					};
			}
		},
	},
	{
		provider: 'azure',
		key: (req) => header(req, 'api-key'),
		keyRequired: true,
		match: (method, path) =>
			method === 'POST' &&
			/^\/azure\/openai\/deployments\/[^/]+\/chat\/completions$/.test(
				path
			),
		reply: (scenario, _key, path) => {
			if (scenario === 'invalid') {
				return {
					status: 401,
					body: {
						error: {
							code: '401',
							message:
								'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
						},
					},
				};
			}
			if (scenario === 'forbidden') {
				return {
					status: 403,
					body: {
						error: {
							code: 'PermissionDenied',
							message:
								'Principal does not have access to API/Operation.',
						},
					},
				};
			}
			if (scenario === 'ratelimited') {
				return {
					status: 429,
					headers: { 'retry-after': '7' },
					body: {
						error: {
							code: '429',
							message:
								'Requests to the ChatCompletions_Create Operation have exceeded call rate limit.',
						},
					},
				};
			}
			if (scenario === 'overloaded') {
				return {
					status: 503,
					body: {
						error: {
							code: 'ServiceUnavailable',
							message:
								'The service is temporarily unable to process your request.',
						},
					},
				};
			}
			const deployment = decodeURIComponent(path.split('/')[4] ?? '');
			if (deployment === 'missing') {
				return {
					status: 404,
					body: {
						error: {
							code: 'DeploymentNotFound',
							message:
								'The API deployment for this resource does not exist.',
						},
					},
				};
			}
			return {
				status: 200,
				body: {
					id: 'chatcmpl-fake',
					object: 'chat.completion',
					created: 1735689600,
					model: 'gpt-4o-mini',
					choices: [
						{
							index: 0,
							message: { role: 'assistant', content: 'p' },
							finish_reason: 'length',
						},
					],
					usage: {
						prompt_tokens: 8,
						completion_tokens: 1,
						total_tokens: 9,
					},
				},
			};
		},
	},
];

export { scenarioFor };
