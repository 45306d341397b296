/**
 * Anthropic's wire format: errors, model list, Messages API (plain and streamed).
 */
import {
	isRecord,
	maxTokensOf,
	namedEvents,
	textOf,
	type ChatDialect,
	type Frame,
	type Reply,
} from './chat';
import type { Scenario } from './scenario';

function anthropicError(status: number, type: string, message: string): Reply {
	return { status, body: { type: 'error', error: { type, message } } };
}

function badRequest(message: string): Reply {
	return anthropicError(400, 'invalid_request_error', message);
}

export function anthropicFailure(scenario: Scenario): Reply | undefined {
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
			return anthropicError(529, 'overloaded_error', 'Overloaded');
		case 'servererror':
			return anthropicError(500, 'api_error', 'Internal server error');
		default:
			return undefined;
	}
}

export function anthropicModels(): Reply {
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

function event(type: string, data: Record<string, unknown>): Frame {
	return { event: type, data: JSON.stringify({ type, ...data }) };
}

export const anthropicChat: ChatDialect = {
	idPrefix: 'msg_',
	streams: (body) => isRecord(body) && body.stream === true,
	badJson: () =>
		badRequest('There was an error parsing the body of your request.'),
	read: (body) => {
		if (!isRecord(body)) {
			return badRequest('Request body must be a JSON object.');
		}
		if (typeof body.model !== 'string') {
			return badRequest('model: Field required');
		}
		if (body.max_tokens === undefined) {
			return badRequest('max_tokens: Field required');
		}
		if (!Array.isArray(body.messages)) {
			return badRequest('messages: Field required');
		}
		const messages = body.messages.filter(isRecord);
		const users = messages.filter((message) => message.role === 'user');
		const lastUser = users[users.length - 1];
		return {
			model: body.model,
			promptTexts: [
				textOf(body.system),
				...messages.map((message) => textOf(message.content)),
			],
			lastUserText: lastUser ? textOf(lastUser.content) : '',
			maxTokens: maxTokensOf(body.max_tokens),
			includeUsage: false,
		};
	},
	answer: (completion) => ({
		id: completion.id,
		type: 'message',
		role: 'assistant',
		model: completion.model,
		content: [{ type: 'text', text: completion.text }],
		stop_reason: completion.cut ? 'max_tokens' : 'end_turn',
		stop_sequence: null,
		usage: {
			input_tokens: completion.inputTokens,
			output_tokens: completion.outputTokens,
		},
	}),
	stream: (completion) => ({
		head: [
			event('message_start', {
				message: {
					id: completion.id,
					type: 'message',
					role: 'assistant',
					model: completion.model,
					content: [],
					stop_reason: null,
					stop_sequence: null,
					usage: {
						input_tokens: completion.inputTokens,
						output_tokens: 1,
					},
				},
			}),
			event('content_block_start', {
				index: 0,
				content_block: { type: 'text', text: '' },
			}),
			event('ping', {}),
		],
		chunk: (text) =>
			event('content_block_delta', {
				index: 0,
				delta: { type: 'text_delta', text },
			}),
		tail: [
			event('content_block_stop', { index: 0 }),
			event('message_delta', {
				delta: {
					stop_reason: completion.cut ? 'max_tokens' : 'end_turn',
					stop_sequence: null,
				},
				usage: { output_tokens: completion.outputTokens },
			}),
			event('message_stop', {}),
		],
		error: event('error', {
			error: { type: 'overloaded_error', message: 'Overloaded' },
		}),
	}),
	encoder: () => namedEvents,
};
