import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { UsagePanel } from '../../../src/settings/components/UsagePanel';
import type { UsageResponse } from '../../../src/lib/types';
import { providerWithKey } from '../fixtures';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

const PROVIDERS = [
	providerWithKey('openai', 'OpenAI'),
	providerWithKey('gemini', 'Google Gemini'),
];

const USAGE: UsageResponse = {
	today: [],
	last_30_days: [
		{
			provider: 'openai',
			requests: 1200,
			errors: 3,
			input_tokens: 45678,
			output_tokens: 9876,
		},
		{
			provider: 'retired',
			requests: 1,
			errors: 1,
			input_tokens: 0,
			output_tokens: 0,
		},
	],
};

function panel() {
	return within(screen.getByRole('region', { name: 'Usage' }));
}

function rows(name: string): string[][] {
	return within(panel().getByRole('table', { name }))
		.getAllByRole('row')
		.map((row) =>
			Array.from(row.querySelectorAll('th, td')).map(
				(cell) => cell.textContent ?? ''
			)
		);
}

describe('UsagePanel', () => {
	beforeEach(() => mockedFetch.mockReset().mockResolvedValue(USAGE));

	it('shows a table per period, with an empty state', async () => {
		render(<UsagePanel providers={PROVIDERS} />);
		await panel().findByRole('table', { name: 'Today' });
		expect(mockedFetch).toHaveBeenCalledWith(
			expect.objectContaining({ path: '/byok-ai/v1/usage' })
		);
		expect(rows('Today')).toEqual([
			['Provider', 'Requests', 'Errors', 'Input tokens', 'Output tokens'],
			['No requests in this period.'],
		]);
		expect(rows('Last 30 days')).toEqual([
			['Provider', 'Requests', 'Errors', 'Input tokens', 'Output tokens'],
			['OpenAI', '1,200', '3', '45,678', '9,876'],
			// A provider the settings no longer list keeps its id.
			['retired', '1', '1', '0', '0'],
		]);
	});

	it('reloads on Refresh and when told a new answer came in', async () => {
		const { rerender } = render(
			<UsagePanel providers={PROVIDERS} version={0} />
		);
		await panel().findByRole('table', { name: 'Today' });
		expect(mockedFetch).toHaveBeenCalledTimes(1);

		await act(async () => {
			fireEvent.click(panel().getByRole('button', { name: 'Refresh' }));
		});
		expect(mockedFetch).toHaveBeenCalledTimes(2);

		await act(async () => {
			rerender(<UsagePanel providers={PROVIDERS} version={1} />);
		});
		expect(mockedFetch).toHaveBeenCalledTimes(3);
	});

	it('shows why the counters could not be loaded', async () => {
		mockedFetch.mockReset().mockRejectedValue({
			code: 'rest_forbidden',
			message: 'Sorry, you are not allowed to do that.',
			data: { status: 403 },
		});
		render(<UsagePanel providers={PROVIDERS} />);
		expect(
			await panel().findByText('Sorry, you are not allowed to do that.')
		).toBeTruthy();
	});
});
