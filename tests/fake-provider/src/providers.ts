/**
 * The fake routes: which provider's format answers which method and path.
 */
import type { IncomingMessage } from 'node:http';
import { anthropicChat, anthropicFailure, anthropicModels } from './anthropic';
import type { ChatDialect, Reply } from './chat';
import {
	GEMINI_CHAT_PATH,
	geminiChat,
	geminiFailure,
	geminiModels,
} from './gemini';
import {
	azureFailure,
	openAiChat,
	openAiFailure,
	openAiModels,
} from './openai';
import { openAiModeration } from './moderation';
import { scenarioFor, type Scenario } from './scenario';

export type { Reply };

export interface Route {
	/** Provider whose format this route speaks. */
	provider: string;
	/** Extracts the key the way the real provider reads it. */
	key: (req: IncomingMessage, url: URL) => string | undefined;
	keyRequired: boolean;
	match: (method: string, path: string) => boolean;
	/**
	 * The provider's answer to a failure scenario (invalid, forbidden, ratelimited, overloaded,
	 * servererror); undefined for the others.
	 */
	failure: (scenario: Scenario, key: string) => Reply | undefined;
	/** A route without a request body: its answer. */
	reply?: () => Reply;
	/** A route that isn't chat but reads its JSON body (moderation): its answer. */
	respond?: (body: unknown, key: string) => Reply;
	/** A chat route: its format. */
	chat?: ChatDialect;
}

function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function bearer(req: IncomingMessage): string | undefined {
	const value = header(req, 'authorization');
	return value?.startsWith('Bearer ') ? value.slice(7) : undefined;
}

const anthropic = {
	provider: 'anthropic',
	key: (req: IncomingMessage) => header(req, 'x-api-key'),
	keyRequired: true,
	failure: anthropicFailure,
};
const openai = {
	provider: 'openai',
	key: bearer,
	keyRequired: true,
	failure: openAiFailure,
};
const compat = {
	provider: 'compat',
	key: bearer,
	keyRequired: false,
	failure: openAiFailure,
};
const gemini = {
	provider: 'gemini',
	key: (req: IncomingMessage) => header(req, 'x-goog-api-key'),
	keyRequired: true,
	failure: geminiFailure,
};
const azure = {
	provider: 'azure',
	key: (req: IncomingMessage) => header(req, 'api-key'),
	keyRequired: true,
	failure: azureFailure,
};

function get(path: string) {
	return (method: string, candidate: string) =>
		method === 'GET' && candidate === path;
}

function post(path: string | RegExp) {
	return (method: string, candidate: string) =>
		method === 'POST' &&
		(typeof path === 'string' ? candidate === path : path.test(candidate));
}

export const routes: Route[] = [
	{
		...anthropic,
		match: get('/anthropic/v1/models'),
		reply: anthropicModels,
	},
	{
		...anthropic,
		match: post('/anthropic/v1/messages'),
		chat: anthropicChat,
	},
	{ ...openai, match: get('/openai/v1/models'), reply: openAiModels },
	{
		...openai,
		match: post('/openai/v1/chat/completions'),
		chat: openAiChat(false),
	},
	{
		...openai,
		match: post('/openai/v1/moderations'),
		respond: openAiModeration,
	},
	{ ...compat, match: get('/compat/v1/models'), reply: openAiModels },
	{
		...compat,
		match: post('/compat/v1/chat/completions'),
		chat: openAiChat(false),
	},
	{ ...gemini, match: get('/gemini/v1beta/models'), reply: geminiModels },
	{ ...gemini, match: post(GEMINI_CHAT_PATH), chat: geminiChat },
	{
		...azure,
		match: post(/^\/azure\/openai\/deployments\/[^/]+\/chat\/completions$/),
		chat: openAiChat(true),
	},
];

export { scenarioFor };
