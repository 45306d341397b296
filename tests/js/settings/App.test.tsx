import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../../src/settings/App';
import type { PolicyResponse, SettingsResponse } from '../../../src/lib/types';
import { providerWithKey } from '../fixtures';
import { isOptions, routeOptions } from './schemas';
import { report } from './usage/report';
import { sse, streamOf } from '../sse';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

// Each test renders the whole page (four sections, the Rules form): on a busy 2-core machine
// that takes longer than Jest's default 5 s.
jest.setTimeout(30_000);

const SETTINGS: SettingsResponse = {
	encryption: { ready: true, source: 'salts', message: null },
	providers: [
		providerWithKey('openai', 'OpenAI'),
		providerWithKey('anthropic', 'Anthropic', 'missing'),
	],
};

const USAGE = report();

const POLICY: PolicyResponse = {
	policy: {
		primary: '',
		fallback: [],
		max_output_tokens: 1024,
		timeout: 30,
		models: {},
		chat_roles: ['administrator'],
		visitor_ip_limit: 20,
		visitor_ip_window: 60,
		visitor_block_limit: 200,
		visitor_daily_cap: 1000,
		proxy_header: '',
		user_hourly_limit: 60,
	},
	roles: [{ slug: 'administrator', name: 'Administrator' }],
};

const PAGE = '/wp-admin/options-general.php?page=byok-ai';

function server() {
	mockedFetch.mockImplementation(
		(options: { path: string; method?: string }) => {
			if (isOptions(options)) {
				return Promise.resolve(routeOptions(options.path));
			}
			// The Usage dashboard asks for a period: /usage?days=30.
			switch (options.path.split('?')[0]) {
				case '/byok-ai/v1/settings':
					return Promise.resolve(SETTINGS);
				case '/byok-ai/v1/usage':
					return Promise.resolve(USAGE);
				case '/byok-ai/v1/policy':
					return Promise.resolve(POLICY);
				case '/byok-ai/v1/chat':
					return Promise.resolve(
						streamOf([
							sse('delta', { text: 'Hi!' }),
							sse('done', {
								provider: 'openai',
								model: 'gpt-4o-mini',
								finish_reason: 'stop',
								usage: { input_tokens: 3, output_tokens: 2 },
								attempts: [],
							}),
						]).response
					);
			}
			return Promise.reject(new Error(`Unexpected ${options.path}`));
		}
	);
}

function calls(path: string): number {
	return mockedFetch.mock.calls.filter(
		([options]) =>
			options.path.split('?')[0] === `/byok-ai/v1/${path}` &&
			!isOptions(options)
	).length;
}

/** The element with keyboard focus. */
function focused(): Element | null {
	return screen.getByRole('tablist').ownerDocument.activeElement;
}

function tab(name: string): HTMLElement {
	return screen.getByRole('tab', { name });
}

/** The visible section (the hidden ones are left out of the accessibility tree). */
function shownPanel(): HTMLElement {
	return screen.getByRole('tabpanel');
}

async function renderApp(search = '') {
	window.history.replaceState(null, '', PAGE + search);
	render(<App />);
	await screen.findByRole('tablist', { name: 'BYOK AI settings' });
}

describe('App', () => {
	beforeEach(() => {
		mockedFetch.mockReset();
		server();
	});

	it('shows the providers first, with Try it, Usage, Budgets and Rules as tabs', async () => {
		await renderApp();
		expect(
			screen.getAllByRole('tab').map((item) => item.textContent)
		).toEqual(['Providers', 'Try it', 'Usage', 'Budgets', 'Rules']);
		expect(tab('Providers').getAttribute('aria-selected')).toBe('true');
		expect(screen.getAllByRole('tab').map((item) => item.tabIndex)).toEqual(
			[0, -1, -1, -1, -1]
		);
		const panel = shownPanel();
		expect(panel.getAttribute('aria-labelledby')).toBe(tab('Providers').id);
		expect(tab('Providers').getAttribute('aria-controls')).toBe(panel.id);
		expect(within(panel).getAllByRole('listitem')).toHaveLength(2);
		// Sections load what they need when they are first shown.
		expect(calls('usage')).toBe(0);
		expect(calls('policy')).toBe(0);
	});

	it('keeps the section in the URL, so a reload or Back shows it again', async () => {
		await renderApp();
		const before = window.history.length;
		fireEvent.click(tab('Rules'));
		expect(window.location.search).toBe('?page=byok-ai&tab=rules');
		expect(window.history.length).toBe(before + 1);
		expect(tab('Rules').getAttribute('aria-selected')).toBe('true');
		await within(shownPanel()).findByLabelText('Primary provider');
		expect(document.getElementById('byok-ai-panel-providers')?.hidden).toBe(
			true
		);

		// Back to the page without `tab`: the default section.
		act(() => {
			window.history.replaceState(null, '', PAGE);
			window.dispatchEvent(new PopStateEvent('popstate'));
		});
		expect(tab('Providers').getAttribute('aria-selected')).toBe('true');

		// Choosing the default section again leaves `tab` out.
		fireEvent.click(tab('Usage'));
		await within(shownPanel()).findByRole('table', { name: 'Today' });
		fireEvent.click(tab('Providers'));
		expect(window.location.search).toBe('?page=byok-ai');
	});

	it('opens the section the URL names, and the default for an unknown one', async () => {
		await renderApp('&tab=usage');
		expect(tab('Usage').getAttribute('aria-selected')).toBe('true');
		await within(shownPanel()).findByRole('table', { name: 'Today' });
	});

	it('falls back to the providers for a section that doesn’t exist', async () => {
		await renderApp('&tab=nope');
		expect(tab('Providers').getAttribute('aria-selected')).toBe('true');
	});

	it('moves along the tabs with the arrow keys, Home and End', async () => {
		await renderApp();
		const before = window.history.length;
		tab('Providers').focus();
		fireEvent.keyDown(tab('Providers'), { key: 'ArrowRight' });
		expect(focused()).toBe(tab('Try it'));
		expect(tab('Try it').getAttribute('aria-selected')).toBe('true');
		expect(tab('Try it').tabIndex).toBe(0);
		expect(tab('Providers').tabIndex).toBe(-1);
		expect(window.location.search).toBe('?page=byok-ai&tab=try-it');

		fireEvent.keyDown(tab('Try it'), { key: 'End' });
		expect(focused()).toBe(tab('Rules'));
		fireEvent.keyDown(tab('Rules'), { key: 'ArrowRight' });
		expect(focused()).toBe(tab('Providers'));
		fireEvent.keyDown(tab('Providers'), { key: 'ArrowLeft' });
		expect(focused()).toBe(tab('Rules'));
		fireEvent.keyDown(tab('Rules'), { key: 'Home' });
		expect(focused()).toBe(tab('Providers'));
		// Walking with the keys replaces the history entry instead of adding one per tab.
		expect(window.history.length).toBe(before);
		await act(async () => {});
	});

	it('keeps unsaved rules while another section is looked at', async () => {
		await renderApp('&tab=rules');
		const field = (await within(shownPanel()).findByLabelText(
			'Timeout (seconds)'
		)) as HTMLInputElement;
		fireEvent.change(field, { target: { value: '45' } });
		fireEvent.click(tab('Providers'));
		fireEvent.click(tab('Rules'));
		expect(
			(
				within(shownPanel()).getByLabelText(
					'Timeout (seconds)'
				) as HTMLInputElement
			).value
		).toBe('45');
		expect(calls('policy')).toBe(1);
	});

	it('reloads usage after an answer and on each return to Usage', async () => {
		await renderApp('&tab=usage');
		await within(shownPanel()).findByRole('table', { name: 'Today' });
		expect(calls('usage')).toBe(1);

		fireEvent.click(tab('Try it'));
		const tryIt = within(screen.getByRole('region', { name: 'Try it' }));
		fireEvent.change(tryIt.getByLabelText('Prompt'), {
			target: { value: 'Hello' },
		});
		await act(async () => {
			fireEvent.click(tryIt.getByRole('button', { name: 'Send' }));
			await new Promise((resolve) => setTimeout(resolve, 0));
		});
		expect(
			tryIt.getByText(
				'Answered by OpenAI (gpt-4o-mini) · 3 tokens in, 2 out'
			)
		).toBeTruthy();
		expect(calls('usage')).toBe(2);

		await act(async () => {
			fireEvent.click(tab('Usage'));
		});
		expect(calls('usage')).toBe(3);
	});

	it('shows why the providers could not be loaded', async () => {
		mockedFetch.mockReset().mockRejectedValue({
			code: 'rest_forbidden',
			message: 'Sorry, you are not allowed to do that.',
		});
		window.history.replaceState(null, '', PAGE);
		render(<App />);
		expect(
			(
				await screen.findAllByText(
					'Sorry, you are not allowed to do that.'
				)
			).length
		).toBeGreaterThan(0);
		expect(
			document.querySelector('.components-notice.is-error')?.textContent
		).toContain('Sorry, you are not allowed to do that.');
		expect(screen.queryByRole('tablist')).toBeNull();
	});
});
