import apiFetch from '@wordpress/api-fetch';
import {
	act,
	fireEvent,
	render,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import uPlot from 'uplot';
import { UsagePanel } from '../../../src/settings/components/UsagePanel';
import { PROVIDERS, USAGE } from './usage/dashboard';
import { report } from './usage/report';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

// uPlot draws on a canvas, which jsdom lacks: the fake records what the chart was given.
jest.mock('uplot', () => {
	const Fake = jest.fn().mockImplementation(() => ({
		destroy: jest.fn(),
		setSize: jest.fn(),
	}));
	Object.assign(Fake, {
		paths: { bars: () => 'bars' },
		tzDate: (date: Date) => date,
	});
	return { __esModule: true, default: Fake };
});

const mockedFetch = apiFetch as unknown as jest.Mock;
const mockedPlot = uPlot as unknown as jest.Mock;

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
	beforeEach(() => {
		mockedFetch.mockReset().mockResolvedValue(USAGE);
		mockedPlot.mockClear();
	});

	it('shows a table per period, with an empty state', async () => {
		render(<UsagePanel providers={PROVIDERS} />);
		await panel().findByRole('table', { name: 'Today' });
		expect(mockedFetch).toHaveBeenCalledWith(
			expect.objectContaining({ path: '/byok-ai/v1/usage?days=30' })
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

	it('draws the chart stacked by provider, with its data as a table', async () => {
		render(<UsagePanel providers={PROVIDERS} />);
		// The chart's chunk loads lazily.
		await waitFor(() => expect(mockedPlot).toHaveBeenCalledTimes(1));
		const [options, data] = mockedPlot.mock.calls[0] as [
			{ title: string; series: Array<{ label?: string }> },
			number[][],
		];
		expect(options.title).toBe('Cost per day, by provider');
		// Top of the stack first: Gemini (unknown cost: 0) over OpenAI.
		expect(options.series.slice(1).map((s) => s.label)).toEqual([
			'Google Gemini',
			'OpenAI',
		]);
		expect(data.slice(1)).toEqual([
			[0, 1.5, 0.25],
			[0, 1.5, 0.25],
		]);
		expect(
			panel().getByText(/2 requests have an unknown cost/)
		).toBeTruthy();

		// The text alternative: in the page (for screen readers) and shown on request.
		const table = panel().getByRole('table', {
			name: 'Cost per day, by provider',
		});
		expect(table.className).toContain('screen-reader-text');
		expect(rows('Cost per day, by provider')).toEqual([
			['Day', 'OpenAI', 'Google Gemini', 'Total'],
			['2026-06-08', '$0.00', '$0.00', '$0.00'],
			['2026-06-09', '$1.50', '$0.00', '$1.50'],
			['2026-06-10', '$0.25', '$0.00', '$0.25'],
		]);
		const toggle = panel().getByRole('button', {
			name: 'Show the chart’s data as a table',
		});
		expect(toggle.getAttribute('aria-expanded')).toBe('false');
		fireEvent.click(toggle);
		expect(table.className).not.toContain('screen-reader-text');

		// Requests instead of cost.
		fireEvent.change(panel().getByLabelText('Show'), {
			target: { value: 'requests' },
		});
		await waitFor(() => expect(mockedPlot).toHaveBeenCalledTimes(2));
		const requests = mockedPlot.mock.calls[1] as [unknown, number[][]];
		expect(requests[1].slice(1)).toEqual([
			[0, 3, 3],
			[0, 3, 1],
		]);
		expect(rows('Requests per day, by provider')[2]).toEqual([
			'2026-06-09',
			'3',
			'0',
			'3',
		]);
	});

	it('lists causes, top posts, errors and budgets, unknown costs as unknown', async () => {
		render(<UsagePanel providers={PROVIDERS} />);
		await panel().findByRole('table', { name: 'By cause' });
		expect(rows('By cause')).toEqual([
			['Cause', 'Kind', 'Cost', 'Requests', 'Errors', 'Tokens'],
			['Plugin: akismet', 'Plugin', '$1.50', '3', '0', '15'],
			['Ada Editor', 'Person', 'Unknown', '2', '0', '15'],
			['PHP: my-plugin', 'Plugin', '$0.25 + 1 unknown', '2', '0', '15'],
		]);
		expect(rows('Top posts and blocks by cost')).toEqual([
			['Post', 'Block', 'Cost', 'Requests', 'Errors', 'Tokens'],
			['Cats & dogs', 'abc123', '$0.90', '4', '0', '15'],
		]);
		expect(rows('Errors by kind')).toEqual([
			['Error', 'Requests'],
			['Rate limited by the provider', '5'],
			// A code the dashboard has no label for is shown as it is.
			['other_plugin_error', '1'],
		]);
		const meter = panel().getByRole('meter', {
			name: 'All AI use, this month',
		});
		expect(meter.getAttribute('value')).toBe('8000000');
		expect(panel().getAllByText('$8.00 of $10.00 (80%)').length).toBe(2);
		// Over the cap: the bar is full, the text says how far over.
		expect(
			panel()
				.getByRole('meter', { name: 'OpenAI, today' })
				.getAttribute('value')
		).toBe('2000000');
		expect(panel().getAllByText('$3.00 of $2.00 (150%)').length).toBe(2);
		expect(
			panel().getByRole('meter', {
				name: 'Tokens of calls with an unknown cost, today',
			})
		).toBeTruthy();
		expect(panel().getAllByText('500 of 1,000 (50%)').length).toBe(2);
	});

	it('shows an empty period without a chart', async () => {
		mockedFetch.mockReset().mockResolvedValue(report());
		render(<UsagePanel providers={PROVIDERS} />);
		await panel().findByRole('table', { name: 'By cause' });
		expect(panel().getAllByText('No requests in this period.').length).toBe(
			6
		);
		expect(panel().getByText('No budget is set.')).toBeTruthy();
		expect(panel().queryByTestId('byok-ai-usage-chart')).toBeNull();
		expect(mockedPlot).not.toHaveBeenCalled();
	});

	it('loads 90 days when asked', async () => {
		render(<UsagePanel providers={PROVIDERS} />);
		await panel().findByRole('table', { name: 'By cause' });
		await act(async () => {
			fireEvent.change(panel().getByLabelText('Period'), {
				target: { value: '90' },
			});
		});
		expect(mockedFetch).toHaveBeenLastCalledWith(
			expect.objectContaining({ path: '/byok-ai/v1/usage?days=90' })
		);
	});

	it('shows a loading state, then reloads on Refresh and when told a new answer came in', async () => {
		const { rerender } = render(
			<UsagePanel providers={PROVIDERS} version={0} />
		);
		expect(panel().getByRole('status').textContent).toContain(
			'Loading usage…'
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

	it('exports the period as CSV under the server’s file name', async () => {
		render(<UsagePanel providers={PROVIDERS} />);
		await panel().findByRole('table', { name: 'Today' });
		const blob = new Blob(['date,provider\r\n']);
		mockedFetch.mockResolvedValueOnce({
			headers: new Headers({
				'Content-Disposition':
					'attachment; filename="byok-ai-usage-2026-06-10-30d.csv"',
			}),
			blob: () => Promise.resolve(blob),
		});
		const created: string[] = [];
		URL.createObjectURL = jest.fn(() => 'blob:usage');
		URL.revokeObjectURL = jest.fn();
		const click = jest
			.spyOn(HTMLAnchorElement.prototype, 'click')
			.mockImplementation(function (this: HTMLAnchorElement) {
				created.push(this.download);
			});
		await act(async () => {
			fireEvent.click(
				panel().getByRole('button', { name: 'Export CSV' })
			);
		});
		expect(mockedFetch).toHaveBeenLastCalledWith({
			path: '/byok-ai/v1/usage/export?days=30',
			parse: false,
		});
		expect(created).toEqual(['byok-ai-usage-2026-06-10-30d.csv']);
		expect(URL.createObjectURL).toHaveBeenCalledWith(blob);
		click.mockRestore();
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
