import { waitFor } from '@testing-library/dom';
import { enhance, readConfig, type Fetch } from '../../../src/assistant/view';
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
	you: 'You asked',
	assistant: 'Answer',
};

type Child = Node | string;

/**
 * An element with attributes and children, made without parsing any HTML.
 * @param tag
 * @param attributes
 * @param children
 */
function h(
	tag: string,
	attributes: Record<string, string | true> = {},
	...children: Child[]
): HTMLElement {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		element.setAttribute(name, value === true ? '' : value);
	}
	element.append(...children);
	return element;
}

interface MountOptions {
	mode?: 'ask' | 'summarize';
	suggestions?: string[];
	/** Replaces the whole data attribute. */
	data?: string;
}

/**
 * Puts render.php's markup in the document and enhances it with a fake fetch.
 * @param options
 */
function mount(options: MountOptions = {}) {
	const { mode = 'ask', suggestions = [] } = options;
	const data =
		options.data ??
		JSON.stringify({
			endpoint: ENDPOINT,
			post: 123,
			block: 'abc',
			mode,
			strings: STRINGS,
		});
	const ask = mode === 'ask';
	const form = h(
		'form',
		{
			class: 'byok-ai-assistant__form',
			method: 'post',
			action: 'https://site.example/hello/#byok-ai-abc',
		},
		h('input', { type: 'hidden', name: 'byok_ai_block', value: 'abc' }),
		h('input', { type: 'hidden', name: 'byok_ai_post', value: '123' }),
		h('input', { type: 'hidden', name: 'byok_ai_history', value: '' })
	);
	if (ask) {
		form.append(
			h(
				'label',
				{ for: 'byok-ai-q-abc', class: 'byok-ai-assistant__label' },
				'Ask a question about this post'
			),
			h('textarea', {
				id: 'byok-ai-q-abc',
				name: 'byok_ai_question',
				class: 'byok-ai-assistant__question',
				maxlength: '1000',
				rows: '3',
			})
		);
		if (suggestions.length > 0) {
			form.append(
				h(
					'div',
					{ class: 'byok-ai-assistant__suggestions' },
					...suggestions.map((text) =>
						h(
							'button',
							{
								type: 'submit',
								name: 'byok_ai_suggestion',
								value: text,
								class: 'byok-ai-assistant__suggestion',
							},
							text
						)
					)
				)
			);
		}
	}
	form.append(
		h(
			'div',
			{ class: 'byok-ai-assistant__actions' },
			h(
				'button',
				{
					type: 'submit',
					class: 'byok-ai-assistant__submit wp-element-button',
				},
				ask ? 'Ask' : 'Summarize this post'
			),
			h(
				'button',
				{
					type: 'button',
					class: 'byok-ai-assistant__stop',
					hidden: true,
				},
				'Stop'
			),
			h(
				'button',
				{
					type: 'button',
					class: 'byok-ai-assistant__reset',
					hidden: true,
				},
				'New conversation'
			)
		)
	);
	const root = h(
		'div',
		{
			class: `wp-block-byok-ai-assistant is-mode-${mode}`,
			id: 'byok-ai-abc',
			'data-byok-ai-assistant': data,
		},
		form,
		h('p', {
			class: 'byok-ai-assistant__status',
			role: 'status',
			'aria-live': 'polite',
		}),
		h('p', {
			class: 'byok-ai-assistant__error',
			role: 'alert',
			hidden: true,
		}),
		h('div', {
			class: 'byok-ai-assistant__log',
			'aria-live': 'polite',
			'aria-busy': 'false',
		})
	);
	document.body.replaceChildren(root);

	const fetchMock = jest.fn<Promise<Response>, Parameters<Fetch>>();
	const enhanced = enhance(root, fetchMock);

	const find = <T extends HTMLElement>(name: string): T => {
		const element = root.querySelector<T>(`.byok-ai-assistant__${name}`);
		if (!element) {
			throw new Error(`No ${name}`);
		}
		return element;
	};
	const ui = {
		root,
		form,
		enhanced,
		fetchMock,
		get textarea() {
			return find<HTMLTextAreaElement>('question');
		},
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
		turns: () =>
			Array.from(
				root.querySelectorAll<HTMLElement>('.byok-ai-assistant__turn')
			),
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

type Ui = ReturnType<typeof mount>;

/**
 * Expects the form to be locked while an answer streams, or unlocked.
 * @param ui
 * @param busy
 */
function expectBusy(ui: Ui, busy: boolean) {
	expect(ui.log.getAttribute('aria-busy')).toBe(String(busy));
	expect(ui.stop.hidden).toBe(!busy);
	for (const button of [ui.submit, ...ui.suggestions]) {
		expect(button.getAttribute('aria-disabled') === 'true').toBe(busy);
	}
	if (ui.root.querySelector('textarea')) {
		expect(ui.textarea.readOnly).toBe(busy);
	}
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

const finished = (ui: Ui) =>
	waitFor(() => expect(ui.log.getAttribute('aria-busy')).toBe('false'));

afterEach(() => {
	document.body.replaceChildren();
});

describe('the assistant block’s view script', () => {
	it('locks the form, shows the answer as it streams, then unlocks it', async () => {
		const ui = mount({ suggestions: ['What is X?'] });
		expect(ui.enhanced).toBe(true);
		const stream = streaming(ui);
		ui.textarea.focus();
		ui.ask('  What does it say?  ');

		expect(ui.fetchMock).toHaveBeenCalledTimes(1);
		expectBusy(ui, true);
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
		expectBusy(ui, true);

		stream.push(sse('done', { finish_reason: 'stop', history: 'tok-1' }));
		await finished(ui);
		expectBusy(ui, false);
		expect(ui.status.textContent).toBe('Answer complete.');
		expect(ui.history.value).toBe('tok-1');
		expect(ui.reset.hidden).toBe(false);
		expect(ui.textarea.value).toBe('');
		expect(ui.error.hidden).toBe(true);
		expect(ui.turns()[0]?.classList.contains('is-error')).toBe(false);
		expect(ui.root.ownerDocument.activeElement).toBe(ui.textarea);
	});

	it('sends exactly post, block, question, history and stream, without cookies or nonce', async () => {
		const ui = mount();
		ui.fetchMock.mockResolvedValueOnce(
			streamOf([
				sse('delta', { text: 'One' }),
				sse('done', { finish_reason: 'stop', history: 'tok-1' }),
			]).response
		);
		ui.ask('First?');
		await finished(ui);

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

		ui.fetchMock.mockResolvedValueOnce(
			streamOf([
				sse('delta', { text: 'Two' }),
				sse('done', { finish_reason: 'stop', history: 'tok-2' }),
			]).response
		);
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
	});

	it('stops on Stop, keeps the partial answer and leaves the history alone', async () => {
		const ui = mount();
		ui.history.value = 'tok-0';
		const stream = streaming(ui);
		ui.ask('Long answer please');
		stream.push(sse('delta', { text: 'Partial' }));
		await waitFor(() => expect(ui.answer()?.textContent).toBe('Partial'));

		ui.stop.focus();
		ui.stop.click();
		await finished(ui);

		expect(ui.sent().init.signal?.aborted).toBe(true);
		expect(stream.cancelled).toHaveBeenCalled();
		expect(ui.status.textContent).toBe('Stopped.');
		expect(ui.answer()?.textContent).toBe('Partial');
		expect(ui.turns()[0]?.classList.contains('is-stopped')).toBe(true);
		expect(ui.error.hidden).toBe(true);
		expect(ui.history.value).toBe('tok-0');
		expect(ui.textarea.value).toBe('Long answer please');
		expectBusy(ui, false);
		expect(ui.root.ownerDocument.activeElement).toBe(ui.textarea);
	});

	it('stops before the answer starts', async () => {
		const ui = mount();
		ui.fetchMock.mockImplementationOnce(
			(_url, init) =>
				new Promise((_resolve, reject) =>
					init.signal?.addEventListener('abort', () =>
						reject(abortError())
					)
				)
		);
		ui.ask('Anything?');
		ui.stop.click();
		await finished(ui);
		expect(ui.status.textContent).toBe('Stopped.');
		expect(ui.error.hidden).toBe(true);
		expectBusy(ui, false);
	});

	it('shows the server’s message for a JSON error such as the visitor limit', async () => {
		const ui = mount();
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
		await finished(ui);

		expect(ui.error.hidden).toBe(false);
		expect(ui.error.textContent).toBe(message);
		expect(ui.status.textContent).toBe('');
		expect(ui.turns()[0]?.classList.contains('is-error')).toBe(true);
		// The question is still there to try again later.
		expect(ui.textarea.value).toBe('One more?');
		expectBusy(ui, false);
	});

	it.each([
		['an error page', () => errorResponse(502, '<html>Bad gateway</html>')],
		['a JSON body without message', () => errorResponse(500, { a: 1 })],
	])('shows the generic message for %s', async (_name, response) => {
		const ui = mount();
		ui.fetchMock.mockResolvedValueOnce(response());
		ui.ask('Hello?');
		await finished(ui);
		expect(ui.error.textContent).toBe(STRINGS.error);
		expect(ui.error.hidden).toBe(false);
	});

	it('shows the generic message when the network fails', async () => {
		const ui = mount();
		ui.fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
		ui.ask('Hello?');
		await finished(ui);
		expect(ui.error.textContent).toBe(STRINGS.error);
		expect(ui.turns()[0]?.classList.contains('is-error')).toBe(true);
		expectBusy(ui, false);
	});

	it('keeps the partial answer when the stream ends with an error event', async () => {
		const ui = mount();
		const stream = streaming(ui);
		ui.ask('Hello?');
		stream.push(sse('delta', { text: 'Half an' }));
		stream.push(
			sse('error', {
				code: 'byok_ai_upstream',
				message: 'The AI provider stopped answering.',
			})
		);
		await finished(ui);
		expect(ui.answer()?.textContent).toBe('Half an');
		expect(ui.error.textContent).toBe('The AI provider stopped answering.');
		expect(ui.turns()[0]?.classList.contains('is-error')).toBe(true);
		expect(ui.history.value).toBe('');
	});

	it('reports a stream cut off before done with the generic message', async () => {
		const ui = mount();
		ui.fetchMock.mockResolvedValueOnce(
			streamOf([sse('delta', { text: 'Half' })]).response
		);
		ui.ask('Hello?');
		await finished(ui);
		expect(ui.error.textContent).toBe(STRINGS.error);
		expect(ui.answer()?.textContent).toBe('Half');
	});

	it('renders a hostile streamed answer inert', async () => {
		const ui = mount();
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
		await finished(ui);

		expect(ui.answer()?.textContent).toContain('<script>alert(1)</script>');
		expect(
			ui.log.querySelectorAll(
				'img, script, iframe, svg, style, object, embed, link'
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
		const ui = mount();
		const elsewhere = h('input', { type: 'text' });
		document.body.append(elsewhere);
		const stream = streaming(ui);
		ui.ask('Hello?');
		elsewhere.focus();
		stream.push(sse('done', { finish_reason: 'stop' }));
		await finished(ui);
		expect(ui.root.ownerDocument.activeElement).toBe(elsewhere);
	});

	it('refuses an empty question without sending anything', () => {
		const ui = mount();
		ui.ask('   \n ');
		expect(ui.fetchMock).not.toHaveBeenCalled();
		expect(ui.error.hidden).toBe(false);
		expect(ui.error.textContent).toBe('Type a question first.');
		expect(ui.root.ownerDocument.activeElement).toBe(ui.textarea);
		expect(ui.turns()).toHaveLength(0);
		expectBusy(ui, false);
	});

	it('sends no second request while one runs', () => {
		const ui = mount({ suggestions: ['What is X?'] });
		streaming(ui);
		ui.ask('First?');
		ui.ask('Second?');
		ui.suggestions[0]?.click();
		ui.textarea.dispatchEvent(
			new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true })
		);
		expect(ui.fetchMock).toHaveBeenCalledTimes(1);
		expect(ui.turns()).toHaveLength(1);
	});

	it('asks a suggestion’s question and leaves the textarea alone', async () => {
		const ui = mount({ suggestions: ['What is X?', 'Why Y?'] });
		ui.fetchMock.mockResolvedValueOnce(
			streamOf([sse('done', { finish_reason: 'stop' })]).response
		);
		ui.textarea.value = 'my draft';
		ui.suggestions[1]?.focus();
		ui.suggestions[1]?.click();
		await finished(ui);
		expect(ui.sent().body.question).toBe('Why Y?');
		expect(ui.textarea.value).toBe('my draft');
		// Ready for the next question.
		expect(ui.root.ownerDocument.activeElement).toBe(ui.textarea);
	});

	it('sends with Ctrl+Enter or Cmd+Enter, not with Enter alone', () => {
		const ui = mount();
		ui.fetchMock.mockReturnValue(new Promise(() => undefined));
		ui.textarea.value = 'Line one';
		const enter = new KeyboardEvent('keydown', {
			key: 'Enter',
			cancelable: true,
		});
		ui.textarea.dispatchEvent(enter);
		expect(enter.defaultPrevented).toBe(false);
		expect(ui.fetchMock).not.toHaveBeenCalled();

		const send = new KeyboardEvent('keydown', {
			key: 'Enter',
			metaKey: true,
			cancelable: true,
		});
		ui.textarea.dispatchEvent(send);
		expect(send.defaultPrevented).toBe(true);
		expect(ui.fetchMock).toHaveBeenCalledTimes(1);
		expect(ui.sent().body.question).toBe('Line one');
	});

	it('starts a new conversation on reset', async () => {
		const ui = mount();
		ui.fetchMock.mockResolvedValueOnce(
			streamOf([
				sse('delta', { text: 'Answer' }),
				sse('done', { finish_reason: 'stop', history: 'tok-1' }),
			]).response
		);
		ui.ask('First?');
		await finished(ui);
		expect(ui.reset.hidden).toBe(false);

		ui.reset.click();
		expect(ui.history.value).toBe('');
		expect(ui.turns()).toHaveLength(0);
		expect(ui.reset.hidden).toBe(true);
		expect(ui.status.textContent).toBe('');
		expect(ui.root.ownerDocument.activeElement).toBe(ui.textarea);
	});

	it('in summarize mode sends no question and keeps one summary', async () => {
		const ui = mount({ mode: 'summarize' });
		for (const text of ['First summary', 'Second summary']) {
			ui.fetchMock.mockResolvedValueOnce(
				streamOf([
					sse('delta', { text }),
					sse('done', { finish_reason: 'stop', cached: true }),
				]).response
			);
			ui.submit.click();
			await finished(ui);
			expect(ui.turns()).toHaveLength(1);
			expect(ui.answer()?.textContent).toBe(text);
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

	it.each([
		['missing', ''],
		['not JSON', '{'],
		[
			'without endpoint',
			JSON.stringify({ post: 1, block: 'a', mode: 'ask' }),
		],
		[
			'with a javascript: endpoint',
			JSON.stringify({
				endpoint: 'javascript:alert(1)',
				post: 1,
				block: 'a',
				mode: 'ask',
			}),
		],
		[
			'with an unknown mode',
			JSON.stringify({
				endpoint: ENDPOINT,
				post: 1,
				block: 'a',
				mode: 'chat',
			}),
		],
	])('leaves the plain form working when the config is %s', (_name, data) => {
		const ui = mount({ data });
		expect(ui.enhanced).toBe(false);
		const submit = new Event('submit', { cancelable: true });
		ui.form.dispatchEvent(submit);
		expect(submit.defaultPrevented).toBe(false);
		expect(ui.fetchMock).not.toHaveBeenCalled();
	});

	it('enhances a block only once', () => {
		const ui = mount();
		expect(enhance(ui.root, ui.fetchMock)).toBe(false);
	});
});

describe('readConfig', () => {
	it('falls back to English for missing or odd strings', () => {
		const root = h('div', {
			'data-byok-ai-assistant': JSON.stringify({
				endpoint: ENDPOINT,
				post: 7,
				block: 'b1',
				mode: 'summarize',
				strings: { done: 'Fertig.', error: 42 },
			}),
		});
		const config = readConfig(root);
		expect(config?.strings.done).toBe('Fertig.');
		expect(config?.strings.error).toBe(STRINGS.error);
		expect(config?.strings.thinking).toBe('Thinking…');
		expect(config).toMatchObject({
			post: 7,
			block: 'b1',
			mode: 'summarize',
		});
	});
});
