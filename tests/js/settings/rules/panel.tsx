/**
 * The Rules panel's tests share this: a fake /policy route (GET answers SAVED, PUT what the test
 * says), a fake /wp/v2/settings (the visitor question check) and the panel's fields by label.
 * The test file mocks @wordpress/api-fetch.
 */
import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { RulesPanel } from '../../../../src/settings/components/RulesPanel';
import type { PolicyResponse } from '../../../../src/lib/types';
import { providerWithKey } from '../../fixtures';
import { isOptions, routeOptions } from '../schemas';

export const mockedFetch = apiFetch as unknown as jest.Mock;

export const PROVIDERS = [
	providerWithKey('openai', 'OpenAI'),
	providerWithKey('gemini', 'Google Gemini'),
	providerWithKey('anthropic', 'Anthropic', 'missing'),
];

export const SAVED: PolicyResponse = {
	policy: {
		primary: '',
		fallback: ['gemini'],
		max_output_tokens: 1024,
		timeout: 30,
		models: { openai: ['gpt-4o-mini', 'gpt-4o'] },
		chat_roles: ['administrator', 'editor'],
		visitor_ip_limit: 20,
		visitor_ip_window: 60,
		visitor_block_limit: 200,
		visitor_daily_cap: 1000,
		proxy_header: '',
		user_hourly_limit: 60,
	},
	roles: [
		{ slug: 'administrator', name: 'Administrator' },
		{ slug: 'editor', name: 'Editor' },
		{ slug: 'author', name: 'Author' },
	],
};

export interface FetchOptions {
	path: string;
	method?: string;
	data?: unknown;
}

/**
 * Answers GET /policy with SAVED, and PUT /policy with `onSave`; /wp/v2/settings (the visitor
 * question check) with `onSettings`, off by default.
 * @param onSave
 * @param onSettings
 */
export function server(
	onSave: (data: unknown) => Promise<unknown>,
	onSettings: (options: FetchOptions) => Promise<unknown> = () =>
		Promise.resolve({ byok_ai_moderation: false })
) {
	mockedFetch.mockImplementation((options: FetchOptions) => {
		if (isOptions(options)) {
			return Promise.resolve(routeOptions(options.path));
		}
		if (options.path.split('?')[0] === '/wp/v2/settings') {
			return onSettings(options);
		}
		if (options.path !== '/byok-ai/v1/policy') {
			return Promise.reject(new Error(`Unexpected ${options.path}`));
		}
		return options.method === 'PUT'
			? onSave(options.data)
			: Promise.resolve(SAVED);
	});
}

export function panel() {
	return within(screen.getByRole('region', { name: 'Rules' }));
}

export async function renderLoaded() {
	render(<RulesPanel providers={PROVIDERS} />);
	await panel().findByLabelText('Primary provider');
}

export async function save() {
	await act(async () => {
		fireEvent.click(panel().getByRole('button', { name: 'Save rules' }));
	});
}

export function input(label: string): HTMLInputElement {
	return panel().getByLabelText(label) as HTMLInputElement;
}
