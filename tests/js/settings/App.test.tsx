import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../../src/settings/App';
import type { SettingsResponse, UsageResponse } from '../../../src/lib/types';
import { providerWithKey } from '../fixtures';
import { sse, streamOf } from '../sse';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

const SETTINGS: SettingsResponse = {
	encryption: { ready: true, source: 'salts', message: null },
	providers: [providerWithKey('openai', 'OpenAI')],
};

const USAGE: UsageResponse = { today: [], last_30_days: [] };

describe('App', () => {
	it('shows the panels below the provider cards and reloads usage after an answer', async () => {
		mockedFetch.mockImplementation((options: { path: string }) => {
			switch (options.path) {
				case '/byok-ai/v1/settings':
					return Promise.resolve(SETTINGS);
				case '/byok-ai/v1/usage':
					return Promise.resolve(USAGE);
				case '/byok-ai/v1/policy':
					return Promise.resolve({
						policy: {
							primary: '',
							fallback: [],
							max_output_tokens: 1024,
							timeout: 30,
							models: {},
							chat_roles: ['administrator'],
						},
						roles: [
							{ slug: 'administrator', name: 'Administrator' },
						],
					});
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
		});
		const usageCalls = () =>
			mockedFetch.mock.calls.filter(
				([options]) => options.path === '/byok-ai/v1/usage'
			).length;

		render(<App />);
		const regions = await screen.findAllByRole('region');
		expect(
			regions
				.filter((region) => region.tagName === 'SECTION')
				.map((region) => region.querySelector('h2')?.textContent)
		).toEqual(['OpenAI', 'Try it', 'Usage', 'Rules']);
		await screen.findByLabelText('Primary provider');
		expect(usageCalls()).toBe(1);

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
		expect(usageCalls()).toBe(2);
	});
});
