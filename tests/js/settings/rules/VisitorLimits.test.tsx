/**
 * Rules → Visitors (rules/VisitorLimits.tsx), through the Rules panel.
 */
import { act, fireEvent, within } from '@testing-library/react';
import {
	input,
	mockedFetch,
	panel,
	renderLoaded,
	save,
	SAVED,
	server,
} from './panel';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

describe('Rules → Visitors', () => {
	beforeEach(() => mockedFetch.mockReset());

	it('shows the saved limits with their ranges', async () => {
		server(() => Promise.resolve(SAVED));
		await renderLoaded();
		const visitors = within(
			panel().getByRole('group', { name: 'Visitors' })
		);
		const field = (label: string) =>
			visitors.getByLabelText(label) as HTMLInputElement;
		expect(
			[
				'Questions per visitor',
				'Time window (minutes)',
				'Requests per block per hour',
				'Visitor requests per day',
			].map((label) => [
				field(label).value,
				field(label).min,
				field(label).max,
			])
		).toEqual([
			['20', '0', '10000'],
			['60', '1', '1440'],
			['200', '0', '100000'],
			['1000', '0', '1000000'],
		]);
		const header = visitors.getByLabelText(
			'Visitor address'
		) as HTMLSelectElement;
		expect(header.value).toBe('');
		expect(
			within(header)
				.getAllByRole('option')
				.map((option) => (option as HTMLOptionElement).value)
		).toEqual([
			'',
			'X-Forwarded-For',
			'X-Real-IP',
			'CF-Connecting-IP',
			'True-Client-IP',
		]);
		// The help warns before anyone picks a header.
		expect(
			document.getElementById(
				header.getAttribute('aria-describedby') ?? ''
			)?.textContent
		).toContain('Only choose a header when every request really');
	});

	it('saves the limits and the proxy header', async () => {
		const onSave = jest.fn().mockResolvedValue(SAVED);
		server(onSave);
		await renderLoaded();
		fireEvent.change(input('Questions per visitor'), {
			target: { value: '0' },
		});
		fireEvent.change(input('Time window (minutes)'), {
			target: { value: '1440' },
		});
		fireEvent.change(input('Requests per block per hour'), {
			target: { value: '50' },
		});
		fireEvent.change(input('Visitor requests per day'), {
			target: { value: '1000000' },
		});
		fireEvent.change(panel().getByLabelText('Visitor address'), {
			target: { value: 'CF-Connecting-IP' },
		});
		expect(
			panel().getByText(
				'Visitors are told apart by the CF-Connecting-IP header. Keep this only if your proxy or CDN always sets it.'
			)
		).toBeTruthy();
		await save();

		expect(onSave).toHaveBeenCalledTimes(1);
		expect(onSave.mock.calls[0][0]).toMatchObject({
			visitor_ip_limit: 0,
			visitor_ip_window: 1440,
			visitor_block_limit: 50,
			visitor_daily_cap: 1000000,
			proxy_header: 'CF-Connecting-IP',
		});
	});

	it.each([
		['Questions per visitor', '10001', 'from 0 to 10,000'],
		['Questions per visitor', '-1', 'from 0 to 10,000'],
		['Time window (minutes)', '0', 'from 1 to 1,440'],
		['Time window (minutes)', '1.5', 'from 1 to 1,440'],
		['Requests per block per hour', '', 'from 0 to 100,000'],
		['Visitor requests per day', '1000001', 'from 0 to 1,000,000'],
		['Requests per person per hour', '10001', 'from 0 to 10,000'],
	])(
		'refuses %s = “%s” before asking the server',
		async (label, value, range) => {
			const onSave = jest.fn().mockResolvedValue(SAVED);
			server(onSave);
			await renderLoaded();
			fireEvent.change(input(label), { target: { value } });
			// Submitting the form itself skips the browser's own min/max/step check, as
			// a browser without it (or a changed attribute) would.
			await act(async () => {
				fireEvent.submit(
					input(label).closest('form') as HTMLFormElement
				);
			});

			expect(onSave).not.toHaveBeenCalled();
			const field = input(label);
			expect(field.getAttribute('aria-invalid')).toBe('true');
			expect(
				document.getElementById(
					field.getAttribute('aria-describedby') ?? ''
				)?.textContent
			).toContain(`Enter a whole number ${range}.`);
			expect(field.ownerDocument.activeElement).toBe(field);
		}
	);

	it('shows a server error about the proxy header next to it', async () => {
		server(() =>
			Promise.reject({
				code: 'rest_invalid_param',
				message:
					'Choose one of the listed headers, or the connection’s address.',
				data: { status: 400, field: 'proxy_header' },
			})
		);
		await renderLoaded();
		await save();
		const header = panel().getByLabelText('Visitor address');
		expect(header.getAttribute('aria-invalid')).toBe('true');
		expect(
			document.getElementById(
				header.getAttribute('aria-describedby') ?? ''
			)?.textContent
		).toContain(
			'Choose one of the listed headers, or the connection’s address.'
		);
	});
});
