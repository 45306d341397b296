import { act, fireEvent, screen } from '@testing-library/react';
import { isOptions, routeOptions } from './schemas';
import {
	mockedFetch,
	POLICY,
	puts,
	renderApp,
	renderSection,
	save,
	section,
	server,
	SETTINGS,
	WPAI,
	type Options,
} from './wordpress-ai';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

// The whole page renders (the Rules form too): slow on a busy 2-core machine.
jest.setTimeout(30_000);

describe('WordPress AI (7.0+)', () => {
	beforeEach(() => {
		mockedFetch.mockReset();
		server();
	});

	it('is not there before WordPress 7.0 and nothing asks for it', async () => {
		await renderApp('rules', false);
		await screen.findByLabelText('Primary provider');
		expect(
			screen.queryByRole('region', { name: 'WordPress AI' })
		).toBeNull();
		expect(
			screen.queryByText('Which plugin spent what (30 days)')
		).toBeNull();
		expect(
			mockedFetch.mock.calls.some(
				([options]) => options.path === '/byok-ai/v1/wordpress-ai'
			)
		).toBe(false);
	});

	it('shows the saved rules with every caller on 7.0+', async () => {
		await renderSection();
		const custody = section().getByLabelText(
			'Keep Connectors keys in BYOK AI (encrypted)'
		) as HTMLInputElement;
		expect(custody.checked).toBe(true);
		expect(
			(
				section().getByLabelText(
					'When BYOK AI is deactivated, give the keys back to WordPress'
				) as HTMLInputElement
			).checked
		).toBe(true);
		expect(
			(
				section().getByLabelText(
					'Plugin: seo-helper'
				) as HTMLSelectElement
			).value
		).toBe('allow');
		expect(
			(
				section().getByLabelText(
					'Plugin: blocked-one'
				) as HTMLSelectElement
			).value
		).toBe('deny');
		expect(
			(section().getByLabelText('Others') as HTMLSelectElement).value
		).toBe('allow');
		const limit = section().getByLabelText(
			'Requests per plugin per hour (0 = no limit)'
		) as HTMLInputElement;
		expect(limit.value).toBe('0');
		expect(limit.max).toBe('1000000');
	});

	it('saves the changed rules with a busy button, then says so', async () => {
		let answer: (value: unknown) => void = () => undefined;
		server(
			(data) =>
				new Promise((resolve) => {
					answer = () =>
						resolve({
							...WPAI,
							rules: { ...WPAI.rules, ...(data as object) },
							lost: [],
						});
				})
		);
		await renderSection();
		fireEvent.click(
			section().getByLabelText(
				'When BYOK AI is deactivated, give the keys back to WordPress'
			)
		);
		fireEvent.change(section().getByLabelText('Plugin: seo-helper'), {
			target: { value: 'deny' },
		});
		fireEvent.change(section().getByLabelText('Only users who can…'), {
			target: { value: 'edit_posts' },
		});
		fireEvent.change(
			section().getByLabelText(
				'Requests per plugin per hour (0 = no limit)'
			),
			{ target: { value: '50' } }
		);
		await save();

		expect(puts()).toHaveLength(1);
		expect(puts()[0]?.data).toEqual({
			custody: true,
			hand_back: false,
			gate: true,
			callers: {
				'plugin:blocked-one': 'deny',
				'plugin:seo-helper': 'deny',
			},
			default_caller: 'allow',
			capability: 'edit_posts',
			hourly_limit: 50,
		});
		const button = section().getByRole('button', {
			name: 'Save WordPress AI rules',
		});
		expect(button.getAttribute('aria-busy') ?? button.className).toMatch(
			/true|is-busy/
		);
		// A second click while saving sends nothing more.
		await save();
		expect(puts()).toHaveLength(1);

		await act(async () => answer(null));
		expect(
			await section().findByText('WordPress AI rules saved.')
		).toBeTruthy();
		expect(
			(
				section().getByLabelText(
					'When BYOK AI is deactivated, give the keys back to WordPress'
				) as HTMLInputElement
			).checked
		).toBe(false);
	});

	it('checks the limit before asking the server', async () => {
		await renderSection();
		const limit = section().getByLabelText(
			'Requests per plugin per hour (0 = no limit)'
		);
		fireEvent.change(limit, { target: { value: '1000001' } });
		await save();
		expect(puts()).toHaveLength(0);
		expect(
			section().getByText(
				'The WordPress AI rules were not saved. Correct the fields marked below.'
			)
		).toBeTruthy();
		expect(limit.getAttribute('aria-invalid')).toBe('true');
		expect(limit.ownerDocument.activeElement).toBe(limit);
	});

	it('shows the server’s field error next to the field', async () => {
		server(() =>
			Promise.reject({
				code: 'rest_invalid_param',
				message: 'Invalid parameter(s): capability',
				data: {
					status: 400,
					params: {
						capability: 'capability does not match pattern.',
					},
				},
			})
		);
		await renderSection();
		fireEvent.change(section().getByLabelText('Only users who can…'), {
			target: { value: 'edit_posts' },
		});
		await save();
		expect(
			await section().findByText('capability does not match pattern.')
		).toBeTruthy();
		expect(
			section()
				.getByLabelText('Only users who can…')
				.getAttribute('aria-invalid')
		).toBe('true');
	});

	it('shows an error that names no field in the notice', async () => {
		server(() =>
			Promise.reject({
				code: 'rest_forbidden',
				message: 'Sorry, you are not allowed to do that.',
				data: { status: 403 },
			})
		);
		await renderSection();
		await save();
		expect(
			await section().findByText('Sorry, you are not allowed to do that.')
		).toBeTruthy();
		expect(
			section().getByRole('button', { name: 'Save WordPress AI rules' })
		).toBeTruthy();
	});

	it('says which keys must be entered again after custody is turned off', async () => {
		server((data) =>
			Promise.resolve({
				...WPAI,
				rules: { ...WPAI.rules, ...(data as object) },
				lost: ['openai'],
			})
		);
		await renderSection();
		fireEvent.click(
			section().getByLabelText(
				'Keep Connectors keys in BYOK AI (encrypted)'
			)
		);
		await save();
		expect(puts()[0]?.data).toMatchObject({ custody: false });
		expect(
			await section().findByText(
				/must be entered again on Settings → Connectors: openai/
			)
		).toBeTruthy();
	});

	it('shows a load error instead of the form', async () => {
		mockedFetch.mockImplementation((options: Options) => {
			if (isOptions(options)) {
				return Promise.resolve(routeOptions(options.path));
			}
			switch (options.path) {
				case '/byok-ai/v1/settings':
					return Promise.resolve(SETTINGS);
				case '/byok-ai/v1/policy':
					return Promise.resolve(POLICY);
				case '/byok-ai/v1/wordpress-ai':
					return Promise.reject({
						code: 'rest_forbidden',
						message: 'Sorry, you are not allowed to do that.',
					});
			}
			return Promise.reject(new Error(`Unexpected ${options.path}`));
		});
		await renderApp('rules', true);
		expect(
			await section().findByText('Sorry, you are not allowed to do that.')
		).toBeTruthy();
		expect(section().queryByRole('button')).toBeNull();
	});
});
