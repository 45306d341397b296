/**
 * OpenAI's wire format (also spoken by OpenAI-compatible servers and Azure OpenAI): errors, model
 * list, Chat Completions (plain and streamed), and Azure's own errors and content-filter fields.
 */
import {
	dataLines,
	isRecord,
	maxTokensOf,
	textOf,
	type ChatDialect,
	type ChatRequest,
	type Completion,
	type Frame,
	type Reply,
} from './chat';
import { loadFixture } from './fixtures';
import type { Scenario } from './scenario';

/**
 * A recorded error answer as a reply (its bytes unchanged).
 * @param name
 */
function recorded(name: string): Reply {
	const recording = loadFixture(name);
	if (!recording) {
		throw new Error(`missing fixture ${name}`);
	}
	return {
		status: recording.status,
		headers: recording.headers,
		body: null,
		raw: Buffer.concat(recording.chunks),
	};
}

/**
 * Deployments the fake treats as reasoning models: named after an o-series or gpt-5 model, or
 * `reasoning-*` (a reasoning model behind a name that doesn't say so).
 */
const REASONING_DEPLOYMENT = /^(o[1-9]|gpt-5|reasoning-)/i;

/**
 * What Azure refuses before answering, as recorded: parameters a reasoning deployment rejects,
 * an api-version too old for the model, and stream_options before 2024-09-01-preview.
 * @param body
 * @param url
 * @param deployment
 */
function azureRefusal(
	body: Record<string, unknown>,
	url: URL,
	deployment: string
): Reply | undefined {
	const version = (url.searchParams.get('api-version') ?? '').slice(0, 10);
	if (REASONING_DEPLOYMENT.test(deployment)) {
		if (version < '2024-12-01') {
			return recorded('azure_openai/api-version-too-old');
		}
		if (body.max_tokens !== undefined) {
			return recorded('azure_openai/unsupported-max-tokens');
		}
		if (body.temperature !== undefined && body.temperature !== 1) {
			return recorded('azure_openai/unsupported-temperature');
		}
	}
	if (body.stream_options !== undefined && version < '2024-09-01') {
		return recorded('azure_openai/stream-options-unrecognized');
	}
	return undefined;
}

/**
 * Shows a key the way OpenAI's error messages do: first 3 and last 4 characters.
 * @param key
 */
function openAiFragment(key: string): string {
	return `${key.slice(0, 3)}*****${key.slice(-4)}`;
}

function openAiErrorBody(
	message: string,
	type: string,
	code: string | null,
	param: string | null = null
) {
	return { error: { message, type, param, code } };
}

function openAiError(
	status: number,
	message: string,
	type: string,
	code: string | null,
	param: string | null = null
): Reply {
	return { status, body: openAiErrorBody(message, type, code, param) };
}

function serverError(): Reply {
	return openAiError(
		500,
		'The server had an error while processing your request. Sorry about that!',
		'server_error',
		null
	);
}

export function openAiFailure(
	scenario: Scenario,
	key: string
): Reply | undefined {
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
		case 'servererror':
			return serverError();
		default:
			return undefined;
	}
}

function azureError(status: number, code: string, message: string): Reply {
	return { status, body: { error: { code, message } } };
}

export function azureFailure(scenario: Scenario): Reply | undefined {
	switch (scenario) {
		case 'invalid':
			return azureError(
				401,
				'401',
				'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'
			);
		case 'forbidden':
			return azureError(
				403,
				'PermissionDenied',
				'Principal does not have access to API/Operation.'
			);
		case 'ratelimited':
			return {
				...azureError(
					429,
					'429',
					'Requests to the ChatCompletions_Create Operation have exceeded call rate limit.'
				),
				headers: { 'retry-after': '7' },
			};
		case 'overloaded':
			return azureError(
				503,
				'ServiceUnavailable',
				'The service is temporarily unable to process your request.'
			);
		case 'servererror':
			return serverError();
		default:
			return undefined;
	}
}

export function openAiModels(): Reply {
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

/** Azure's content-filter verdict, always "safe" here. */
const SAFE = {
	hate: { filtered: false, severity: 'safe' },
	self_harm: { filtered: false, severity: 'safe' },
	sexual: { filtered: false, severity: 'safe' },
	violence: { filtered: false, severity: 'safe' },
};

const PROMPT_FILTER_RESULTS = [
	{ prompt_index: 0, content_filter_results: SAFE },
];

/**
 * The deployment named in an Azure chat path.
 * @param url
 */
function deploymentOf(url: URL): string {
	return decodeURIComponent(url.pathname.split('/')[4] ?? '');
}

function finishReason(completion: Completion): string {
	return completion.cut ? 'length' : 'stop';
}

function usage(completion: Completion) {
	return {
		prompt_tokens: completion.inputTokens,
		completion_tokens: completion.outputTokens,
		total_tokens: completion.inputTokens + completion.outputTokens,
	};
}

/**
 * The Chat Completions format; Azure reads the model from the deployment in the path, answers a
 * missing deployment with 404 and adds its content-filter results.
 * @param azure
 */
export function openAiChat(azure: boolean): ChatDialect {
	const badRequest = (
		message: string,
		param: string | null = null,
		code: string | null = null
	) => openAiError(400, message, 'invalid_request_error', code, param);

	const chunk = (
		completion: Completion,
		request: ChatRequest,
		delta: Record<string, unknown>,
		reason: string | null = null
	): Frame => ({
		data: JSON.stringify({
			id: completion.id,
			object: 'chat.completion.chunk',
			created: completion.created,
			model: completion.model,
			system_fingerprint: 'fp_fake',
			choices: [
				{
					index: 0,
					delta,
					logprobs: null,
					finish_reason: reason,
				},
			],
			...(request.includeUsage ? { usage: null } : {}),
		}),
	});

	return {
		idPrefix: 'chatcmpl-',
		streams: (body) => isRecord(body) && body.stream === true,
		badJson: () =>
			badRequest(
				"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)"
			),
		read: (body, url) => {
			if (azure && deploymentOf(url) === 'missing') {
				return azureError(
					404,
					'DeploymentNotFound',
					'The API deployment for this resource does not exist.'
				);
			}
			if (!isRecord(body)) {
				return badRequest('The request body must be a JSON object.');
			}
			let refusal = azure
				? azureRefusal(body, url, deploymentOf(url))
				: undefined;
			// A `legacy-*` model stands for a server that predates stream_options (older vLLM,
			// LocalAI…): it refuses the parameter as Azure's older api-versions do.
			if (
				!azure &&
				typeof body.model === 'string' &&
				body.model.startsWith('legacy-') &&
				body.stream_options !== undefined
			) {
				refusal = recorded('azure_openai/stream-options-unrecognized');
			}
			if (refusal) {
				return refusal;
			}
			if (!azure && typeof body.model !== 'string') {
				return badRequest('you must provide a model parameter');
			}
			if (!Array.isArray(body.messages)) {
				return badRequest(
					"Missing required parameter: 'messages'.",
					'messages',
					'missing_required_parameter'
				);
			}
			const messages = body.messages.filter(isRecord);
			const users = messages.filter((message) => message.role === 'user');
			const lastUser = users[users.length - 1];
			const options = isRecord(body.stream_options)
				? body.stream_options
				: {};
			return {
				model: azure ? deploymentOf(url) : String(body.model),
				promptTexts: messages.map((message) => textOf(message.content)),
				lastUserText: lastUser ? textOf(lastUser.content) : '',
				maxTokens:
					maxTokensOf(body.max_completion_tokens) ??
					maxTokensOf(body.max_tokens),
				includeUsage: options.include_usage === true,
			};
		},
		answer: (completion) => ({
			id: completion.id,
			object: 'chat.completion',
			created: completion.created,
			model: completion.model,
			system_fingerprint: 'fp_fake',
			choices: [
				{
					index: 0,
					message: {
						role: 'assistant',
						content: completion.text,
						refusal: null,
					},
					logprobs: null,
					finish_reason: finishReason(completion),
					...(azure ? { content_filter_results: SAFE } : {}),
				},
			],
			usage: usage(completion),
			...(azure ? { prompt_filter_results: PROMPT_FILTER_RESULTS } : {}),
		}),
		stream: (completion, request) => ({
			head: [
				...(azure
					? [
							{
								data: JSON.stringify({
									choices: [],
									created: 0,
									id: '',
									model: '',
									object: '',
									prompt_filter_results:
										PROMPT_FILTER_RESULTS,
								}),
							},
						]
					: []),
				chunk(completion, request, { role: 'assistant', content: '' }),
			],
			chunk: (text) => chunk(completion, request, { content: text }),
			tail: [
				chunk(completion, request, {}, finishReason(completion)),
				...(request.includeUsage
					? [
							{
								data: JSON.stringify({
									id: completion.id,
									object: 'chat.completion.chunk',
									created: completion.created,
									model: completion.model,
									system_fingerprint: 'fp_fake',
									choices: [],
									usage: usage(completion),
								}),
							},
						]
					: []),
				{ data: '[DONE]' },
			],
			error: {
				data: JSON.stringify(
					openAiErrorBody(
						'The server had an error while processing your request.',
						'server_error',
						null
					)
				),
			},
		}),
		encoder: () => dataLines,
	};
}
