/**
 * One question to the block's public route, its answer read as it streams.
 *
 * Kept apart from the store (view.ts) so that it is plain code: no scope, no signals. Public,
 * possibly cached pages call it, so it sends no nonce and no cookies.
 */
import { readEventStream, type StreamEnd } from '../lib/event-stream';

/** The visitor-facing texts, translated by the server (render.php's wp_interactivity_state()). */
export interface Strings {
	thinking: string;
	answering: string;
	done: string;
	stopped: string;
	error: string;
	empty: string;
	/** While another visitor's request writes the summary (byok_ai_summary_pending). */
	pending: string;
}

/** What POST /byok-ai/v1/assistant takes. */
export interface Question {
	post: number;
	block: string;
	/** Absent in summarize mode. */
	question?: string;
	/** The signed token of the earlier turns. */
	history?: string;
}

export interface Answer {
	end: StreamEnd;
	/** Why it failed, for people; '' unless `end` is 'error'. */
	message: string;
	/** The signed token for a follow-up; '' when there is none. */
	history: string;
	/**
	 * Seconds after which to ask again: the server accepted the request but another one is
	 * writing the answer (202, byok_ai_summary_pending); 0 otherwise.
	 */
	retryAfter: number;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Sends a question and reports the answer's pieces as they arrive. Never rejects: a network
 * failure, an HTTP error or a broken stream is an 'error' with a message to show.
 * @param endpoint  The route's URL.
 * @param question  The request's body.
 * @param onDelta   Called with each piece of the answer.
 * @param fallback  The message when nothing better is known.
 * @param signal    Aborts the request (Stop).
 * @param fetchImpl What sends it (tests pass a fake).
 */
export async function ask(
	endpoint: string,
	question: Question,
	onDelta: (piece: string) => void,
	fallback: string,
	signal: AbortSignal,
	fetchImpl: Fetch = (url, init) => window.fetch(url, init)
): Promise<Answer> {
	let message = fallback;
	let history = '';
	let retryAfter = 0;
	let end: StreamEnd;
	try {
		const response = await fetchImpl(endpoint, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				Accept: 'text/event-stream',
			},
			body: JSON.stringify({ ...question, stream: true }),
			// A public route: the visitor is nobody to it, and a cached page has no nonce.
			credentials: 'omit',
			signal,
		});
		if (response.status === 202) {
			const body = await jsonBody(response);
			const wait = Number(body?.data?.retry_after);
			retryAfter = wait > 0 ? Math.min(wait, 30) : 2;
			message = messageOf(body, fallback);
			end = 'error';
		} else if (response.ok) {
			end = await readEventStream<string>(
				response,
				{
					onDelta,
					onDone: (data) => {
						history =
							typeof data.history === 'string'
								? data.history
								: '';
					},
					onError: (error) => {
						message = error;
					},
				},
				{
					cutOff: () => fallback,
					unreadable: () => fallback,
					fromEvent: (data) => data.message || fallback,
				},
				signal
			);
		} else {
			message = messageOf(await jsonBody(response), fallback);
			end = 'error';
		}
	} catch {
		// Offline, blocked, or a stream that could not even start.
		end = 'error';
	}
	if (signal.aborted) {
		end = 'aborted';
	}
	return {
		end,
		message: end === 'error' ? message : '',
		history,
		retryAfter: end === 'error' ? retryAfter : 0,
	};
}

/** A JSON WP_Error's parts that matter here. */
interface ErrorBody {
	message?: unknown;
	data?: { retry_after?: unknown } | null;
}

/**
 * The response's JSON body, or null when it is something else (a proxy's error page, …).
 * @param response
 */
async function jsonBody(response: Response): Promise<ErrorBody | null> {
	try {
		const body: unknown = await response.json();
		return typeof body === 'object' && body !== null
			? (body as ErrorBody)
			: null;
	} catch {
		return null;
	}
}

/**
 * The message of a JSON WP_Error, or the fallback. Shown as text only.
 * @param body
 * @param fallback
 */
function messageOf(body: ErrorBody | null, fallback: string): string {
	const message = body?.message;
	return typeof message === 'string' && message.trim() !== ''
		? message
		: fallback;
}
