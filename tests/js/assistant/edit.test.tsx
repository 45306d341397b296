import apiFetch from '@wordpress/api-fetch';
import {
	act,
	fireEvent,
	render,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import {
	createReduxStore,
	createRegistry,
	RegistryProvider,
} from '@wordpress/data';
import { useState } from 'react';
import { Edit, type EditProps } from '../../../src/assistant/edit';
import { resetAssistantOptions } from '../../../src/assistant/components/use-assistant-options';
import type {
	AssistantAttributes,
	AssistantOptions,
	SettingsResponse,
} from '../../../src/lib/types';
import { provider, providerWithKey } from '../fixtures';
import { errorResponse, fakeStream, sse, type FakeStream } from '../sse';

// jsdom has no ResizeObserver; Placeholder measures itself with one.
if (typeof globalThis.ResizeObserver === 'undefined') {
	globalThis.ResizeObserver = class {
		observe() {}
		unobserve() {}
		disconnect() {}
	};
}

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

// The block editor's own components and stores are exercised by the end-to-end tests; here
// they are stand-ins that render their children and read a fixed list of blocks.
jest.mock('@wordpress/block-editor', () => {
	const { createElement } = jest.requireActual('react');
	return {
		__esModule: true,
		store: 'core/block-editor',
		useBlockProps: (props: Record<string, unknown> = {}) => ({
			...props,
			'data-type': 'byok-ai/assistant',
		}),
		InspectorControls: ({ children }: { children: unknown }) =>
			createElement(
				'div',
				{ role: 'complementary', 'aria-label': 'Block settings' },
				children
			),
	};
});

interface MockBlock {
	clientId: string;
	name: string;
	attributes: Record<string, unknown>;
}

const mockEditor = {
	blocks: [] as MockBlock[],
	postId: 42 as unknown,
	content: '<!-- wp:paragraph --><p>Unsaved text</p><!-- /wp:paragraph -->',
	markNotPersistent: jest.fn(),
	createSuccessNotice: jest.fn(),
};

/**
 * A data registry with stand-ins for the editor's stores, reading `mockEditor`.
 */
function editorRegistry() {
	const registry = createRegistry();
	const find = (id: string) =>
		mockEditor.blocks.find((block) => block.clientId === id);
	const reducer = (state: object = {}) => state;
	registry.register(
		createReduxStore('core/block-editor', {
			reducer,
			selectors: {
				getClientIdsWithDescendants: () =>
					mockEditor.blocks.map((block) => block.clientId),
				getBlockName: (_state: object, id: string) =>
					find(id)?.name ?? null,
				getBlockAttributes: (_state: object, id: string) =>
					find(id)?.attributes ?? null,
			},
			actions: {
				__unstableMarkNextChangeAsNotPersistent: () => {
					mockEditor.markNotPersistent();
					return { type: 'NOTHING' };
				},
			},
		})
	);
	registry.register(
		createReduxStore('core/editor', {
			reducer,
			selectors: {
				getCurrentPostId: () => mockEditor.postId,
				getEditedPostContent: () => mockEditor.content,
			},
		})
	);
	registry.register(
		createReduxStore('core/notices', {
			reducer,
			actions: {
				createSuccessNotice: (text: string, options: object) => {
					mockEditor.createSuccessNotice(text, options);
					return { type: 'NOTHING' };
				},
			},
		})
	);
	return registry;
}

const mockedFetch = apiFetch as unknown as jest.Mock;

const DEFAULTS: AssistantAttributes = {
	blockId: 'abcdef123456',
	mode: 'ask',
	grounded: true,
	instructions: '',
	provider: '',
	model: '',
	maxTokens: 0,
	label: '',
	placeholder: '',
	buttonText: '',
	suggestions: [],
};

const OPTIONS: AssistantOptions = {
	usable: true,
	can_manage: false,
	providers: [
		{ id: 'openai', label: 'OpenAI', models: ['gpt-4o-mini', 'gpt-4o'] },
		{ id: 'anthropic', label: 'Anthropic', models: [] },
	],
	max_tokens_cap: 4096,
	limits: {
		question: 500,
		instructions: 2000,
		suggestions: 3,
		suggestion: 120,
		label: 200,
	},
};

const SETTINGS: SettingsResponse = {
	encryption: { ready: true, source: 'salts', message: null },
	providers: [
		providerWithKey('anthropic', 'Anthropic', 'missing'),
		providerWithKey('openai', 'OpenAI', 'missing'),
		provider({
			id: 'azure_openai',
			label: 'Azure OpenAI',
			settings: { endpoint: '' },
			fields: [
				{
					name: 'endpoint',
					type: 'url',
					label: 'Endpoint',
					required: true,
					default: '',
				},
			],
		}),
		provider({
			id: 'openai_compatible',
			label: 'OpenAI-compatible server',
			requires_key: false,
		}),
	],
};

type Route = (options: {
	path: string;
	method?: string;
	data?: unknown;
	signal?: AbortSignal;
}) => Promise<unknown>;

/**
 * Answers the options route with `options` and anything else with `other`.
 * @param options
 * @param other
 */
function server(
	options: AssistantOptions | (() => Promise<unknown>),
	other: Route = (request) =>
		Promise.reject(new Error(`Unexpected ${request.path}`))
) {
	mockedFetch.mockImplementation((request: Parameters<Route>[0]) => {
		if (request.path === '/byok-ai/v1/assistant/options') {
			return typeof options === 'function'
				? options()
				: Promise.resolve(options);
		}
		return other(request);
	});
}

/** Every attribute change the block made, in order. */
let changes: Array<Partial<AssistantAttributes>>;

function Harness({
	initial,
	clientId,
}: {
	initial: Partial<AssistantAttributes>;
	clientId: string;
}) {
	const [attributes, setState] = useState<AssistantAttributes>({
		...DEFAULTS,
		...initial,
	});
	const props = {
		name: 'byok-ai/assistant',
		clientId,
		attributes: {
			...attributes,
			// Added by the block's supports; not one of its own attributes.
			className: 'is-style-custom',
		},
		setAttributes: (patch: Partial<AssistantAttributes>) => {
			changes.push(patch);
			setState((current) => ({ ...current, ...patch }));
		},
		isSelected: true,
		context: {},
	} as unknown as EditProps;
	return <Edit {...props} />;
}

async function renderBlock(
	initial: Partial<AssistantAttributes> = {},
	clientId = 'block-1'
) {
	const view = render(
		<RegistryProvider value={editorRegistry()}>
			<Harness initial={initial} clientId={clientId} />
		</RegistryProvider>
	);
	await act(async () => {
		await new Promise((resolve) => setTimeout(resolve, 0));
	});
	return view;
}

function inspector() {
	return within(
		screen.getByRole('complementary', { name: 'Block settings' })
	);
}

function openPanel(title: string) {
	fireEvent.click(inspector().getByRole('button', { name: title }));
}

function choicesOf(select: HTMLElement): string[][] {
	return within(select)
		.getAllByRole('option')
		.map((option) => [
			(option as HTMLOptionElement).value,
			option.textContent ?? '',
		]);
}

/**
 * Lets the stream reader and React catch up with what the test pushed.
 * @param stream
 * @param chunk
 */
async function push(stream: FakeStream, chunk: string) {
	await act(async () => {
		stream.push(chunk);
		await new Promise((resolve) => setTimeout(resolve, 0));
	});
}

/** The block on the canvas, not the a11y-speak regions that repeat notices. */
function canvas() {
	return within(
		document.querySelector('[data-type="byok-ai/assistant"]') as HTMLElement
	);
}

function answer() {
	return screen.getByRole('region', { name: 'Answer' });
}

beforeEach(() => {
	mockedFetch.mockReset();
	resetAssistantOptions();
	changes = [];
	mockEditor.blocks = [];
	mockEditor.postId = 42;
	mockEditor.markNotPersistent.mockReset();
	mockEditor.createSuccessNotice.mockReset();
});

describe('blockId', () => {
	it('is set once when the block has none', async () => {
		server(OPTIONS);
		mockEditor.blocks = [
			{ clientId: 'block-1', name: 'byok-ai/assistant', attributes: {} },
		];
		await renderBlock({ blockId: '' });
		const set = changes.filter((change) => 'blockId' in change);
		expect(set).toHaveLength(1);
		expect(set[0]?.blockId).toMatch(/^[a-z0-9]{12}$/);
		expect(mockEditor.markNotPersistent).toHaveBeenCalledTimes(1);
	});

	it('is kept when no other block has it', async () => {
		server(OPTIONS);
		mockEditor.blocks = [
			{
				clientId: 'other',
				name: 'byok-ai/assistant',
				attributes: { blockId: 'zzzzzz999999' },
			},
			{
				// Another kind of block with the same attribute doesn't count.
				clientId: 'para',
				name: 'core/paragraph',
				attributes: { blockId: 'abcdef123456' },
			},
			{ clientId: 'block-1', name: 'byok-ai/assistant', attributes: {} },
		];
		await renderBlock();
		expect(changes.filter((change) => 'blockId' in change)).toEqual([]);
	});

	it('is renewed in the later copy of a duplicated block only', async () => {
		server(OPTIONS);
		mockEditor.blocks = [
			{
				clientId: 'first',
				name: 'byok-ai/assistant',
				attributes: { blockId: 'abcdef123456' },
			},
			{
				clientId: 'copy',
				name: 'byok-ai/assistant',
				attributes: { blockId: 'abcdef123456' },
			},
		];

		const first = await renderBlock({}, 'first');
		expect(changes).toEqual([]);
		first.unmount();

		await renderBlock({}, 'copy');
		const set = changes.filter((change) => 'blockId' in change);
		expect(set).toHaveLength(1);
		expect(set[0]?.blockId).toMatch(/^[a-z0-9]{12}$/);
		expect(set[0]?.blockId).not.toBe('abcdef123456');
	});
});

describe('settings sidebar', () => {
	it('offers the site default and the usable providers, then their models', async () => {
		server(OPTIONS);
		await renderBlock();
		openPanel('AI model');

		const providerSelect = inspector().getByLabelText('Provider');
		expect(choicesOf(providerSelect)).toEqual([
			['', 'Site default'],
			['openai', 'OpenAI'],
			['anthropic', 'Anthropic'],
		]);
		const model = inspector().getByLabelText('Model') as HTMLSelectElement;
		expect(model.disabled).toBe(true);
		expect(choicesOf(model)).toEqual([['', 'Default']]);

		fireEvent.change(providerSelect, { target: { value: 'openai' } });
		expect(
			choicesOf(inspector().getByLabelText('Model') as HTMLSelectElement)
		).toEqual([
			['', 'Default (gpt-4o-mini)'],
			['gpt-4o-mini', 'gpt-4o-mini'],
			['gpt-4o', 'gpt-4o'],
		]);
		fireEvent.change(inspector().getByLabelText('Model'), {
			target: { value: 'gpt-4o' },
		});
		expect(changes.at(-1)).toEqual({ model: 'gpt-4o' });

		// Another provider: the model goes back to that provider's default.
		fireEvent.change(inspector().getByLabelText('Provider'), {
			target: { value: 'anthropic' },
		});
		expect(changes.at(-1)).toEqual({ provider: 'anthropic', model: '' });
		expect(
			(inspector().getByLabelText('Model') as HTMLSelectElement).value
		).toBe('');
	});

	it('keeps a provider and a model that are no longer offered visible', async () => {
		server(OPTIONS);
		await renderBlock({ provider: 'gemini', model: 'gemini-pro' });
		openPanel('AI model');
		expect(
			choicesOf(inspector().getByLabelText('Provider')).at(-1)
		).toEqual(['gemini', 'gemini (not available)']);
		expect(
			inspector().getByText(
				/This provider can’t be used on this site now/
			)
		).toBeTruthy();
	});

	it('bounds the answer length by the site’s cap', async () => {
		server(OPTIONS);
		await renderBlock({ maxTokens: 50000 });
		openPanel('AI model');

		const range = inspector().getByRole('slider', {
			name: 'Answer length (tokens)',
		}) as HTMLInputElement;
		expect(range.max).toBe('4096');
		expect(range.value).toBe('4096');
		expect(
			inspector().getByText(
				'This block asks for 50,000 tokens, more than the site allows: answers stop at 4,096 tokens.'
			)
		).toBeTruthy();

		fireEvent.change(range, { target: { value: '5' } });
		// Below the server's minimum: raised to it.
		expect(changes.at(-1)).toEqual({ maxTokens: 16 });
		expect(range.min).toBe('16');

		// No limit: the toggle, not a 0 on the slider.
		fireEvent.click(
			inspector().getByRole('checkbox', {
				name: 'Limit the answer length',
			})
		);
		expect(changes.at(-1)).toEqual({ maxTokens: 0 });
	});

	it('offers no limit by default, and never shows 0 as a length', async () => {
		server(OPTIONS);
		await renderBlock();
		openPanel('AI model');
		const toggle = inspector().getByRole('checkbox', {
			name: 'Limit the answer length',
		}) as HTMLInputElement;
		expect(toggle.checked).toBe(false);
		expect(inspector().queryByRole('slider')).toBeNull();
		expect(
			inspector().getByText(
				'Answers may be as long as the site allows: 4,096 tokens.'
			)
		).toBeTruthy();
		expect(inspector().queryByText(/\b0 =/)).toBeNull();

		fireEvent.click(toggle);
		expect(changes.at(-1)).toEqual({ maxTokens: 512 });
		const range = inspector().getByRole('slider', {
			name: 'Answer length (tokens)',
		}) as HTMLInputElement;
		expect(range.value).toBe('512');
		expect(
			inspector().getByText(
				'Answers stop after 512 tokens, about 384 words.'
			)
		).toBeTruthy();
	});

	it('hides ask-only settings in summarize mode', async () => {
		server(OPTIONS);
		await renderBlock();
		expect(
			inspector().getByLabelText('Answer from this post’s content')
		).toBeTruthy();
		fireEvent.change(inspector().getByLabelText('Mode'), {
			target: { value: 'summarize' },
		});
		expect(changes.at(-1)).toEqual({ mode: 'summarize' });
		expect(
			inspector().queryByLabelText('Answer from this post’s content')
		).toBeNull();
		expect(
			inspector().queryByRole('button', { name: 'Suggested questions' })
		).toBeNull();
		openPanel('Wording');
		expect(inspector().queryByLabelText('Label')).toBeNull();
		expect(
			(inspector().getByLabelText('Button text') as HTMLInputElement)
				.placeholder
		).toBe('Summarize this post');
	});

	it('limits the texts to the server’s lengths and shows the default wording', async () => {
		server(OPTIONS);
		await renderBlock();
		expect(
			(inspector().getByLabelText('Instructions') as HTMLTextAreaElement)
				.maxLength
		).toBe(2000);
		openPanel('Wording');
		const label = inspector().getByLabelText('Label') as HTMLInputElement;
		expect(label.placeholder).toBe('Ask a question about this post');
		expect(label.maxLength).toBe(200);
		fireEvent.change(label, { target: { value: 'Questions?' } });
		expect(changes.at(-1)).toEqual({ label: 'Questions?' });
		// The canvas's picture of the form follows.
		expect(screen.getByText('Questions?')).toBeTruthy();
	});

	it('stores suggested questions trimmed, without empty ones', async () => {
		server(OPTIONS);
		await renderBlock({ suggestions: ['Who wrote this?'] });
		openPanel('Suggested questions');
		const fields = ['Question 1', 'Question 2', 'Question 3'].map(
			(name) => inspector().getByLabelText(name) as HTMLInputElement
		);
		expect(fields.map((field) => field.value)).toEqual([
			'Who wrote this?',
			'',
			'',
		]);
		expect(fields[2]?.maxLength).toBe(120);

		fireEvent.change(fields[2] as HTMLInputElement, {
			target: { value: '  What is new ' },
		});
		expect(changes.at(-1)).toEqual({
			suggestions: ['Who wrote this?', 'What is new'],
		});
		// What is typed stays in the field, spaces included, while the author types.
		expect(fields[2]?.value).toBe('  What is new ');

		fireEvent.change(fields[0] as HTMLInputElement, {
			target: { value: '   ' },
		});
		expect(changes.at(-1)).toEqual({ suggestions: ['What is new'] });
		expect(
			screen
				.getAllByRole('button', { hidden: true })
				.filter((button) =>
					button.classList.contains('byok-ai-assistant__suggestion')
				)
				.map((button) => button.textContent)
		).toEqual(['What is new']);
	});
});

describe('when no provider can answer', () => {
	const UNUSABLE: AssistantOptions = {
		...OPTIONS,
		usable: false,
		providers: [],
	};

	it('tells an author who can fix it', async () => {
		server(UNUSABLE);
		await renderBlock();
		expect(
			canvas().getByText(
				'An administrator needs to add an AI provider key on Settings → BYOK AI before this assistant can answer.'
			)
		).toBeTruthy();
		expect(screen.queryByLabelText(/API key/)).toBeNull();
		expect(mockedFetch.mock.calls.map(([request]) => request.path)).toEqual(
			['/byok-ai/v1/assistant/options']
		);
	});

	it('lets an administrator save a key, never showing it, then shows the block', async () => {
		const KEY = 'sk-ant-api03-SECRETSECRETSECRET';
		let usable = false;
		const saved = jest.fn();
		server(
			() =>
				Promise.resolve(
					usable ? OPTIONS : { ...UNUSABLE, can_manage: true }
				),
			(request) => {
				if (request.path === '/byok-ai/v1/settings') {
					return Promise.resolve(SETTINGS);
				}
				if (
					request.path === '/byok-ai/v1/providers/anthropic/key' &&
					request.method === 'PUT'
				) {
					saved(request.data);
					usable = true;
					return Promise.resolve(
						providerWithKey('anthropic', 'Anthropic', 'valid')
					);
				}
				return Promise.reject(new Error(`Unexpected ${request.path}`));
			}
		);
		const { container } = await renderBlock();

		const providerSelect = await screen.findByLabelText('Provider');
		// Only providers that need a key; a local server is set up on the settings page.
		expect(choicesOf(providerSelect)).toEqual([
			['anthropic', 'Anthropic'],
			['openai', 'OpenAI'],
			['azure_openai', 'Azure OpenAI'],
		]);
		const link = screen.getAllByRole('link', {
			name: /Settings → BYOK AI/,
		});
		expect(link[0]?.getAttribute('href')).toBe(
			'options-general.php?page=byok-ai'
		);

		const field = screen.getByLabelText(
			'Anthropic API key'
		) as HTMLInputElement;
		expect(field.type).toBe('password');
		expect(field.getAttribute('autocomplete')).toBe('off');
		expect(field.getAttribute('spellcheck')).toBe('false');
		fireEvent.change(field, { target: { value: KEY } });
		await act(async () => {
			fireEvent.click(
				screen.getByRole('button', { name: 'Save and validate' })
			);
		});

		expect(saved).toHaveBeenCalledWith({ key: KEY });
		expect(mockEditor.createSuccessNotice).toHaveBeenCalledWith(
			'Anthropic accepted the key. It is stored encrypted.',
			{ type: 'snackbar' }
		);
		// Asked again, the options say the block can answer now.
		expect(
			await screen.findByRole('group', { name: 'Try it' })
		).toBeTruthy();
		expect(container.innerHTML).not.toContain(KEY);
	});

	it('shows the server’s message when the key is refused, and forgets the key', async () => {
		const KEY = 'sk-proj-WRONGWRONGWRONG';
		server({ ...UNUSABLE, can_manage: true }, (request) => {
			if (request.path === '/byok-ai/v1/settings') {
				return Promise.resolve(SETTINGS);
			}
			return Promise.reject({
				code: 'byok_ai_key_invalid',
				message: 'OpenAI refused this key (401).',
				data: { status: 400 },
			});
		});
		const { container } = await renderBlock();
		fireEvent.change(await screen.findByLabelText('Provider'), {
			target: { value: 'openai' },
		});
		fireEvent.change(screen.getByLabelText('OpenAI API key'), {
			target: { value: KEY },
		});
		await act(async () => {
			fireEvent.click(
				screen.getByRole('button', { name: 'Save and validate' })
			);
		});
		expect(
			canvas().getByText('OpenAI refused this key (401).')
		).toBeTruthy();
		expect(
			(screen.getByLabelText('OpenAI API key') as HTMLInputElement).value
		).toBe('');
		expect(container.innerHTML).not.toContain(KEY);
	});

	it('sends a provider that needs connection settings to the settings page', async () => {
		server({ ...UNUSABLE, can_manage: true }, () =>
			Promise.resolve(SETTINGS)
		);
		await renderBlock();
		fireEvent.change(await screen.findByLabelText('Provider'), {
			target: { value: 'azure_openai' },
		});
		expect(screen.queryByLabelText('Azure OpenAI API key')).toBeNull();
		expect(
			screen.getByText(/Azure OpenAI also needs connection settings/)
		).toBeTruthy();
	});
});

describe('loading the options', () => {
	it('shows progress, then the block', async () => {
		let resolve: (value: AssistantOptions) => void = () => undefined;
		server(
			() =>
				new Promise<AssistantOptions>((done) => {
					resolve = done;
				})
		);
		render(
			<RegistryProvider value={editorRegistry()}>
				<Harness initial={{}} clientId="block-1" />
			</RegistryProvider>
		);
		expect(screen.getByRole('status').textContent).toContain(
			'Loading the assistant’s settings…'
		);
		await act(async () => resolve(OPTIONS));
		expect(screen.getByRole('group', { name: 'Try it' })).toBeTruthy();
	});

	it('says when the user may not use AI', async () => {
		server(() =>
			Promise.reject({
				code: 'rest_forbidden',
				message: 'Sorry, you are not allowed to do that.',
				data: { status: 403 },
			})
		);
		await renderBlock();
		expect(
			canvas().getByText('You are not allowed to use AI on this site.')
		).toBeTruthy();
	});

	it('shows other failures with a way to try again', async () => {
		let fail = true;
		server(() =>
			fail
				? Promise.reject({
						code: 'byok_ai_network',
						message: 'The request didn’t reach the site.',
					})
				: Promise.resolve(OPTIONS)
		);
		await renderBlock();
		expect(
			canvas().getByText('The request didn’t reach the site.')
		).toBeTruthy();
		fail = false;
		await act(async () => {
			fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
		});
		expect(screen.getByRole('group', { name: 'Try it' })).toBeTruthy();
	});
});

describe('Try it', () => {
	function previewServer(stream: FakeStream | (() => Promise<unknown>)) {
		const requests: Array<Parameters<Route>[0]> = [];
		server(OPTIONS, (request) => {
			requests.push(request);
			if (request.path !== '/byok-ai/v1/assistant/preview') {
				return Promise.reject(new Error(`Unexpected ${request.path}`));
			}
			return typeof stream === 'function'
				? stream()
				: Promise.resolve(stream.response);
		});
		return requests;
	}

	async function send(question: string) {
		fireEvent.change(screen.getByLabelText('Question'), {
			target: { value: question },
		});
		await act(async () => {
			fireEvent.click(screen.getByRole('button', { name: 'Send' }));
		});
	}

	it('streams the answer as it arrives, from the unsaved block and post', async () => {
		const stream = fakeStream();
		const requests = previewServer(stream);
		await renderBlock({ instructions: 'Be brief.' });

		const sendButton = screen.getByRole('button', {
			name: 'Send',
		}) as HTMLButtonElement;
		expect(sendButton.disabled).toBe(true);
		expect(
			(screen.getByLabelText('Question') as HTMLTextAreaElement).maxLength
		).toBe(500);
		await send('  What is this about? ');

		expect(requests).toHaveLength(1);
		expect(requests[0]?.method).toBe('POST');
		expect(requests[0]?.data).toEqual({
			post: 42,
			// The block's own attributes only: not className and the like.
			attributes: { ...DEFAULTS, instructions: 'Be brief.' },
			content: mockEditor.content,
			question: 'What is this about?',
			stream: true,
		});
		expect(screen.getByRole('status').textContent).toContain(
			'Waiting for the first words…'
		);
		expect(answer().getAttribute('aria-live')).toBe('polite');

		await push(stream, sse('start', { provider: 'openai', model: 'x' }));
		await push(stream, sse('delta', { text: 'It is about ' }));
		expect(answer().textContent).toBe('It is about ');
		expect(answer().getAttribute('aria-busy')).toBe('true');
		await push(stream, sse('delta', { text: 'bees.' }));
		expect(answer().textContent).toBe('It is about bees.');
		await push(
			stream,
			sse('done', {
				finish_reason: 'stop',
				usage: { input_tokens: 1, output_tokens: 2 },
			})
		);
		expect(answer().getAttribute('aria-busy')).toBe('false');
		expect(sendButton.disabled).toBe(false);
	});

	it('stops the request on Stop and keeps the text so far', async () => {
		const stream = fakeStream();
		const requests = previewServer(stream);
		await renderBlock();
		await send('Long answer please');
		await push(stream, sse('delta', { text: 'Part one' }));

		const stop = screen.getByRole('button', { name: 'Stop' });
		await act(async () => {
			fireEvent.click(stop);
			await new Promise((resolve) => setTimeout(resolve, 0));
		});
		expect(requests[0]?.signal?.aborted).toBe(true);
		expect(stream.cancelled).toHaveBeenCalled();
		expect(screen.getByText('Stopped.')).toBeTruthy();
		expect(answer().textContent).toBe('Part one');
		expect((stop as HTMLButtonElement).disabled).toBe(true);
	});

	it('shows a hostile answer as text, never as HTML', async () => {
		const stream = fakeStream();
		previewServer(stream);
		const { container } = await renderBlock();
		await send('Hi');
		const hostile =
			'<img src=x onerror=alert(1)><script>alert(2)</script>**bold**';
		await push(stream, sse('delta', { text: hostile }));
		expect(answer().textContent).toBe(hostile);
		expect(container.querySelector('img')).toBeNull();
		expect(container.querySelector('script')).toBeNull();
	});

	it('shows the server’s message when the preview fails', async () => {
		previewServer(() =>
			Promise.reject(
				errorResponse(429, {
					code: 'byok_ai_rate_limited',
					message: 'The provider is busy.',
					data: { status: 429, retry_after: 20 },
				})
			)
		);
		await renderBlock();
		await send('Hi');
		expect(
			canvas().getByText('The provider is busy. Try again in 20 seconds.')
		).toBeTruthy();
	});

	it('summarizes without a question in summarize mode', async () => {
		const stream = fakeStream();
		const requests = previewServer(stream);
		await renderBlock({ mode: 'summarize', suggestions: ['Ignored?'] });
		expect(screen.queryByLabelText('Question')).toBeNull();
		// The picture of the visitors' form: one button.
		expect(screen.getByText('Summarize this post')).toBeTruthy();
		await act(async () => {
			fireEvent.click(screen.getByRole('button', { name: 'Summarize' }));
		});
		const data = requests[0]?.data as Record<string, unknown>;
		expect(data).not.toHaveProperty('question');
		expect(data.attributes).toMatchObject({ mode: 'summarize' });
		await push(stream, sse('delta', { text: 'In short: bees.' }));
		expect(answer().textContent).toBe('In short: bees.');
	});

	it('explains that previews need a post', async () => {
		server(OPTIONS);
		mockEditor.postId = 'twentytwentyfive//single';
		await renderBlock();
		expect(
			canvas().getByText(
				'Trying the assistant works while editing a post or a page.'
			)
		).toBeTruthy();
		expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
	});

	it('stops the request when the block is removed', async () => {
		const stream = fakeStream();
		const requests = previewServer(stream);
		const view = await renderBlock();
		await send('Hi');
		view.unmount();
		await waitFor(() => expect(requests[0]?.signal?.aborted).toBe(true));
	});
});
