/**
 * Usage → "Which plugin spent what (30 days)" (CallerUsageTable.tsx), on WordPress 7.0+.
 */
import { screen, within } from '@testing-library/react';
import { mockedFetch, renderApp, server } from './wordpress-ai';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

// The whole page renders (the Rules form too): slow on a busy 2-core machine.
jest.setTimeout(30_000);

describe('Which plugin spent what (7.0+)', () => {
	beforeEach(() => {
		mockedFetch.mockReset();
		server();
	});

	it('lists which plugin spent what under Usage', async () => {
		await renderApp('usage', true);
		const table = await screen.findByRole('table', {
			name: 'Requests through WordPress’s AI, by caller',
		});
		const cells = within(table)
			.getAllByRole('row')[1]
			?.querySelectorAll('th, td');
		expect([...(cells ?? [])].map((cell) => cell.textContent)).toEqual([
			'Plugin: seo-helper',
			(1234).toLocaleString(),
			'2',
			'1',
			(5000).toLocaleString(),
			'700',
		]);
		expect(
			screen.getByRole('heading', {
				name: 'Which plugin spent what (30 days)',
			})
		).toBeTruthy();
	});
});
