/**
 * The AI Assistant block on the front end: a script module on the Interactivity API
 * (`byok-ai/assistant`), like core's search and image blocks.
 *
 * render.php draws a working form with directives, and the block's context and the translated
 * strings (wp_interactivity_state()). Without this module the form still works (a plain POST
 * answered by the server). With it, questions go to the public route and the answer streams into
 * the block's context; each answer element renders its text with the strict Markdown subset
 * (DOM nodes only, never HTML). The module trusts nothing but the server's state and context.
 */
import { getContext, getElement, store } from '@wordpress/interactivity';
import { ask, type Answer, type Question, type Strings } from './ask';
import { renderMarkdown } from './markdown';
import './view.css';

/** One question and its answer, as the log shows it. */
export interface Turn {
	/** The list's key. */
	id: number;
	question: string;
	/** Markdown, as written so far. */
	answer: string;
	failed: boolean;
	stopped: boolean;
}

/**
 * A block's context (render.php). The flags that bindings read are kept in step by `settle()`:
 * the server renders them, which it couldn't do with negations or client-side derived state.
 */
export interface Context {
	post: number;
	block: string;
	ask: boolean;
	history: string;
	turns: Turn[];
	busy: boolean;
	stopHidden: boolean;
	resetHidden: boolean;
	status: string;
	error: string;
	errorHidden: boolean;
	/** The script-less answer the server rendered is gone (new conversation or summary). */
	cleared: boolean;
}

export interface State {
	endpoint: string;
	strings: Strings;
}

type Action<E extends Event> = ((event: E) => void) & { sync?: boolean };

/**
 * Marks an action that uses its event synchronously (preventDefault, submitter), as
 * withSyncEvent() does on WordPress 6.8+: it sets this flag. Importing withSyncEvent would break
 * the module on 6.6 and 6.7, whose runtime doesn't export it; there every action gets the event
 * synchronously anyway.
 * @param action
 */
function withSyncEvent<E extends Event>(action: Action<E>): Action<E> {
	action.sync = true;
	return action;
}

/** How many times a pending summary is asked for again, and the longest pause (seconds). */
const MAX_WAITS = 8;
const LONGEST_WAIT = 10;

/**
 * Resolves after `ms`, or at once when the signal aborts (Stop).
 * @param ms
 * @param signal
 */
function pause(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener(
			'abort',
			() => {
				clearTimeout(timer);
				resolve();
			},
			{ once: true }
		);
	});
}

/** Each form's request in flight, for Stop. */
const requests = new WeakMap<HTMLFormElement, AbortController>();
let lastTurn = 0;

/**
 * Brings the bound flags in line with the rest of the context.
 * @param ctx
 */
export function settle(ctx: Context): void {
	ctx.stopHidden = !ctx.busy;
	ctx.resetHidden =
		ctx.busy || !ctx.ask || (ctx.turns.length === 0 && ctx.history === '');
	ctx.errorHidden = ctx.error === '';
}

/**
 * Shows a message in the block's alert ('' hides it).
 * @param ctx
 * @param message
 */
function showError(ctx: Context, message: string): void {
	ctx.error = message;
	settle(ctx);
}

const { state, actions } = store('byok-ai/assistant', {
	state: {} as State,
	actions: {
		/**
		 * The form's submit: the question typed, a suggestion, or "New conversation" (all
		 * submit buttons, for the script-less form).
		 */
		submit: withSyncEvent((event: SubmitEvent) => {
			event.preventDefault();
			const form = getElement().ref as HTMLFormElement;
			const submitter = event.submitter as HTMLButtonElement | null;
			if (submitter?.name === 'byok_ai_reset') {
				actions.reset(form);
				return;
			}
			const textarea = form.querySelector('textarea');
			const suggestion = submitter?.name === 'byok_ai_suggestion';
			const question = suggestion
				? submitter.value
				: (textarea?.value ?? '');
			actions.send(form, question.trim(), suggestion ? null : textarea);
		}),

		/** Enter writes a new line; Ctrl+Enter or Cmd+Enter sends. */
		keydown: withSyncEvent((event: KeyboardEvent) => {
			if (
				event.key === 'Enter' &&
				(event.ctrlKey || event.metaKey) &&
				!event.isComposing
			) {
				event.preventDefault();
				(event.target as HTMLTextAreaElement).form?.requestSubmit();
			}
		}),

		/** Stop: ends the request; what was written stays. */
		stop() {
			const form = (getElement().ref as HTMLButtonElement | null)?.form;
			if (form) {
				requests.get(form)?.abort();
			}
		},

		/**
		 * A new conversation: the log and the signed history go.
		 * @param form
		 */
		reset(form: HTMLFormElement) {
			const ctx = getContext<Context>();
			if (ctx.busy) {
				return;
			}
			ctx.history = '';
			ctx.turns = [];
			ctx.cleared = true;
			ctx.status = '';
			showError(ctx, '');
			form.querySelector('textarea')?.focus();
		},

		/**
		 * Sends a question (or asks for the summary) and streams the answer into a new turn.
		 * @param form     The block's form.
		 * @param question Trimmed; '' in summarize mode.
		 * @param field    The textarea when the question is its text (emptied once answered).
		 */
		*send(
			form: HTMLFormElement,
			question: string,
			field: HTMLTextAreaElement | null
		): Generator<Promise<Answer | void>, void, Answer> {
			const ctx = getContext<Context>();
			const { strings } = state;
			if (ctx.busy) {
				return; // Buttons are aria-disabled, not disabled: focus stays.
			}
			showError(ctx, '');
			if (ctx.ask && question === '') {
				showError(ctx, strings.empty);
				field?.focus();
				return;
			}

			const turn: Turn = {
				id: ++lastTurn,
				question,
				answer: '',
				failed: false,
				stopped: false,
			};
			if (ctx.ask) {
				ctx.turns.push(turn);
			} else {
				// One summary at a time: a new one replaces the last.
				ctx.turns = [turn];
				ctx.cleared = true;
			}
			// The context's own (reactive) copy.
			const shown = ctx.turns[ctx.turns.length - 1] ?? turn;
			const request = new AbortController();
			requests.set(form, request);
			ctx.busy = true;
			ctx.status = strings.thinking;
			settle(ctx);

			const body: Question = { post: ctx.post, block: ctx.block };
			if (ctx.ask) {
				body.question = question;
				if (ctx.history !== '') {
					body.history = ctx.history;
				}
			}
			let answer: Answer;
			// A summary another request is writing: the server answers at once with a hint
			// (retryAfter), followed here with growing pauses, a few times.
			for (let waits = 1; ; waits++) {
				answer = yield ask(
					state.endpoint,
					body,
					(piece) => {
						if (shown.answer === '') {
							ctx.status = strings.answering;
						}
						shown.answer += piece;
					},
					strings.error,
					request.signal
				);
				if (answer.retryAfter === 0 || waits > MAX_WAITS) {
					break;
				}
				ctx.status = strings.pending;
				yield pause(
					Math.min(answer.retryAfter * waits, LONGEST_WAIT) * 1000,
					request.signal
				);
				if (request.signal.aborted) {
					answer = { ...answer, end: 'aborted' };
					break;
				}
			}

			requests.delete(form);
			if (answer.end === 'done') {
				ctx.status = strings.done;
				if (answer.history !== '') {
					ctx.history = answer.history;
				}
				if (field) {
					field.value = '';
				}
			} else if (answer.end === 'error') {
				shown.failed = true;
				ctx.status = '';
				ctx.error = answer.message;
			} else {
				shown.stopped = true;
				ctx.status = strings.stopped;
			}
			ctx.busy = false;
			settle(ctx);
			// Focus on a control of the form (Stop is about to be hidden) goes back to where the
			// next question starts; anywhere else (the answer, the page) it stays.
			const active = form.ownerDocument.activeElement;
			if (active && form.contains(active) && active !== field) {
				(
					form.querySelector('textarea') ??
					form.querySelector<HTMLElement>('[type="submit"]')
				)?.focus({ preventScroll: true });
			}
		},
	},
	callbacks: {
		/** Renders a turn's answer into its element, at most once a frame (watch). */
		paint() {
			const { turn } = getContext<{ turn: Turn }>();
			const { ref } = getElement();
			ref?.replaceChildren(
				renderMarkdown(turn.answer, ref.ownerDocument)
			);
		},
	},
});
