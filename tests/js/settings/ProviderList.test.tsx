import { fireEvent, render, screen, within } from '@testing-library/react';
import {
	ProviderList,
	type Connectors,
} from '../../../src/settings/components/ProviderList';
import type { SettingsActions } from '../../../src/settings/use-settings';
import { providerWithKey } from '../fixtures';

const PROVIDERS = [
	providerWithKey('openai', 'OpenAI'),
	providerWithKey('anthropic', 'Anthropic', 'missing'),
	providerWithKey('gemini', 'Google Gemini', 'invalid'),
];

const ACTIONS: SettingsActions = {
	saveKey: jest.fn(),
	testKey: jest.fn(),
	removeKey: jest.fn(),
	saveSettings: jest.fn(),
	dismiss: jest.fn(),
};

function renderList(
	props: { connectors?: Connectors; initialExpanded?: string | null } = {}
) {
	return render(
		<ProviderList
			providers={PROVIDERS}
			busy={{}}
			notices={{}}
			canStore
			actions={ACTIONS}
			{...props}
		/>
	);
}

function isOpen(name: string): boolean {
	return (
		within(screen.getByRole('group', { name }))
			.getAllByRole('button')[0]
			?.getAttribute('aria-expanded') === 'true'
	);
}

describe('ProviderList', () => {
	it('lists every provider, closed, in the settings’ order', () => {
		renderList();
		expect(
			screen
				.getAllByRole('listitem')
				.map((item) => item.querySelector('h3')?.textContent)
		).toEqual(['OpenAI', 'Anthropic', 'Google Gemini']);
		expect(screen.queryByRole('textbox')).toBeNull();
		expect(
			document.querySelectorAll('input[type="password"]')
		).toHaveLength(0);
		expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(
			'Providers'
		);
	});

	it('opens one row at a time', () => {
		renderList();
		fireEvent.click(screen.getByRole('button', { name: 'Edit OpenAI' }));
		expect(isOpen('OpenAI')).toBe(true);
		expect(screen.getByLabelText('Replace key')).toBeTruthy();

		fireEvent.click(
			screen.getByRole('button', { name: 'Set up Anthropic' })
		);
		expect(isOpen('Anthropic')).toBe(true);
		expect(isOpen('OpenAI')).toBe(false);
		expect(screen.queryByLabelText('Replace key')).toBeNull();
		expect(screen.getByLabelText('Anthropic API key')).toBeTruthy();

		fireEvent.click(
			screen.getByRole('button', { name: 'Close Anthropic' })
		);
		expect(isOpen('Anthropic')).toBe(false);
		expect(
			document.querySelectorAll('input[type="password"]')
		).toHaveLength(0);
	});

	it('opens the row a link asked for, and ignores an unknown one', () => {
		const { unmount } = renderList({ initialExpanded: 'gemini' });
		expect(isOpen('Google Gemini')).toBe(true);
		unmount();
		renderList({ initialExpanded: 'nope' });
		expect(PROVIDERS.some((item) => isOpen(item.label))).toBe(false);
	});

	it('says how it relates to Settings → Connectors where WordPress has it', () => {
		const url = 'http://example.org/wp-admin/options-connectors.php';
		const { unmount } = renderList();
		expect(screen.queryByRole('link', { name: /Connectors/ })).toBeNull();
		unmount();

		const shared = renderList({ connectors: { url, shared: true } });
		let link = screen.getByRole('link', { name: 'Settings → Connectors' });
		expect(link.getAttribute('href')).toBe(url);
		expect(link.closest('p')?.textContent).toContain(
			'share one key per provider'
		);
		shared.unmount();

		renderList({ connectors: { url, shared: false } });
		link = screen.getByRole('link', { name: 'Settings → Connectors' });
		expect(link.closest('p')?.textContent).toContain(
			'BYOK AI doesn’t use those'
		);
	});
});
