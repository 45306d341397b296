import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { RulesPanel } from '../../../src/settings/components/RulesPanel';
import type { PolicyResponse } from '../../../src/lib/types';
import { providerWithKey } from '../fixtures';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

const PROVIDERS = [
	providerWithKey('openai', 'OpenAI'),
	providerWithKey('gemini', 'Google Gemini'),
	providerWithKey('anthropic', 'Anthropic', 'missing'),
];

const SAVED: PolicyResponse = {
	policy: {
		primary: '',
		fallback: ['gemini'],
		max_output_tokens: 1024,
		timeout: 30,
		models: { openai: ['gpt-4o-mini', 'gpt-4o'] },
		chat_roles: ['administrator', 'editor'],
	},
	roles: [
		{ slug: 'administrator', name: 'Administrator' },
		{ slug: 'editor', name: 'Editor' },
		{ slug: 'author', name: 'Author' },
	],
};

/**
 * Answers GET /policy with SAVED, and PUT /policy with `onSave`.
 * @param onSave
 */
function server(onSave: (data: unknown) => Promise<unknown>) {
	mockedFetch.mockImplementation(
		(options: { path: string; method?: string; data?: unknown }) => {
			if (options.path !== '/byok-ai/v1/policy') {
				return Promise.reject(new Error(`Unexpected ${options.path}`));
			}
			return options.method === 'PUT'
				? onSave(options.data)
				: Promise.resolve(SAVED);
		}
	);
}

function panel() {
	return within(screen.getByRole('region', { name: 'Rules' }));
}

async function renderLoaded() {
	render(<RulesPanel providers={PROVIDERS} />);
	await panel().findByLabelText('Primary provider');
}

async function save() {
	await act(async () => {
		fireEvent.click(panel().getByRole('button', { name: 'Save rules' }));
	});
}

function input(label: string): HTMLInputElement {
	return panel().getByLabelText(label) as HTMLInputElement;
}

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
