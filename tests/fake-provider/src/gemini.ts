/**
 * Google Gemini's wire format: errors, model list, generateContent and streamGenerateContent.
 */
import {
	isRecord,
	maxTokensOf,
	textOf,
	type ChatDialect,
	type Completion,
	type Encoder,
	type Frame,
	type Reply,
} from './chat';
import type { Scenario } from './scenario';

/** `/gemini/v1beta/models/{model}:{method}`; the colon may arrive encoded. */
export const GEMINI_CHAT_PATH =
	/^\/gemini\/v1beta\/models\/([A-Za-z0-9._-]+)(?::|%3[Aa])(generateContent|streamGenerateContent)$/;

function googleErrorBody(
	status: number,
	googleStatus: string,
	message: string,
	details?: unknown[]
) {
	return {
		error: {
			code: status,
			message,
			status: googleStatus,
			...(details ? { details } : {}),
		},
	};
}

function googleError(
	status: number,
	googleStatus: string,
	message: string,
	details?: unknown[]
): Reply {
	return {
		status,
		body: googleErrorBody(status, googleStatus, message, details),
	};
}

function errorInfo(reason: string) {
	return {
		'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
		reason,
		domain: 'googleapis.com',
		metadata: { service: 'generativelanguage.googleapis.com' },
	};
}

function badRequest(message: string): Reply {
	return googleError(400, 'INVALID_ARGUMENT', message);
}

export function geminiFailure(scenario: Scenario): Reply | undefined {
	switch (scenario) {
		case 'invalid':
			return googleError(
				400,
				'INVALID_ARGUMENT',
				'API key not valid. Please pass a valid API key.',
				[errorInfo('API_KEY_INVALID')]
			);
		case 'forbidden':
			return googleError(
				403,
				'PERMISSION_DENIED',
				"Method doesn't allow unregistered callers (callers without established identity).",
				[]
			);
		case 'ratelimited':
			return {
				...googleError(
					429,
					'RESOURCE_EXHAUSTED',
					'Resource has been exhausted (e.g. check quota).',
					[
						{
							'@type': 'type.googleapis.com/google.rpc.RetryInfo',
							retryDelay: '7s',
						},
					]
				),
				headers: { 'retry-after': '7' },
			};
		case 'overloaded':
			return googleError(
				503,
				'UNAVAILABLE',
				'The model is overloaded. Please try again later.',
				[]
			);
		case 'servererror':
			return googleError(
				500,
				'INTERNAL',
				'An internal error has occurred.'
			);
		default:
			return undefined;
	}
}

export function geminiModels(): Reply {
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

/** Gemini's SSE (`alt=sse`): CRLF line ends. */
const sse: Encoder = {
	contentType: 'text/event-stream',
	encode: (frame) => (frame.raw ? frame.data : `data: ${frame.data}\r\n\r\n`),
	close: '',
};

/** Without `alt=sse`, Gemini streams one JSON array, an element at a time. */
const jsonArray: Encoder = {
	contentType: 'application/json; charset=UTF-8',
	encode: (frame, index) => `${index === 0 ? '[' : ',\r\n'}${frame.data}`,
	close: ']',
};

/**
 * The request's field in camelCase, or in the snake_case Google's JSON mapping accepts too.
 * @param record
 * @param camel
 */
function field(record: Record<string, unknown>, camel: string): unknown {
	return (
		record[camel] ??
		record[camel.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)]
	);
}

function partsText(content: unknown): string {
	return isRecord(content) ? textOf(content.parts) : '';
}

function finishReason(completion: Completion): string {
	return completion.cut ? 'MAX_TOKENS' : 'STOP';
}

function response(
	completion: Completion,
	text: string,
	last: boolean
): Record<string, unknown> {
	return {
		candidates: [
			{
				content: { parts: [{ text }], role: 'model' },
				...(last ? { finishReason: finishReason(completion) } : {}),
				index: 0,
			},
		],
		usageMetadata: last
			? {
					promptTokenCount: completion.inputTokens,
					candidatesTokenCount: completion.outputTokens,
					totalTokenCount:
						completion.inputTokens + completion.outputTokens,
				}
			: {
					promptTokenCount: completion.inputTokens,
					totalTokenCount: completion.inputTokens,
				},
		modelVersion: completion.model,
		responseId: completion.id,
	};
}

export const geminiChat: ChatDialect = {
	idPrefix: '',
	streams: (_body, url) =>
		GEMINI_CHAT_PATH.exec(url.pathname)?.[2] === 'streamGenerateContent',
	badJson: () =>
		badRequest('Invalid JSON payload received. Unexpected token.'),
	read: (body, url) => {
		if (!isRecord(body)) {
			return badRequest(
				'Invalid JSON payload received. Expected an object.'
			);
		}
		const contents = body.contents;
		if (!Array.isArray(contents)) {
			return badRequest(
				'* GenerateContentRequest.contents: contents is not specified\n'
			);
		}
		const messages = contents.filter(isRecord);
		const users = messages.filter(
			(message) => message.role === undefined || message.role === 'user'
		);
		const lastUser = users[users.length - 1];
		const config = field(body, 'generationConfig');
		return {
			model: GEMINI_CHAT_PATH.exec(url.pathname)?.[1] ?? '',
			promptTexts: [
				partsText(field(body, 'systemInstruction')),
				...messages.map(partsText),
			],
			lastUserText: partsText(lastUser),
			maxTokens: isRecord(config)
				? maxTokensOf(field(config, 'maxOutputTokens'))
				: undefined,
			includeUsage: false,
		};
	},
	answer: (completion) => response(completion, completion.text, true),
	stream: (completion) => {
		const frame = (text: string, last: boolean): Frame => ({
			data: JSON.stringify(response(completion, text, last)),
		});
		return {
			head: [],
			chunk: (text, _index, last) => frame(text, last),
			// An empty answer still needs a last event with the finish reason and usage.
			tail: completion.chunks.length === 0 ? [frame('', true)] : [],
			// Recorded (fixture gemini/streaming-failure-error-mid-stream): the error is a bare,
			// pretty-printed JSON document written into the stream, not a `data:` event.
			error: {
				data:
					JSON.stringify(
						googleErrorBody(
							503,
							'UNAVAILABLE',
							'The model is overloaded. Please try again later.'
						),
						null,
						2
					) + '\n',
				raw: true,
			},
		};
	},
	encoder: (url) => (url.searchParams.get('alt') === 'sse' ? sse : jsonArray),
};
