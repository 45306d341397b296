/**
 * The WordPress AI tests share this: the settings page's routes faked (PUT /wordpress-ai answers
 * what the test says) and the page rendered on a tab. The test file mocks @wordpress/api-fetch.
 */
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

export const mockedFetch = apiFetch as unknown as jest.Mock;

export const SETTINGS: SettingsResponse = {
	encryption: { ready: true, source: 'salts', message: null },
	providers: [providerWithKey('openai', 'OpenAI')],
};

export const USAGE: UsageResponse = { today: [], last_30_days: [] };

export const POLICY: PolicyResponse = {
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

export const WPAI: WordPressAiResponse = {
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

export const CONNECTORS = {
	url: 'http://example.org/wp-admin/options-connectors.php',
	shared: true,
};

export const PAGE = '/wp-admin/options-general.php?page=byok-ai';

export type Options = { path: string; method?: string; data?: unknown };

/**
 * Answers the settings page's routes; PUT /wordpress-ai with `onSave`.
 * @param onSave
 */
export function server(
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

export function puts(): Options[] {
	return mockedFetch.mock.calls
		.map(([options]) => options as Options)
		.filter(
			(options) =>
				options.path === '/byok-ai/v1/wordpress-ai' &&
				options.method === 'PUT'
		);
}

export async function renderApp(tab: string, withConnectors: boolean) {
	window.history.replaceState(null, '', `${PAGE}&tab=${tab}`);
	render(<App connectors={withConnectors ? CONNECTORS : undefined} />);
	await screen.findByRole('tablist', { name: 'BYOK AI settings' });
}

export function section() {
	return within(screen.getByRole('region', { name: 'WordPress AI' }));
}

export async function renderSection() {
	await renderApp('rules', true);
	await screen.findByRole('region', { name: 'WordPress AI' });
	await section().findByLabelText(
		'Keep Connectors keys in BYOK AI (encrypted)'
	);
}

export async function save() {
	await act(async () => {
		fireEvent.click(
			section().getByRole('button', { name: 'Save WordPress AI rules' })
		);
	});
}
