/**
 * What every fake chat endpoint shares: the deterministic answer, token counting, and the shapes a
 * provider's format fills in (non-streamed body, stream frames, errors).
 */
import { randomBytes } from 'node:crypto';

export interface Reply {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
	/** Bytes sent as they are instead of `body` serialized (a recorded transcript). */
	raw?: Buffer;
}

/** A chat request, read out of any provider's format. */
export interface ChatRequest {
	/** Model to answer as (Azure: the deployment; Gemini: from the path). */
	model: string;
	/** Every text of the prompt (system text and each message's text), for counting input tokens. */
	promptTexts: string[];
	/** Text of the last user message: what the answer echoes and where `[[scenario]]` is looked for. */
	lastUserText: string;
	/** Largest answer asked for, in tokens (words). */
	maxTokens: number | undefined;
	/** OpenAI formats: `stream_options.include_usage`. */
	includeUsage: boolean;
}

/** The answer to a chat request. */
export interface Completion {
	id: string;
	created: number;
	model: string;
	/** One per word, spaces kept: joined, they give `text`. */
	chunks: string[];
	text: string;
	inputTokens: number;
	outputTokens: number;
	/** Whether the answer was cut to the max tokens asked for. */
	cut: boolean;
}

/** One event of a stream; `data` is already serialized (it may be broken on purpose). */
export interface Frame {
	event?: string;
	data: string;
	/** Written as it is, without SSE framing (Gemini writes its in-stream errors this way). */
	raw?: boolean;
}

/** How a provider streams an answer. */
export interface StreamShape {
	/** Frames before the first text chunk. */
	head: Frame[];
	/**
	 * The frame for one text chunk; `last` is true on the final chunk of a stream that ends
	 * normally.
	 */
	chunk: (text: string, index: number, last: boolean) => Frame;
	/** Frames after the last text chunk of a stream that ends normally. */
	tail: Frame[];
	/** The provider's in-stream error. */
	error: Frame;
}

/** How frames travel on the wire. */
export interface Encoder {
	contentType: string;
	encode: (frame: Frame, index: number) => string;
	/** Written after the last frame of a stream that ends normally or with an in-stream error. */
	close: string;
}

/** One provider's chat format. */
export interface ChatDialect {
	/** Prefix of the answer's id (`msg_`, `chatcmpl-`). */
	idPrefix: string;
	/** Whether the request asks for a streamed answer. */
	streams: (body: unknown, url: URL) => boolean;
	/** Reads the request, or returns the error the provider answers to it. */
	read: (body: unknown, url: URL) => ChatRequest | Reply;
	/** The error the provider answers to a body that is not JSON. */
	badJson: () => Reply;
	/** The non-streamed answer. */
	answer: (completion: Completion, request: ChatRequest) => unknown;
	stream: (completion: Completion, request: ChatRequest) => StreamShape;
	encoder: (url: URL) => Encoder;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The text of a message content: a string, or the text parts of a list (`{type:'text', text}` or
 * Gemini's `{text}`), joined with a space.
 * @param content
 */
export function textOf(content: unknown): string {
	if (typeof content === 'string') {
		return content;
	}
	if (!Array.isArray(content)) {
		return '';
	}
	return content
		.filter(
			(part): part is { text: string } =>
				isRecord(part) &&
				typeof part.text === 'string' &&
				(part.type === undefined || part.type === 'text')
		)
		.map((part) => part.text)
		.join(' ');
}

/**
 * A max tokens value, if it is a usable number.
 * @param value
 */
export function maxTokensOf(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0
		? value
		: undefined;
}

export function wordCount(text: string): number {
	return text.match(/\S+/g)?.length ?? 0;
}

function randomId(): string {
	return randomBytes(12).toString('hex');
}

/**
 * Answers `Echo: ` + the last user message, cut to the max tokens asked for.
 * @param request
 * @param idPrefix
 */
export function complete(request: ChatRequest, idPrefix: string): Completion {
	const full = `Echo: ${request.lastUserText}`;
	let chunks: string[] = full.match(/\s*\S+/g) ?? [];
	const trailing = full.slice(chunks.join('').length);
	let cut = false;
	if (request.maxTokens !== undefined && chunks.length > request.maxTokens) {
		chunks = chunks.slice(0, request.maxTokens);
		cut = true;
	} else if (trailing && chunks.length > 0) {
		chunks[chunks.length - 1] += trailing;
	}
	return {
		id: `${idPrefix}${randomId()}`,
		created: Math.floor(Date.now() / 1000),
		model: request.model,
		chunks,
		text: chunks.join(''),
		inputTokens: request.promptTexts.reduce(
			(sum, text) => sum + wordCount(text),
			0
		),
		outputTokens: chunks.length,
		cut,
	};
}

/** Server-sent events with a data line only (OpenAI formats). */
export const dataLines: Encoder = {
	contentType: 'text/event-stream; charset=utf-8',
	encode: (frame) => (frame.raw ? frame.data : `data: ${frame.data}\n\n`),
	close: '',
};

/** Server-sent events with an event line (Anthropic). */
export const namedEvents: Encoder = {
	contentType: 'text/event-stream; charset=utf-8',
	encode: (frame) =>
		`event: ${frame.event ?? 'message'}\ndata: ${frame.data}\n\n`,
	close: '',
};
