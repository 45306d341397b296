/**
 * The AI Assistant block on the front end: turns the server-rendered form into a streamed
 * conversation.
 *
 * Without this script the form still works (a plain POST answered by the server). With it,
 * questions go to the public route with fetch and the answer is shown as it is written. A
 * classic script without WordPress dependencies (the floor, 6.1, has no script modules): it is
 * loaded on public, possibly cached pages, so it sends no nonce and no cookies, and it trusts
 * nothing but its own config: answers are rendered by the strict Markdown subset renderer.
 */
import { readEventStream, type StreamEnd } from '../lib/event-stream';
import { renderMarkdown } from './markdown';
import './view.css';

/** The visitor-facing texts, translated by the server; these are only a fallback. */
const STRINGS = {
	thinking: 'Thinking…',
	answering: 'Writing the answer…',
	done: 'Answer complete.',
	stopped: 'Stopped.',
	error: 'The assistant couldn’t answer. Please try again.',
	empty: 'Type a question first.',
	you: 'You asked',
	assistant: 'Answer',
};

export type Strings = typeof STRINGS;

export interface Config {
	endpoint: string;
	post: number;
	block: string;
	mode: 'ask' | 'summarize';
	strings: Strings;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

const PREFIX = 'byok-ai-assistant__';

/**
 * The block's config from its `data-byok-ai-assistant` attribute, or null when it is missing
 * or not what render.php writes.
 * @param root The block's wrapper.
 */
export function readConfig(root: HTMLElement): Config | null {
	let data: unknown;
	try {
		data = JSON.parse(root.dataset.byokAiAssistant ?? '');
	} catch {
		return null;
	}
	if (typeof data !== 'object' || data === null) {
		return null;
	}
	const { endpoint, post, block, mode, strings } = data as Record<
		string,
		unknown
	>;
	if (
		typeof endpoint !== 'string' ||
		!/^https?:$/.test(urlProtocol(endpoint)) ||
		typeof post !== 'number' ||
		!Number.isInteger(post) ||
		post <= 0 ||
		typeof block !== 'string' ||
		block === '' ||
		(mode !== 'ask' && mode !== 'summarize')
	) {
		return null;
	}
	const translated: Strings = { ...STRINGS };
	if (typeof strings === 'object' && strings !== null) {
		for (const key of Object.keys(STRINGS) as Array<keyof Strings>) {
			const value = (strings as Record<string, unknown>)[key];
			if (typeof value === 'string' && value !== '') {
				translated[key] = value;
			}
		}
	}
	return { endpoint, post, block, mode, strings: translated };
}

function urlProtocol(url: string): string {
	try {
		return new URL(url, window.location.href).protocol;
	} catch {
		return '';
	}
}

/**
 * Makes one block interactive. Leaves it alone, still a working form, when its config or
 * markup is not usable, and when it was already enhanced.
 * @param root      The block's wrapper, `[data-byok-ai-assistant]`.
 * @param fetchImpl What sends the request (tests pass a fake).
 * @return Whether the block was enhanced.
 */
export function enhance(
	root: HTMLElement,
	fetchImpl: Fetch = (url, options) => window.fetch(url, options)
): boolean {
	const config = readConfig(root);
	const find = <T extends Element>(name: string): T | null =>
		root.querySelector<T>(`.${PREFIX}${name}`);
	const form = find<HTMLFormElement>('form');
	const submit = find<HTMLButtonElement>('submit');
	const status = find<HTMLElement>('status');
	const alert = find<HTMLElement>('error');
	const log = find<HTMLElement>('log');
	const textarea = find<HTMLTextAreaElement>('question');
	const ask = config?.mode === 'ask';
	if (
		!config ||
		!form ||
		!submit ||
		!status ||
		!alert ||
		!log ||
		(ask && !textarea) ||
		root.classList.contains('is-enhanced')
	) {
		return false;
	}
	const stop = find<HTMLButtonElement>('stop');
	const reset = find<HTMLButtonElement>('reset');
	const history = root.querySelector<HTMLInputElement>(
		'input[name="byok_ai_history"]'
	);
	const suggestions = Array.from(
		root.querySelectorAll<HTMLButtonElement>(`.${PREFIX}suggestion`)
	);
	root.classList.add('is-enhanced');
	const { strings } = config;
	const doc = root.ownerDocument;
	let controller: AbortController | null = null;

	const element = (tag: string, name: string, text?: string) => {
		const node = doc.createElement(tag);
		node.className = PREFIX + name;
		if (text !== undefined) {
			node.textContent = text;
		}
		return node;
	};
	const say = (text: string) => {
		status.textContent = text;
	};
	const showError = (message: string) => {
		alert.textContent = message;
		alert.hidden = message === '';
	};
	const hasTurns = () => log.querySelector(`.${PREFIX}turn`) !== null;

	/**
	 * Locks or unlocks the form while an answer is on its way. Buttons get aria-disabled
	 * rather than disabled, and the textarea readonly rather than disabled, so that focus stays
	 * where it is; requests are refused while one runs anyway.
	 * @param busy
	 */
	const setBusy = (busy: boolean) => {
		log.setAttribute('aria-busy', String(busy));
		for (const button of [submit, ...suggestions]) {
			button.setAttribute('aria-disabled', String(busy));
		}
		if (textarea) {
			textarea.readOnly = busy;
		}
		if (reset) {
			reset.hidden = busy || !ask || !(hasTurns() || history?.value);
		}
		// Focus on a control of the form (Stop is about to be hidden) goes back to where the
		// next question starts; anywhere else (the answer, the page) it stays.
		const active = doc.activeElement;
		if (stop) {
			stop.hidden = !busy;
		}
		if (!busy && active && form.contains(active) && active !== textarea) {
			(textarea ?? submit).focus({ preventScroll: true });
		}
	};

	/**
	 * Sends a question (or asks for the summary) and shows the answer as it streams.
	 * @param question     Trimmed question; '' in summarize mode.
	 * @param fromTextarea Whether it is the textarea's text, cleared once answered.
	 */
	const send = async (question: string, fromTextarea: boolean) => {
		if (controller) {
			return;
		}
		showError('');
		if (ask && question === '') {
			showError(strings.empty);
			textarea?.focus();
			return;
		}

		const turn = element('div', 'turn');
		if (ask) {
			const asked = element('p', 'asked');
			asked.append(element('span', 'sr', `${strings.you}: `), question);
			turn.append(asked);
		}
		const answer = element('div', 'answer');
		turn.append(element('span', 'sr', strings.assistant), answer);
		if (!ask) {
			// One summary at a time: a new one replaces the last.
			log.replaceChildren();
		}
		log.append(turn);

		const current = new AbortController();
		controller = current;
		setBusy(true);
		say(strings.thinking);

		let text = '';
		let frame = 0;
		let failure = strings.error;
		let token = '';
		const paint = () => {
			frame = 0;
			answer.replaceChildren(renderMarkdown(text, doc));
		};

		const body: Record<string, unknown> = {
			post: config.post,
			block: config.block,
		};
		if (ask) {
			body.question = question;
			if (history?.value) {
				body.history = history.value;
			}
		}
		body.stream = true;

		let end: StreamEnd;
		try {
			const response = await fetchImpl(config.endpoint, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					Accept: 'text/event-stream',
				},
				body: JSON.stringify(body),
				// A public route: the visitor is nobody to it, and a cached page has no nonce.
				credentials: 'omit',
				signal: current.signal,
			});
			if (response.ok) {
				end = await readEventStream<string>(
					response,
					{
						onDelta: (piece) => {
							if (text === '') {
								say(strings.answering);
							}
							text += piece;
							// Re-render at most once a frame; the end renders for sure.
							frame ||= window.requestAnimationFrame(paint);
						},
						onDone: (data) => {
							token =
								typeof data.history === 'string'
									? data.history
									: '';
						},
						onError: (message) => {
							failure = message;
						},
					},
					{
						cutOff: () => strings.error,
						unreadable: () => strings.error,
						fromEvent: (data) => data.message || strings.error,
					},
					current.signal
				);
			} else {
				failure = await errorMessage(response, strings.error);
				end = 'error';
			}
		} catch {
			// Offline, blocked, or a stream that could not even start.
			end = 'error';
		}
		if (current.signal.aborted) {
			end = 'aborted';
		}

		if (frame) {
			window.cancelAnimationFrame(frame);
		}
		paint();
		if (end === 'done') {
			say(strings.done);
			if (token && history) {
				history.value = token;
			}
			if (fromTextarea && textarea) {
				textarea.value = '';
			}
		} else if (end === 'error') {
			turn.classList.add('is-error');
			say('');
			showError(failure);
		} else {
			turn.classList.add('is-stopped');
			say(strings.stopped);
		}
		controller = null;
		setBusy(false);
	};

	form.addEventListener('submit', (event) => {
		event.preventDefault();
		send(textarea?.value.trim() ?? '', true);
	});
	for (const button of suggestions) {
		button.addEventListener('click', (event) => {
			// A suggestion is a submit button (for the script-less form): not here.
			event.preventDefault();
			send(button.value.trim(), false);
		});
	}
	textarea?.addEventListener('keydown', (event) => {
		// Enter writes a new line; Ctrl+Enter or Cmd+Enter sends.
		if (
			event.key === 'Enter' &&
			(event.ctrlKey || event.metaKey) &&
			!event.isComposing
		) {
			event.preventDefault();
			send(textarea.value.trim(), true);
		}
	});
	stop?.addEventListener('click', () => controller?.abort());
	reset?.addEventListener('click', () => {
		if (controller) {
			return;
		}
		if (history) {
			history.value = '';
		}
		log.replaceChildren();
		reset.hidden = true;
		showError('');
		say('');
		textarea?.focus();
	});
	return true;
}

/**
 * The message of a JSON WP_Error, or the fallback when the body is something else (a proxy's
 * error page, …). Shown as text only.
 * @param response
 * @param fallback
 */
async function errorMessage(
	response: Response,
	fallback: string
): Promise<string> {
	try {
		const body: unknown = await response.json();
		const message =
			typeof body === 'object' && body !== null
				? (body as { message?: unknown }).message
				: undefined;
		return typeof message === 'string' && message.trim() !== ''
			? message
			: fallback;
	} catch {
		return fallback;
	}
}

/**
 * Enhances every AI Assistant block in the document.
 * @param doc
 */
export function init(doc: Document = document): void {
	doc.querySelectorAll<HTMLElement>('[data-byok-ai-assistant]').forEach(
		(root) => enhance(root)
	);
}

if (typeof document !== 'undefined') {
	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', () => init());
	} else {
		init();
	}
}
