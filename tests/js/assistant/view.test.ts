/**
 * The block's view module on the real Interactivity API runtime (@wordpress/interactivity from
 * node_modules): server-rendered markup with directives and context, the server's state in its
 * JSON script, hydration, then the visitor's actions. Only fetch is fake.
 *
 * SCRIPT_DEBUG is on, so the runtime warns about deprecated use (an event used without
 * withSyncEvent, negations, …), and @wordpress/jest-console fails a test on any warning.
 */
import { waitFor } from '@testing-library/dom';
import {
	abortError,
	errorResponse,
	fakeStream,
	sse,
	streamOf,
	type FakeStream,
} from '../sse';

const ENDPOINT = 'https://site.example/wp-json/byok-ai/v1/assistant';

const STRINGS = {
	thinking: 'Thinking…',
	answering: 'Writing the answer…',
	done: 'Answer complete.',
	stopped: 'Stopped.',
	error: 'The assistant couldn’t answer. Please try again.',
	empty: 'Type a question first.',
	pending: 'Writing the summary…',
};

interface MountOptions {
	mode?: 'ask' | 'summarize';
	suggestions?: string[];
	/** A script-less answer the server rendered (with its history token). */
	served?: { question: string; answer: string; history: string };
}

/**
 * Text as HTML, for the test's own markup.
 * @param text
 */
const esc = (text: string) =>
	text.replace(
		/[&<>"]/g,
		(c) =>
			({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c
	);

/**
 * What Block::form() renders, after core processed the directives on the server.
 * @param options
 */
function markup(options: MountOptions): string {
	const { mode = 'ask', suggestions = [], served } = options;
	const ask = mode === 'ask';
	const history = served?.history ?? '';
	const hidden = (on: boolean) => (on ? ' hidden' : '');
	return `
<div class="wp-block-byok-ai-assistant is-mode-${mode}" id="byok-ai-abc" data-wp-interactive="byok-ai/assistant">
<form class="byok-ai-assistant__form" method="post" action="https://site.example/hello/#byok-ai-abc" data-wp-on--submit="actions.submit">
<input type="hidden" name="byok_ai_block" value="abc">
<input type="hidden" name="byok_ai_post" value="123">
<input type="hidden" name="byok_ai_history" value="${esc(history)}" data-wp-bind--value="context.history">
${
	ask
		? `<label for="byok-ai-q-abc" class="byok-ai-assistant__label">Ask a question about this post</label>
<textarea id="byok-ai-q-abc" name="byok_ai_question" class="byok-ai-assistant__question" rows="3" maxlength="1000" data-wp-bind--readonly="context.busy" data-wp-on--keydown="actions.keydown"></textarea>
${
	suggestions.length
		? `<div class="byok-ai-assistant__suggestions">${suggestions
				.map(
					(s) =>
						`<button type="submit" name="byok_ai_suggestion" value="${esc(s)}" class="byok-ai-assistant__suggestion" data-wp-bind--aria-disabled="context.busy" aria-disabled="false">${esc(s)}</button>`
				)
				.join('')}</div>`
		: ''
}`
		: ''
}
<div class="byok-ai-assistant__actions">
<button type="submit" class="byok-ai-assistant__submit wp-element-button" data-wp-bind--aria-disabled="context.busy" aria-disabled="false">${ask ? 'Ask' : 'Summarize this post'}</button>
<button type="button" class="byok-ai-assistant__stop" hidden data-wp-bind--hidden="context.stopHidden" data-wp-on--click="actions.stop">Stop</button>
<button type="submit" name="byok_ai_reset" value="1" class="byok-ai-assistant__reset"${hidden(history === '')} data-wp-bind--hidden="context.resetHidden">New conversation</button>
</div></form>
<p class="byok-ai-assistant__status" role="status" aria-live="polite" data-wp-text="context.status"></p>
<p class="byok-ai-assistant__error" role="alert" hidden data-wp-bind--hidden="context.errorHidden" data-wp-text="context.error"></p>
<div class="byok-ai-assistant__log" aria-live="polite" aria-busy="false" data-wp-bind--aria-busy="context.busy">${
		served
			? `<div class="byok-ai-assistant__turn" data-wp-bind--hidden="context.cleared">${ask ? `<p class="byok-ai-assistant__asked">${esc(served.question)}</p>` : ''}<div class="byok-ai-assistant__answer">${esc(served.answer)}</div></div>`
			: ''
	}<template data-wp-each--turn="context.turns" data-wp-each-key="context.turn.id"><div class="byok-ai-assistant__turn" data-wp-class--is-error="context.turn.failed" data-wp-class--is-stopped="context.turn.stopped">${ask ? '<p class="byok-ai-assistant__asked"><span class="byok-ai-assistant__sr">You asked: </span><span data-wp-text="context.turn.question"></span></p>' : ''}<span class="byok-ai-assistant__sr">Answer</span><div class="byok-ai-assistant__answer" data-wp-watch="callbacks.paint"></div></div></template></div>
<span class="test-hydrated" data-wp-text="context.block"></span>
</div>`;
}

/**
 * Puts the server's markup, context and state in the document, loads the view module in a
 * fresh module registry (a fresh runtime) and waits for it to hydrate the block.
 * @param options
 */
async function mount(options: MountOptions = {}) {
	const { mode = 'ask', served } = options;
	const history = served?.history ?? '';
	document.body.innerHTML = markup(options);
	const root = document.getElementById('byok-ai-abc') as HTMLElement;
	root.setAttribute(
		'data-wp-context',
		JSON.stringify({
			post: 123,
			block: 'abc',
			ask: mode === 'ask',
			history,
			turns: [],
			busy: false,
			stopHidden: true,
			resetHidden: history === '',
			status: '',
			error: '',
			errorHidden: true,
			cleared: false,
		})
	);
	const data = document.createElement('script');
	data.type = 'application/json';
	data.id = 'wp-script-module-data-@wordpress/interactivity';
	data.textContent = JSON.stringify({
		state: {
			'byok-ai/assistant': { endpoint: ENDPOINT, strings: STRINGS },
		},
	});
	document.body.append(data);

	const fetchMock = jest.fn<Promise<Response>, [string, RequestInit]>();
	window.fetch = fetchMock as unknown as typeof window.fetch;
	await jest.isolateModulesAsync(async () => {
		await import('../../../src/assistant/view');
	});
	await waitFor(() =>
		expect(root.querySelector('.test-hydrated')?.textContent).toBe('abc')
	);

	const find = <T extends HTMLElement>(name: string): T => {
		const element = root.querySelector<T>(`.byok-ai-assistant__${name}`);
		if (!element) {
			throw new Error(`No ${name}`);
		}
		return element;
	};
	const ui = {
		root,
		fetchMock,
		get textarea() {
			return find<HTMLTextAreaElement>('question');
		},
		form: find<HTMLFormElement>('form'),
		submit: find<HTMLButtonElement>('submit'),
		stop: find<HTMLButtonElement>('stop'),
		reset: find<HTMLButtonElement>('reset'),
		status: find<HTMLElement>('status'),
		error: find<HTMLElement>('error'),
		log: find<HTMLElement>('log'),
		history: root.querySelector<HTMLInputElement>(
			'input[name="byok_ai_history"]'
		) as HTMLInputElement,
		suggestions: Array.from(
			root.querySelectorAll<HTMLButtonElement>(
				'.byok-ai-assistant__suggestion'
			)
		),
		/** The turns shown (the template's own content aside). */
		turns: () =>
			Array.from(
				root.querySelectorAll<HTMLElement>(
					'.byok-ai-assistant__log > .byok-ai-assistant__turn'
				)
			).filter((turn) => !turn.hidden),
		/** The last turn's answer, without the screen-reader label. */
		answer: () =>
			ui
				.turns()
				.at(-1)
				?.querySelector<HTMLElement>('.byok-ai-assistant__answer') ??
			null,
		/**
		 * What the n-th call to fetch sent.
		 * @param call
		 */
		sent: (call = 0) => {
			const [url, init] = fetchMock.mock.calls[call] ?? [];
			return {
				url,
				init: init as RequestInit,
				body: JSON.parse(String(init?.body)) as Record<string, unknown>,
			};
		},
		/**
		 * Types a question and presses the Ask button.
		 * @param question
		 */
		ask: (question: string) => {
			ui.textarea.value = question;
			ui.submit.click();
		},
	};
	return ui;
}

type Ui = Awaited<ReturnType<typeof mount>>;

/**
 * Expects the form to be locked while an answer streams, or unlocked (once rendered).
 * @param ui
 * @param busy
 */
async function expectBusy(ui: Ui, busy: boolean) {
	await waitFor(() => {
		expect(ui.log.getAttribute('aria-busy')).toBe(String(busy));
		expect(ui.stop.hidden).toBe(!busy);
		for (const button of [ui.submit, ...ui.suggestions]) {
			expect(button.getAttribute('aria-disabled')).toBe(String(busy));
		}
		if (ui.root.querySelector('textarea')) {
			expect(ui.textarea.readOnly).toBe(busy);
		}
	});
}

/**
 * Answers the next fetch with a stream the test writes to.
 * @param ui
 */
function streaming(ui: Ui): FakeStream {
	const stream = fakeStream();
	ui.fetchMock.mockResolvedValueOnce(stream.response);
	return stream;
}

const finished = (ui: Ui) => expectBusy(ui, false);

/**
 * A finished answer for the next fetch.
 * @param ui
 * @param text
 * @param done
 */
function answers(ui: Ui, text: string, done: Record<string, unknown> = {}) {
	ui.fetchMock.mockResolvedValueOnce(
		streamOf([
			sse('delta', { text }),
			sse('done', { finish_reason: 'stop', ...done }),
		]).response
	);
}

beforeAll(async () => {
	// jsdom has no navigation timing: the runtime hydrates once the DOM is ready.
	performance.getEntriesByType = ((type: string) =>
		type === 'navigation'
			? [{ domContentLoadedEventStart: 1 }]
			: []) as unknown as typeof performance.getEntriesByType;
	(globalThis as { SCRIPT_DEBUG?: boolean }).SCRIPT_DEBUG = true;
	// Compiling the runtime (babel) takes seconds the first time: not within a test's time.
	await jest.isolateModulesAsync(async () => {
		await import('../../../src/assistant/view');
	});
}, 60_000);

afterEach(() => {
	document.body.replaceChildren();
});

describe('the assistant block’s view module', () => {
	it('locks the form, shows the answer as it streams, then unlocks it', async () => {
		const ui = await mount({ suggestions: ['What is X?'] });
		const stream = streaming(ui);
		ui.textarea.focus();
		ui.ask('  What does it say?  ');

		expect(ui.fetchMock).toHaveBeenCalledTimes(1);
		await expectBusy(ui, true);
		expect(ui.status.textContent).toBe('Thinking…');
		expect(ui.turns()).toHaveLength(1);
		expect(
			ui.turns()[0]?.querySelector('.byok-ai-assistant__asked')
				?.textContent
		).toBe('You asked: What does it say?');

		stream.push(sse('start', {}));
		stream.push(sse('delta', { text: 'It says ' }));
		await waitFor(() => expect(ui.answer()?.textContent).toBe('It says'));
		expect(ui.status.textContent).toBe('Writing the answer…');

		stream.push(sse('delta', { text: '**two** things' }));
		await waitFor(() =>
			expect(ui.answer()?.querySelector('strong')?.textContent).toBe(
				'two'
			)
		);
		expect(ui.answer()?.textContent).toBe('It says two things');
		await expectBusy(ui, true);

		stream.push(sse('done', { finish_reason: 'stop', history: 'tok-1' }));
		await finished(ui);
		expect(ui.status.textContent).toBe('Answer complete.');
		expect(ui.history.value).toBe('tok-1');
		expect(ui.reset.hidden).toBe(false);
		expect(ui.textarea.value).toBe('');
		expect(ui.error.hidden).toBe(true);
		expect(ui.turns()[0]?.classList.contains('is-error')).toBe(false);
		expect(ui.root.ownerDocument.activeElement).toBe(ui.textarea);
	});

	it('sends exactly post, block, question, history and stream, without cookies or nonce', async () => {
		const ui = await mount();
		answers(ui, 'One', { history: 'tok-1' });
		ui.ask('First?');
		await waitFor(() => expect(ui.history.value).toBe('tok-1'));

		const first = ui.sent(0);
		expect(first.url).toBe(ENDPOINT);
		expect(first.init.method).toBe('POST');
		expect(first.init.credentials).toBe('omit');
		expect(first.init.headers).toEqual({
			'Content-Type': 'application/json',
			Accept: 'text/event-stream',
		});
		expect(first.body).toEqual({
			post: 123,
			block: 'abc',
			question: 'First?',
			stream: true,
		});

		answers(ui, 'Two', { history: 'tok-2' });
		ui.ask('Second?');
		await waitFor(() => expect(ui.history.value).toBe('tok-2'));

		const second = ui.sent(1);
		expect(second.body).toEqual({
			post: 123,
			block: 'abc',
			question: 'Second?',
			history: 'tok-1',
			stream: true,
		});
		expect(JSON.stringify(second.init.headers)).not.toMatch(/nonce/i);
		expect(ui.turns()).toHaveLength(2);
		expect(ui.turns().map((turn) => turn.textContent)).toEqual([
			'You asked: First?AnswerOne',
			'You asked: Second?AnswerTwo',
		]);
	});

	it('continues the conversation the script-less form started', async () => {
		const ui = await mount({
			served: {
				question: 'Before?',
				answer: 'Earlier',
				history: 'tok-0',
			},
		});
		expect(ui.reset.hidden).toBe(false);
		answers(ui, 'Later', { history: 'tok-1' });
		ui.ask('After?');
		await waitFor(() => expect(ui.history.value).toBe('tok-1'));
		expect(ui.sent().body.history).toBe('tok-0');
		expect(ui.turns()).toHaveLength(2);

		// A new conversation clears the server's turn too.
		ui.reset.click();
		await waitFor(() => expect(ui.turns()).toHaveLength(0));
	});

	it('stops on Stop, keeps the partial answer and leaves the history alone', async () => {
		const ui = await mount({
			served: { question: 'Q', answer: 'A', history: 'tok-0' },
		});
		const stream = streaming(ui);
		ui.ask('Long answer please');
		stream.push(sse('delta', { text: 'Partial' }));
		await waitFor(() => expect(ui.answer()?.textContent).toBe('Partial'));
		await waitFor(() => expect(ui.stop.hidden).toBe(false));

		ui.stop.focus();
		ui.stop.click();
		await finished(ui);

		expect(ui.sent().init.signal?.aborted).toBe(true);
		expect(stream.cancelled).toHaveBeenCalled();
		expect(ui.status.textContent).toBe('Stopped.');
		expect(ui.answer()?.textContent).toBe('Partial');
		expect(ui.turns().at(-1)?.classList.contains('is-stopped')).toBe(true);
		expect(ui.error.hidden).toBe(true);
		expect(ui.history.value).toBe('tok-0');
		expect(ui.textarea.value).toBe('Long answer please');
		expect(ui.root.ownerDocument.activeElement).toBe(ui.textarea);
	});

	it('stops before the answer starts', async () => {
		const ui = await mount();
		ui.fetchMock.mockImplementationOnce(
			(_url, init) =>
				new Promise((_resolve, reject) =>
					init.signal?.addEventListener('abort', () =>
						reject(abortError())
					)
				)
		);
		ui.ask('Anything?');
		await waitFor(() => expect(ui.stop.hidden).toBe(false));
		ui.stop.click();
		await finished(ui);
		expect(ui.status.textContent).toBe('Stopped.');
		expect(ui.error.hidden).toBe(true);
	});

	it('shows the server’s message for a JSON error such as the visitor limit', async () => {
		const ui = await mount();
		const message =
			'You have asked many questions. Please try again in 12 minutes.';
		ui.fetchMock.mockResolvedValueOnce(
			errorResponse(429, {
				code: 'byok_ai_visitor_limited',
				message,
				data: { status: 429, retry_after: 720 },
			})
		);
		ui.ask('One more?');
		await waitFor(() => expect(ui.error.hidden).toBe(false));
		await finished(ui);

		expect(ui.error.textContent).toBe(message);
		expect(ui.status.textContent).toBe('');
		expect(ui.turns()[0]?.classList.contains('is-error')).toBe(true);
		// The question is still there to try again later.
		expect(ui.textarea.value).toBe('One more?');
	});

	it.each([
		['an error page', () => errorResponse(502, '<html>Bad gateway</html>')],
		['a JSON body without message', () => errorResponse(500, { a: 1 })],
		[
			'a network failure',
			() => Promise.reject(new TypeError('Failed to fetch')),
		],
		[
			'a stream cut off before done',
			() => streamOf([sse('delta', { text: 'Half' })]).response,
		],
	])('shows the generic message for %s', async (_name, response) => {
		const ui = await mount();
		ui.fetchMock.mockImplementationOnce(async () => response());
		ui.ask('Hello?');
		await waitFor(() => expect(ui.error.textContent).toBe(STRINGS.error));
		expect(ui.error.hidden).toBe(false);
		expect(ui.turns()[0]?.classList.contains('is-error')).toBe(true);
		await finished(ui);
	});

	it('keeps the partial answer when the stream ends with an error event', async () => {
		const ui = await mount();
		const stream = streaming(ui);
		ui.ask('Hello?');
		stream.push(sse('delta', { text: 'Half an' }));
		stream.push(
			sse('error', {
				code: 'byok_ai_upstream',
				message: 'The AI provider stopped answering.',
			})
		);
		await waitFor(() =>
			expect(ui.error.textContent).toBe(
				'The AI provider stopped answering.'
			)
		);
		expect(ui.answer()?.textContent).toBe('Half an');
		expect(ui.turns()[0]?.classList.contains('is-error')).toBe(true);
		expect(ui.history.value).toBe('');
	});

	it('renders a hostile streamed answer inert', async () => {
		const ui = await mount();
		const hostile =
			'Hi <script>alert(1)</script> <img src=x onerror=alert(1)> ' +
			'[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) ![a](https://evil.example/x.png) ' +
			'<a href="javascript:alert(1)">z</a> <iframe src="https://evil.example/"></iframe> ' +
			'<svg onload=alert(1)></svg> <style>body{display:none}</style> ' +
			'[ok](https://example.com/)';
		// Cut into pieces so that markup is split between deltas.
		const pieces = hostile.match(/[^]{1,7}/g) ?? [];
		ui.fetchMock.mockResolvedValueOnce(
			streamOf([
				...pieces.map((text) => sse('delta', { text })),
				sse('done', { finish_reason: 'stop' }),
			]).response
		);
		ui.ask('Tell me');
		await waitFor(() =>
			expect(ui.status.textContent).toBe('Answer complete.')
		);
		// The last piece painted: the one link.
		await waitFor(() =>
			expect(ui.answer()?.querySelector('a')).not.toBeNull()
		);

		expect(ui.answer()?.textContent).toContain('<script>alert(1)</script>');
		expect(
			ui.log.querySelectorAll(
				'.byok-ai-assistant__turn img, .byok-ai-assistant__turn script, iframe, svg, style, object, embed, link'
			)
		).toHaveLength(0);
		for (const element of Array.from(ui.log.querySelectorAll('*'))) {
			expect(
				element.getAttributeNames().filter((name) => /^on/i.test(name))
			).toEqual([]);
		}
		const links = Array.from(ui.log.querySelectorAll('a'));
		expect(links.map((link) => link.getAttribute('href'))).toEqual([
			'https://example.com/',
		]);
	});

	it('leaves focus that moved elsewhere on the page alone', async () => {
		const ui = await mount();
		const elsewhere = document.createElement('input');
		document.body.append(elsewhere);
		const stream = streaming(ui);
		ui.ask('Hello?');
		elsewhere.focus();
		stream.push(sse('done', { finish_reason: 'stop' }));
		await finished(ui);
		await waitFor(() =>
			expect(ui.status.textContent).toBe('Answer complete.')
		);
		expect(ui.root.ownerDocument.activeElement).toBe(elsewhere);
	});

	it('refuses an empty question without sending anything', async () => {
		const ui = await mount();
		ui.ask('   \n ');
		expect(ui.fetchMock).not.toHaveBeenCalled();
		await waitFor(() => expect(ui.error.hidden).toBe(false));
		expect(ui.error.textContent).toBe('Type a question first.');
		expect(ui.root.ownerDocument.activeElement).toBe(ui.textarea);
		expect(ui.turns()).toHaveLength(0);
		await expectBusy(ui, false);
	});

	it('sends no second request while one runs', async () => {
		const ui = await mount({ suggestions: ['What is X?'] });
		streaming(ui);
		ui.ask('First?');
		ui.ask('Second?');
		ui.suggestions[0]?.click();
		ui.textarea.dispatchEvent(
			new KeyboardEvent('keydown', {
				key: 'Enter',
				ctrlKey: true,
				bubbles: true,
				cancelable: true,
			})
		);
		expect(ui.fetchMock).toHaveBeenCalledTimes(1);
		await expectBusy(ui, true);
		expect(ui.turns()).toHaveLength(1);
	});

	it('asks a suggestion’s question and leaves the textarea alone', async () => {
		const ui = await mount({ suggestions: ['What is X?', 'Why Y?'] });
		answers(ui, 'Because.');
		ui.textarea.value = 'my draft';
		ui.suggestions[1]?.focus();
		ui.suggestions[1]?.click();
		await waitFor(() =>
			expect(ui.status.textContent).toBe('Answer complete.')
		);
		expect(ui.sent().body.question).toBe('Why Y?');
		expect(ui.textarea.value).toBe('my draft');
		// Ready for the next question.
		expect(ui.root.ownerDocument.activeElement).toBe(ui.textarea);
	});

	it('sends with Ctrl+Enter or Cmd+Enter, not with Enter alone', async () => {
		const ui = await mount();
		ui.fetchMock.mockReturnValue(new Promise(() => undefined));
		ui.textarea.value = 'Line one';
		const enter = new KeyboardEvent('keydown', {
			key: 'Enter',
			bubbles: true,
			cancelable: true,
		});
		ui.textarea.dispatchEvent(enter);
		expect(enter.defaultPrevented).toBe(false);
		expect(ui.fetchMock).not.toHaveBeenCalled();

		const send = new KeyboardEvent('keydown', {
			key: 'Enter',
			metaKey: true,
			bubbles: true,
			cancelable: true,
		});
		ui.textarea.dispatchEvent(send);
		expect(send.defaultPrevented).toBe(true);
		expect(ui.fetchMock).toHaveBeenCalledTimes(1);
		expect(ui.sent().body.question).toBe('Line one');
	});

	it('starts a new conversation with the New conversation button, without posting the form', async () => {
		const ui = await mount();
		answers(ui, 'Answer', { history: 'tok-1' });
		ui.ask('First?');
		await waitFor(() => expect(ui.reset.hidden).toBe(false));

		const submitted = jest.fn((event: Event) => event.defaultPrevented);
		ui.form.addEventListener('submit', submitted);
		ui.reset.click();
		expect(submitted).toHaveReturnedWith(true);
		await waitFor(() => expect(ui.turns()).toHaveLength(0));
		expect(ui.history.value).toBe('');
		expect(ui.reset.hidden).toBe(true);
		expect(ui.status.textContent).toBe('');
		expect(ui.root.ownerDocument.activeElement).toBe(ui.textarea);
		expect(ui.fetchMock).toHaveBeenCalledTimes(1);
	});

	it('in summarize mode sends no question and keeps one summary', async () => {
		const ui = await mount({
			mode: 'summarize',
			served: { question: '', answer: 'Served summary', history: '' },
		});
		for (const text of ['First summary', 'Second summary']) {
			answers(ui, text, { cached: true });
			ui.submit.click();
			await waitFor(() => expect(ui.answer()?.textContent).toBe(text));
			await finished(ui);
			expect(ui.turns()).toHaveLength(1);
		}
		expect(ui.sent(0).body).toEqual({
			post: 123,
			block: 'abc',
			stream: true,
		});
		expect(ui.sent(1).body).toEqual(ui.sent(0).body);
		expect(ui.root.querySelector('.byok-ai-assistant__asked')).toBeNull();
		expect(ui.history.value).toBe('');
		expect(ui.reset.hidden).toBe(true);
		expect(ui.status.textContent).toBe('Answer complete.');
	});

	describe('a summary another request is writing (202 byok_ai_summary_pending)', () => {
		const PENDING =
			'The summary is being written. Please send the form again in a moment to read it.';

		/**
		 * The server's answer while the summary's lease is held elsewhere.
		 * @param retryAfter
		 */
		const pending = (retryAfter: number) =>
			({
				ok: true,
				status: 202,
				json: async () => ({
					code: 'byok_ai_summary_pending',
					message: PENDING,
					data: { status: 202, retry_after: retryAfter },
				}),
			}) as unknown as Response;

		afterEach(() => {
			jest.useRealTimers();
		});

		it('shows that the summary is being written, asks again after the hint, then shows it', async () => {
			const ui = await mount({ mode: 'summarize' });
			jest.useFakeTimers();
			ui.fetchMock
				.mockResolvedValueOnce(pending(2))
				.mockResolvedValueOnce(pending(2));
			answers(ui, 'The summary', { cached: true });
			ui.submit.click();
			await jest.advanceTimersByTimeAsync(0);
			expect(ui.status.textContent).toBe(STRINGS.pending);
			expect(ui.status.getAttribute('aria-live')).toBe('polite');
			expect(ui.error.hidden).toBe(true);
			expect(ui.fetchMock).toHaveBeenCalledTimes(1);
			// First pause: retry_after (2 s); second: twice that.
			await jest.advanceTimersByTimeAsync(1999);
			expect(ui.fetchMock).toHaveBeenCalledTimes(1);
			await jest.advanceTimersByTimeAsync(1);
			expect(ui.fetchMock).toHaveBeenCalledTimes(2);
			await jest.advanceTimersByTimeAsync(3999);
			expect(ui.fetchMock).toHaveBeenCalledTimes(2);
			await jest.advanceTimersByTimeAsync(1);
			expect(ui.fetchMock).toHaveBeenCalledTimes(3);
			expect(ui.sent(2).body).toEqual(ui.sent(0).body);
			// The runtime paints on its own timers: let them run before the real ones come back.
			await jest.advanceTimersByTimeAsync(1000);
			jest.useRealTimers();
			await waitFor(() =>
				expect(ui.answer()?.textContent).toBe('The summary')
			);
			await finished(ui);
			expect(ui.status.textContent).toBe(STRINGS.done);
			expect(ui.error.hidden).toBe(true);
			expect(ui.turns()).toHaveLength(1);
		});

		it('gives up after a few hints (pauses capped) and shows the server’s message', async () => {
			const ui = await mount({ mode: 'summarize' });
			jest.useFakeTimers();
			ui.fetchMock.mockImplementation(async () => pending(5));
			ui.submit.click();
			await jest.advanceTimersByTimeAsync(0);
			// 5, 10, then 10 s each (the longest pause): 8 pauses in all.
			await jest.advanceTimersByTimeAsync(5000 + 10000 * 7 - 1);
			expect(ui.fetchMock).toHaveBeenCalledTimes(8);
			await jest.advanceTimersByTimeAsync(1);
			expect(ui.fetchMock).toHaveBeenCalledTimes(9);
			await jest.advanceTimersByTimeAsync(60_000);
			expect(ui.fetchMock).toHaveBeenCalledTimes(9);
			jest.useRealTimers();
			await finished(ui);
			expect(ui.error.textContent).toBe(PENDING);
			expect(ui.error.hidden).toBe(false);
			expect(ui.status.textContent).toBe('');
		});

		it('stops waiting on Stop, without asking again', async () => {
			const ui = await mount({ mode: 'summarize' });
			jest.useFakeTimers();
			ui.fetchMock.mockImplementation(async () => pending(2));
			ui.submit.click();
			await jest.advanceTimersByTimeAsync(0);
			expect(ui.status.textContent).toBe(STRINGS.pending);
			ui.stop.click();
			await jest.advanceTimersByTimeAsync(10_000);
			expect(ui.fetchMock).toHaveBeenCalledTimes(1);
			jest.useRealTimers();
			await finished(ui);
			expect(ui.status.textContent).toBe(STRINGS.stopped);
			expect(ui.error.hidden).toBe(true);
		});
	});
});
