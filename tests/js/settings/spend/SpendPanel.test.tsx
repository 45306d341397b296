import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { SpendPanel } from '../../../../src/settings/components/spend/SpendPanel';
import { SPEND, SPEND_SCHEMA as SCHEMA } from './fixtures';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

function server(onSave: (data: unknown) => Promise<unknown>) {
	mockedFetch.mockImplementation(
		(options: { path: string; method?: string; data?: unknown }) => {
			if (options.path !== '/byok-ai/v1/spend') {
				return Promise.reject(new Error(`Unexpected ${options.path}`));
			}
			if (options.method === 'OPTIONS') {
				return Promise.resolve(SCHEMA);
			}
			return options.method === 'PUT'
				? onSave(options.data)
				: Promise.resolve(SPEND);
		}
	);
}

describe('SpendPanel', () => {
	afterEach(() => mockedFetch.mockReset());

	it('shows the current figures and a cap per provider and role from the schema', async () => {
		server(() => Promise.reject(new Error('no save')));
		render(<SpendPanel />);
		expect(
			await screen.findByRole('region', { name: 'Spend control' })
		).toBeTruthy();
		expect(screen.getByText('€4.00 of €5.00')).toBeTruthy();
		expect(screen.getByText('1,200 of 200,000')).toBeTruthy();
		expect(
			(
				screen.getByLabelText(
					'Provider: openai, per month'
				) as HTMLInputElement
			).value
		).toBe('50');
		expect(
			screen.getByLabelText('Each person with the role editor, per day')
		).toBeTruthy();
	});

	it('saves a new cap and says so', async () => {
		const saved = jest.fn((data: unknown) =>
			Promise.resolve({
				...SPEND,
				budgets: (data as typeof SPEND).budgets,
			})
		);
		server(saved);
		render(<SpendPanel />);
		const field = await screen.findByLabelText(
			'Visitors (blocks), per day'
		);
		fireEvent.change(field, { target: { value: '2.5' } });
		await act(async () => {
			fireEvent.click(
				screen.getByRole('button', { name: 'Save spend settings' })
			);
		});
		expect(saved).toHaveBeenCalledTimes(1);
		expect(
			(saved.mock.calls[0]![0] as typeof SPEND).budgets.visitors
		).toEqual({ day: 2.5, month: null });
		expect(
			(await screen.findAllByText('Spend settings saved.')).length
		).toBeGreaterThan(0);
	});

	it('refuses a negative cap in the browser', async () => {
		server(() => Promise.reject(new Error('must not be called')));
		render(<SpendPanel />);
		const field = await screen.findByLabelText('All spending, per day');
		fireEvent.change(field, { target: { value: '-3' } });
		await act(async () => {
			fireEvent.click(
				screen.getByRole('button', { name: 'Save spend settings' })
			);
		});
		expect(
			mockedFetch.mock.calls.filter(
				([options]) => options.method === 'PUT'
			)
		).toHaveLength(0);
		// The browser's own check (min 0) stops the form before the plugin's.
		expect((field as HTMLInputElement).validity.rangeUnderflow).toBe(true);
	});
});
