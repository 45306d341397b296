import { fireEvent } from '@testing-library/react';
import { isOptions, POLICY_PROPERTIES, routeOptions } from './schemas';
import {
	input,
	mockedFetch,
	panel,
	renderLoaded,
	save,
	SAVED,
	server,
} from './rules/panel';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

describe('RulesPanel', () => {
	beforeEach(() => mockedFetch.mockReset());

	it('shows the saved policy with the fallback chain first', async () => {
		server(() => Promise.resolve(SAVED));
		await renderLoaded();
		expect(
			panel()
				.getAllByRole('checkbox', { name: /^Use .* as fallback$/ })
				.map((box) => [
					(box as HTMLInputElement).labels?.[0]?.textContent,
					(box as HTMLInputElement).checked,
				])
		).toEqual([
			['Use Google Gemini as fallback', true],
			['Use OpenAI as fallback', false],
			['Use Anthropic as fallback', false],
		]);
		expect(input('OpenAI models').value).toBe('gpt-4o-mini, gpt-4o');
		expect(input('Google Gemini models').value).toBe('');
		expect(input('Maximum output tokens').value).toBe('1024');
		expect(input('Maximum output tokens').min).toBe('1');
		expect(input('Maximum output tokens').max).toBe('32000');
		expect(input('Timeout (seconds)').value).toBe('30');
		expect(input('Editor').checked).toBe(true);
		expect(input('Author').checked).toBe(false);
		expect(input('Requests per person per hour').value).toBe('60');
	});

	it("takes each field's range and the visitor headers from the route's schema", async () => {
		server(() => Promise.resolve(SAVED));
		const properties = {
			...POLICY_PROPERTIES,
			timeout: { type: 'integer', minimum: 7, maximum: 90 },
			proxy_header: { type: 'string', enum: ['', 'X-Real-IP'] },
		};
		const answer = mockedFetch.getMockImplementation();
		mockedFetch.mockImplementation(
			(options: { path: string; method?: string }) =>
				isOptions(options)
					? Promise.resolve(routeOptions(options.path, properties))
					: answer?.(options)
		);
		await renderLoaded();
		const timeout = input('Timeout (seconds)');
		expect([timeout.min, timeout.max]).toEqual(['7', '90']);
		expect(
			document.getElementById(
				timeout.getAttribute('aria-describedby') ?? ''
			)?.textContent
		).toContain('from 7 to 90 seconds');
		expect(
			Array.from(
				(panel().getByLabelText('Visitor address') as HTMLSelectElement)
					.options,
				(option) => option.value
			)
		).toEqual(['', 'X-Real-IP']);

		// The browser stops 91 (max); an empty field reaches the form's own check.
		fireEvent.change(timeout, { target: { value: '' } });
		await save();
		expect(timeout.getAttribute('aria-invalid')).toBe('true');
		expect(
			panel().getByText('Enter a whole number from 7 to 90.')
		).toBeTruthy();
		expect(
			mockedFetch.mock.calls.some(([options]) => options.method === 'PUT')
		).toBe(false);
	});

	it('leaves the ranges to the server when the route states none', async () => {
		const onSave = jest.fn().mockResolvedValue(SAVED);
		server(onSave);
		const answer = mockedFetch.getMockImplementation();
		mockedFetch.mockImplementation(
			(options: { path: string; method?: string }) =>
				isOptions(options)
					? Promise.resolve(routeOptions(options.path, {}))
					: answer?.(options)
		);
		await renderLoaded();
		const timeout = input('Timeout (seconds)');
		expect(timeout.hasAttribute('max')).toBe(false);
		fireEvent.change(timeout, { target: { value: '100000' } });
		await save();
		expect(onSave).toHaveBeenCalledTimes(1);
		expect(onSave.mock.calls[0][0]).toMatchObject({ timeout: 100000 });
	});

	it('sends exactly the policy the form holds', async () => {
		const onSave = jest.fn().mockResolvedValue(SAVED);
		server(onSave);
		await renderLoaded();

		fireEvent.change(panel().getByLabelText('Primary provider'), {
			target: { value: 'openai' },
		});
		fireEvent.click(input('Use Anthropic as fallback'));
		fireEvent.click(
			panel().getByRole('button', { name: 'Move Anthropic up' })
		);
		fireEvent.click(
			panel().getByRole('button', { name: 'Move Anthropic up' })
		);
		// Already at the top: nothing moves.
		fireEvent.click(
			panel().getByRole('button', { name: 'Move Anthropic up' })
		);
		fireEvent.change(input('Timeout (seconds)'), {
			target: { value: '60' },
		});
		fireEvent.change(input('Google Gemini models'), {
			target: { value: ' gemini-2.0-flash,,gemini-1.5-pro , ' },
		});
		fireEvent.click(input('Editor'));
		fireEvent.click(input('Author'));
		fireEvent.change(input('Requests per person per hour'), {
			target: { value: '25' },
		});
		await save();

		expect(onSave).toHaveBeenCalledTimes(1);
		expect(onSave.mock.calls[0][0]).toEqual({
			primary: 'openai',
			fallback: ['anthropic', 'gemini'],
			max_output_tokens: 1024,
			timeout: 60,
			models: {
				openai: ['gpt-4o-mini', 'gpt-4o'],
				gemini: ['gemini-2.0-flash', 'gemini-1.5-pro'],
				anthropic: [],
			},
			chat_roles: ['administrator', 'author'],
			visitor_ip_limit: 20,
			visitor_ip_window: 60,
			visitor_block_limit: 200,
			visitor_daily_cap: 1000,
			proxy_header: '',
			user_hourly_limit: 25,
		});
		expect(panel().getByText('Rules saved.')).toBeTruthy();
	});

	it('shows a server field error next to its field', async () => {
		server(() =>
			Promise.reject({
				code: 'rest_invalid_param',
				message: 'The timeout can’t be longer than PHP allows (30 s).',
				data: { status: 400, field: 'timeout' },
			})
		);
		await renderLoaded();
		fireEvent.change(input('Timeout (seconds)'), {
			target: { value: '120' },
		});
		await save();

		const timeout = input('Timeout (seconds)');
		expect(timeout.getAttribute('aria-invalid')).toBe('true');
		const help = document.getElementById(
			timeout.getAttribute('aria-describedby') ?? ''
		);
		expect(help?.textContent).toContain(
			'The timeout can’t be longer than PHP allows (30 s).'
		);
		expect(timeout.ownerDocument.activeElement).toBe(timeout);
		expect(
			panel().getByText(
				'The rules were not saved. Correct the fields marked below.'
			)
		).toBeTruthy();
		expect(
			input('Maximum output tokens').getAttribute('aria-invalid')
		).toBeNull();

		// Editing the field clears its error.
		fireEvent.change(timeout, { target: { value: '25' } });
		expect(timeout.getAttribute('aria-invalid')).toBeNull();
	});

	it('puts a models error next to that provider’s models', async () => {
		server(() =>
			Promise.reject({
				code: 'rest_invalid_param',
				message: '“gpt 4” is not a model id.',
				data: { status: 400, field: 'models[openai]' },
			})
		);
		await renderLoaded();
		await save();
		expect(input('OpenAI models').getAttribute('aria-invalid')).toBe(
			'true'
		);
		expect(
			input('Google Gemini models').getAttribute('aria-invalid')
		).toBeNull();
	});

	it('shows an error about no particular field in the notice', async () => {
		server(() =>
			Promise.reject({
				code: 'rest_forbidden',
				message: 'Sorry, you are not allowed to do that.',
				data: { status: 403 },
			})
		);
		await renderLoaded();
		await save();
		expect(
			panel().getByText('Sorry, you are not allowed to do that.')
		).toBeTruthy();
	});

	it('checks the numbers before asking the server', async () => {
		const onSave = jest.fn().mockResolvedValue(SAVED);
		server(onSave);
		await renderLoaded();
		// Out-of-range numbers are stopped by the browser (min/max); an empty field is not.
		fireEvent.change(input('Maximum output tokens'), {
			target: { value: '' },
		});
		await save();
		expect(onSave).not.toHaveBeenCalled();
		expect(
			input('Maximum output tokens').getAttribute('aria-invalid')
		).toBe('true');
		expect(
			panel().getByText('Enter a whole number from 1 to 32,000.')
		).toBeTruthy();
	});
});
