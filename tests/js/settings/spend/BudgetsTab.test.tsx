/**
 * The spend settings as the page's "Budgets" section: a tab like the others, kept in the URL,
 * loaded when first shown.
 */
import apiFetch from '@wordpress/api-fetch';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../../../src/settings/App';
import type { SettingsResponse } from '../../../../src/lib/types';
import { providerWithKey } from '../../fixtures';
import { SPEND, SPEND_SCHEMA as SCHEMA } from './fixtures';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

jest.setTimeout(30_000);

const SETTINGS: SettingsResponse = {
	encryption: { ready: true, source: 'salts', message: null },
	providers: [providerWithKey('openai', 'OpenAI')],
};

const PAGE = '/wp-admin/options-general.php?page=byok-ai';

function spendLoads(): number {
	return mockedFetch.mock.calls.filter(
		([options]) =>
			options.path === '/byok-ai/v1/spend' && options.method !== 'OPTIONS'
	).length;
}

async function renderApp(search = '') {
	window.history.replaceState(null, '', PAGE + search);
	render(<App />);
	await screen.findByRole('tablist', { name: 'BYOK AI settings' });
}

describe('Budgets tab', () => {
	beforeEach(() => {
		mockedFetch.mockReset();
		mockedFetch.mockImplementation(
			(options: { path: string; method?: string }) => {
				if (options.path === '/byok-ai/v1/settings') {
					return Promise.resolve(SETTINGS);
				}
				if (options.path === '/byok-ai/v1/spend') {
					return Promise.resolve(
						options.method === 'OPTIONS' ? SCHEMA : SPEND
					);
				}
				return Promise.reject(new Error(`Unexpected ${options.path}`));
			}
		);
	});

	it('shows the spend settings when chosen, and keeps the choice in the URL', async () => {
		await renderApp();
		const budgets = screen.getByRole('tab', { name: 'Budgets' });
		expect(budgets.getAttribute('aria-selected')).toBe('false');
		expect(spendLoads()).toBe(0);

		fireEvent.click(budgets);
		expect(window.location.search).toBe('?page=byok-ai&tab=budgets');
		expect(budgets.getAttribute('aria-selected')).toBe('true');
		const panel = screen.getByRole('tabpanel');
		expect(panel.getAttribute('aria-labelledby')).toBe(budgets.id);
		expect(
			await within(panel).findByRole('region', { name: 'Spend control' })
		).toBeTruthy();
		expect(within(panel).getByText('€4.00 of €5.00')).toBeTruthy();
		expect(spendLoads()).toBe(1);
	});

	it('opens on Budgets from the URL, between Usage and Rules', async () => {
		await renderApp('&tab=budgets');
		expect(
			screen.getAllByRole('tab').map((item) => item.textContent)
		).toEqual(['Providers', 'Try it', 'Usage', 'Budgets', 'Rules']);
		const budgets = screen.getByRole('tab', { name: 'Budgets' });
		expect(budgets.getAttribute('aria-selected')).toBe('true');
		expect(budgets.tabIndex).toBe(0);
		expect(
			await screen.findByRole('region', { name: 'Spend control' })
		).toBeTruthy();

		// The keys move from it like from any other tab.
		fireEvent.keyDown(budgets, { key: 'Home' });
		expect(window.location.search).toBe('?page=byok-ai');
		expect(budgets.getAttribute('aria-selected')).toBe('false');
	});
});
