import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../../src/settings/App';
import type {
	PolicyResponse,
	SettingsResponse,
	UsageResponse,
	WordPressAiResponse,
} from '../../../src/lib/types';
import { providerWithKey } from '../fixtures';
import { isOptions, routeOptions } from './schemas';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

// The whole page renders (the Rules form too): slow on a busy 2-core machine.
jest.setTimeout(30_000);

const SETTINGS: SettingsResponse = {
	encryption: { ready: true, source: 'salts', message: null },
	providers: [providerWithKey('openai', 'OpenAI')],
};

const USAGE: UsageResponse = { today: [], last_30_days: [] };

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

const WPAI: WordPressAiResponse = {
	rules: {
		custody: true,
		hand_back: true,
		gate: true,
		callers: { 'plugin:blocked-one': 'deny' },
		default_caller: 'allow',
		capability: '',
		hourly_limit: 0,
	},
	conflicts: {},
	callers: [
		{
			caller: 'plugin:seo-helper',
			requests: 1234,
			refused: 2,
			errors: 1,
			input_tokens: 5000,
			output_tokens: 700,
		},
	],
};

const CONNECTORS = {
	url: 'http://example.org/wp-admin/options-connectors.php',
	shared: true,
};

const PAGE = '/wp-admin/options-general.php?page=byok-ai';

type Options = { path: string; method?: string; data?: unknown };

/**
 * Answers the settings page's routes; PUT /wordpress-ai with `onSave`.
 * @param onSave
 */
function server(
	onSave: (data: unknown) => Promise<unknown> = (data) =>
		Promise.resolve({
			...WPAI,
			rules: { ...WPAI.rules, ...(data as object) },
			lost: [],
		})
) {
	mockedFetch.mockImplementation((options: Options) => {
		if (isOptions(options)) {
			return Promise.resolve(routeOptions(options.path));
		}
		switch (options.path) {
			case '/byok-ai/v1/settings':
				return Promise.resolve(SETTINGS);
			case '/byok-ai/v1/usage':
				return Promise.resolve(USAGE);
			case '/byok-ai/v1/policy':
				return Promise.resolve(POLICY);
			case '/byok-ai/v1/wordpress-ai':
				return options.method === 'PUT'
					? onSave(options.data)
					: Promise.resolve(WPAI);
		}
		return Promise.reject(new Error(`Unexpected ${options.path}`));
	});
}

function puts(): Options[] {
	return mockedFetch.mock.calls
		.map(([options]) => options as Options)
		.filter(
			(options) =>
				options.path === '/byok-ai/v1/wordpress-ai' &&
				options.method === 'PUT'
		);
}

async function renderApp(tab: string, withConnectors: boolean) {
	window.history.replaceState(null, '', `${PAGE}&tab=${tab}`);
	render(<App connectors={withConnectors ? CONNECTORS : undefined} />);
	await screen.findByRole('tablist', { name: 'BYOK AI settings' });
}

function section() {
	return within(screen.getByRole('region', { name: 'WordPress AI' }));
}

async function renderSection() {
	await renderApp('rules', true);
	await screen.findByRole('region', { name: 'WordPress AI' });
	await section().findByLabelText(
		'Keep Connectors keys in BYOK AI (encrypted)'
	);
}

async function save() {
	await act(async () => {
		fireEvent.click(
			section().getByRole('button', { name: 'Save WordPress AI rules' })
		);
	});
}

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
