import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { TryItPanel } from '../../../src/settings/components/TryItPanel';
import { providerWithKey } from '../fixtures';
import { errorResponse, fakeStream, sse, type FakeStream } from '../sse';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

const PROVIDERS = [
	providerWithKey('openai', 'OpenAI'),
	providerWithKey('gemini', 'Google Gemini', 'missing'),
	providerWithKey('anthropic', 'Anthropic', 'not_validated'),
];

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

/** The panel, not the a11y-speak regions that repeat notices for screen readers. */
function panel() {
	return within(screen.getByRole('region', { name: 'Try it' }));
}

function answerRegion() {
	return screen.getByRole('region', { name: 'Answer' });
}

async function ask(prompt: string) {
	fireEvent.change(screen.getByLabelText('Prompt'), {
		target: { value: prompt },
	});
	await act(async () => {
		fireEvent.click(screen.getByRole('button', { name: 'Send' }));
	});
}

describe('TryItPanel', () => {
	beforeEach(() => mockedFetch.mockReset());

	it('offers only providers with a usable key, after the automatic choice', () => {
		render(<TryItPanel providers={PROVIDERS} />);
		const select = screen.getByLabelText('Provider');
		expect(
			within(select)
				.getAllByRole('option')
				.map((option) => option.textContent)
		).toEqual([
			'Automatic (primary, then fallbacks)',
			'OpenAI',
			'Anthropic',
		]);
		expect(screen.getByRole('region', { name: 'Try it' })).toBeTruthy();
	});

	it('streams the answer into the live region as it arrives', async () => {
		const stream = fakeStream();
		mockedFetch.mockResolvedValue(stream.response);
		const onAnswered = jest.fn();
		render(<TryItPanel providers={PROVIDERS} onAnswered={onAnswered} />);

		expect(
			(screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement)
				.disabled
		).toBe(true);
		await ask('Say hi');

		expect(mockedFetch.mock.calls[0][0].data).toEqual({
			messages: [{ role: 'user', content: 'Say hi' }],
			stream: true,
		});
		expect(answerRegion().getAttribute('aria-live')).toBe('polite');
		expect(screen.getByRole('status').textContent).toBe(
			'Waiting for the first words…'
		);
		expect(
			(screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement)
				.disabled
		).toBe(false);

		await push(stream, sse('start', { provider: 'anthropic', model: 'c' }));
		await push(stream, sse('delta', { text: 'Hello' }));
		expect(answerRegion().textContent).toBe('Hello');
		expect(screen.queryByText('Waiting for the first words…')).toBeNull();

		await push(stream, sse('delta', { text: ', <b>world</b>\n' }));
		// Rendered as text, never as HTML.
		expect(answerRegion().textContent).toBe('Hello, <b>world</b>\n');
		expect(answerRegion().querySelector('b')).toBeNull();
		expect(onAnswered).not.toHaveBeenCalled();

		await push(
			stream,
			sse('done', {
				provider: 'anthropic',
				model: 'claude-x',
				finish_reason: 'stop',
				usage: { input_tokens: 1234, output_tokens: 5 },
				attempts: [
					{ provider: 'openai', code: 'byok_ai_rate_limited' },
				],
			})
		);
		expect(
			panel().getByText(
				'Answered by Anthropic (claude-x) · 1,234 tokens in, 5 out'
			)
		).toBeTruthy();
		expect(
			panel().getByText(
				'Fallback used: OpenAI failed before this provider answered.'
			)
		).toBeTruthy();
		expect(onAnswered).toHaveBeenCalledTimes(1);
		expect(
			(screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement)
				.disabled
		).toBe(true);
	});

	it('sends the chosen provider', async () => {
		mockedFetch.mockResolvedValue(fakeStream().response);
		render(<TryItPanel providers={PROVIDERS} />);
		fireEvent.change(screen.getByLabelText('Provider'), {
			target: { value: 'anthropic' },
		});
		await ask('Hi');
		expect(mockedFetch.mock.calls[0][0].data).toEqual({
			messages: [{ role: 'user', content: 'Hi' }],
			provider: 'anthropic',
			stream: true,
		});
	});

	it('shows the server’s message and when to try again', async () => {
		mockedFetch.mockRejectedValue(
			errorResponse(429, {
				code: 'byok_ai_rate_limited',
				message: 'Too many requests from this site.',
				data: { status: 429, retry_after: 30 },
			})
		);
		const onAnswered = jest.fn();
		render(<TryItPanel providers={PROVIDERS} onAnswered={onAnswered} />);
		await ask('Hi');
		expect(
			await panel().findByText(
				'Too many requests from this site. Try again in 30 seconds.'
			)
		).toBeTruthy();
		expect(onAnswered).toHaveBeenCalledTimes(1);
	});

	it('keeps the text so far when an error event ends the stream', async () => {
		const stream = fakeStream();
		mockedFetch.mockResolvedValue(stream.response);
		render(<TryItPanel providers={PROVIDERS} />);
		await ask('Hi');
		await push(stream, sse('delta', { text: 'Partial' }));
		await push(
			stream,
			sse('error', {
				code: 'byok_ai_upstream',
				message: 'The provider stopped answering.',
			})
		);
		expect(
			panel().getByText('The provider stopped answering.')
		).toBeTruthy();
		expect(answerRegion().textContent).toBe('Partial');
	});

	it('stops on request without showing an error', async () => {
		const stream = fakeStream();
		mockedFetch.mockResolvedValue(stream.response);
		render(<TryItPanel providers={PROVIDERS} />);
		await ask('Tell me a long story');
		await push(stream, sse('delta', { text: 'Once' }));
		const { signal } = mockedFetch.mock.calls[0][0];

		await act(async () => {
			fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
			await new Promise((resolve) => setTimeout(resolve, 0));
		});
		expect(signal.aborted).toBe(true);
		expect(stream.cancelled).toHaveBeenCalled();
		expect(panel().getByText('Stopped.')).toBeTruthy();
		expect(answerRegion().textContent).toBe('Once');
		expect(
			document.querySelector('.components-notice.is-error')
		).toBeNull();
	});

	it('aborts the request when it goes away', async () => {
		mockedFetch.mockResolvedValue(fakeStream().response);
		const { unmount } = render(<TryItPanel providers={PROVIDERS} />);
		await ask('Hi');
		const { signal } = mockedFetch.mock.calls[0][0];
		expect(signal.aborted).toBe(false);
		unmount();
		expect(signal.aborted).toBe(true);
	});
});
