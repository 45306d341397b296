/**
 * Rules → Visitor questions (rules/Moderation.tsx), through the Rules panel: the switch is read
 * from and saved to /wp/v2/settings at once, apart from "Save rules".
 */
import { act, fireEvent, render, within } from '@testing-library/react';
import { RulesPanel } from '../../../../src/settings/components/RulesPanel';
import { providerWithKey } from '../../fixtures';
import {
	type FetchOptions,
	mockedFetch,
	panel,
	PROVIDERS,
	renderLoaded,
	SAVED,
	server,
} from './panel';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const LABEL = 'Check visitor questions before they reach the model';

const PATH = '/wp/v2/settings?_fields=byok_ai_moderation';

/**
 * A fake /wp/v2/settings holding the option: GET answers it, POST stores what it is sent (or
 * answers `failure` instead).
 * @param saved   The stored value.
 * @param failure What a POST rejects with, if anything.
 */
function settings(saved: boolean, failure?: unknown) {
	let value = saved;
	return jest.fn((options: FetchOptions) => {
		if (options.method !== 'POST') {
			return Promise.resolve({ byok_ai_moderation: value });
		}
		if (failure !== undefined) {
			return Promise.reject(failure);
		}
		value = (options.data as { byok_ai_moderation: boolean })
			.byok_ai_moderation;
		return Promise.resolve({ byok_ai_moderation: value });
	});
}

/**
 * The panel with other providers than panel.tsx's, loaded.
 * @param providers
 */
async function renderWith(providers: typeof PROVIDERS) {
	render(<RulesPanel providers={providers} />);
	await panel().findByLabelText('Primary provider');
}

function group() {
	return within(panel().getByRole('group', { name: 'Visitor questions' }));
}

async function toggle(): Promise<HTMLInputElement> {
	return (await group().findByRole('checkbox', {
		name: LABEL,
	})) as HTMLInputElement;
}

async function click(element: HTMLElement) {
	await act(async () => {
		fireEvent.click(element);
	});
}

function help(element: HTMLElement): string {
	return (
		element
			.getAttribute('aria-describedby')
			?.split(' ')
			.map((id) => document.getElementById(id)?.textContent ?? '')
			.join(' ') ?? ''
	);
}

describe('Rules → Visitor questions', () => {
	beforeEach(() => mockedFetch.mockReset());

	it('shows the saved value, with what the check does and costs', async () => {
		server(() => Promise.resolve(SAVED), settings(true));
		await renderLoaded();
		const checkbox = await toggle();
		expect(checkbox.checked).toBe(true);
		expect(help(checkbox)).toContain(
			'OpenAI’s moderation endpoint, with the stored OpenAI key'
		);
		expect(help(checkbox)).toContain('costs no generation');
		expect(help(checkbox)).toContain(
			'While this is on and the check can’t be made (no OpenAI key, the endpoint down), visitors’ questions are refused.'
		);
		// OpenAI has a valid key: no warning.
		expect(group().queryByText(/no usable OpenAI key/)).toBeNull();
		expect(
			mockedFetch.mock.calls.filter(([options]) => options.path === PATH)
		).toHaveLength(1);
	});

	it('saves the switch at once, without the rules', async () => {
		const onSave = jest.fn().mockResolvedValue(SAVED);
		const onSettings = settings(false);
		server(onSave, onSettings);
		await renderLoaded();
		const checkbox = await toggle();
		expect(checkbox.checked).toBe(false);

		await click(checkbox);
		expect(onSettings).toHaveBeenLastCalledWith(
			expect.objectContaining({
				path: PATH,
				method: 'POST',
				data: { byok_ai_moderation: true },
			})
		);
		expect(checkbox.checked).toBe(true);
		expect(
			group().getByText('Visitor questions are checked from now on.')
		).toBeTruthy();

		await click(checkbox);
		expect(onSettings).toHaveBeenLastCalledWith(
			expect.objectContaining({
				method: 'POST',
				data: { byok_ai_moderation: false },
			})
		);
		expect(checkbox.checked).toBe(false);
		expect(
			group().getByText('Visitor questions are no longer checked.')
		).toBeTruthy();
		expect(onSave).not.toHaveBeenCalled();
	});

	it('shows the error and puts the switch back when the save fails', async () => {
		server(
			() => Promise.resolve(SAVED),
			settings(false, {
				code: 'rest_cannot_update',
				message: 'Sorry, you are not allowed to edit this option.',
				data: { status: 403 },
			})
		);
		await renderLoaded();
		const checkbox = await toggle();
		await click(checkbox);

		expect(checkbox.checked).toBe(false);
		expect(
			group().getByText(
				'The question check was not changed: Sorry, you are not allowed to edit this option.'
			)
		).toBeTruthy();
		expect(group().queryByText(/checked from now on/)).toBeNull();
	});

	it('says why it is missing when it can’t be loaded', async () => {
		server(
			() => Promise.resolve(SAVED),
			() =>
				Promise.reject({
					code: 'rest_forbidden',
					message: 'Sorry, you are not allowed to do that.',
					data: { status: 403 },
				})
		);
		await renderLoaded();
		expect(
			await group().findByText(
				'The question check could not be loaded: Sorry, you are not allowed to do that.'
			)
		).toBeTruthy();
		expect(group().queryByRole('checkbox')).toBeNull();
	});

	it.each([
		['an invalid key', 'invalid' as const],
		['no key', 'missing' as const],
	])(
		'warns when OpenAI has %s: visitors would be refused',
		async (_case, status) => {
			server(() => Promise.resolve(SAVED), settings(false));
			const providers = [
				providerWithKey('openai', 'OpenAI', status),
				...PROVIDERS.filter((provider) => provider.id !== 'openai'),
			];
			await renderWith(providers);
			const checkbox = await toggle();
			expect(
				group().getByText(
					'There is no usable OpenAI key: with the check on, every visitor question would be refused. Add one under Providers first.'
				)
			).toBeTruthy();

			// On: the warning says it is happening now.
			await click(checkbox);
			expect(checkbox.checked).toBe(true);
			expect(
				group().getByText(
					'There is no usable OpenAI key: every visitor question is refused. Add one under Providers, or turn the check off.'
				)
			).toBeTruthy();
		}
	);

	it('warns when no OpenAI provider is listed at all', async () => {
		server(() => Promise.resolve(SAVED), settings(true));
		await renderWith(
			PROVIDERS.filter((provider) => provider.id !== 'openai')
		);
		await toggle();
		expect(
			group().getByText(
				'There is no usable OpenAI key: every visitor question is refused. Add one under Providers, or turn the check off.'
			)
		).toBeTruthy();
	});
});
