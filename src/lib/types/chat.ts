/**
 * POST /chat: the request, the answer and the stream's events.
 */
export type ChatRole = 'user' | 'assistant';

export interface ChatMessage {
	role: ChatRole;
	content: string;
}

/** Body of POST /chat without `stream`, which chat() and streamChat() set. */
export interface ChatRequest {
	/** 1 to 20 messages; the last one is the user's. */
	messages: ChatMessage[];
	system?: string;
	provider?: string;
	model?: string;
	max_tokens?: number;
	temperature?: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'other';

export interface TokenUsage {
	input_tokens: number;
	output_tokens: number;
}

/** A provider that failed and was skipped by the fallback chain. */
export interface Attempt {
	provider: string;
	code: string;
}

export interface ChatResponse {
	text: string;
	finish_reason: FinishReason;
	provider: string;
	model: string;
	usage: TokenUsage;
	attempts: Attempt[];
}

/** Data of the stream's `start` event. */
export interface StreamStart {
	provider: string;
	model: string;
}

/** Data of the stream's `done` event. */
export type StreamDone = Omit<ChatResponse, 'text'>;
