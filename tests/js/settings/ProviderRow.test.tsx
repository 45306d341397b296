import { fireEvent, screen } from '@testing-library/react';
import type { KeyState } from '../../../src/lib/types';
import { provider } from '../fixtures';
import { actions, FROM_ENV, renderRow, row, STORED } from './provider-row';

describe('ProviderRow, closed', () => {
	it('says a provider without a key needs setting up, and opens on request', () => {
		const onExpandedChange = jest.fn();
		renderRow({ expanded: false, onExpandedChange });
		const group = screen.getByRole('group', { name: 'OpenAI' });
		expect(group.textContent).toContain('No key yet');
		expect(group.querySelector('.byok-ai-badge')).toBeNull();
		expect(screen.queryByLabelText('OpenAI API key')).toBeNull();

		const toggle = screen.getByRole('button', { name: 'Set up OpenAI' });
		expect(toggle.textContent).toBe('Set up');
		expect(toggle.getAttribute('aria-expanded')).toBe('false');
		fireEvent.click(toggle);
		expect(onExpandedChange).toHaveBeenCalledWith(true);
	});

	it('shows a connected key’s badge, mask and source', () => {
		renderRow({ item: provider({ key: STORED }), expanded: false });
		expect(screen.getByText('Connected')).toBeTruthy();
		expect(
			screen.getByText('Key sk-…QRST, stored encrypted on this site')
		).toBeTruthy();
		expect(
			screen.getByRole('button', { name: 'Edit OpenAI' })
		).toBeTruthy();
	});

	it('names the environment variable or constant a key comes from', () => {
		const { unmount } = renderRow({
			item: provider({ key: FROM_ENV }),
			expanded: false,
		});
		expect(screen.getByText('Connected')).toBeTruthy();
		expect(
			screen.getByText(
				'Key sk-…ZZZZ from the BYOK_AI_OPENAI_API_KEY environment variable'
			)
		).toBeTruthy();
		unmount();
		renderRow({
			item: provider({
				key: { ...FROM_ENV, source: 'constant', status: 'constant' },
			}),
			expanded: false,
		});
		expect(
			screen.getByText(
				'Key sk-…ZZZZ from the BYOK_AI_OPENAI_API_KEY constant in wp-config.php'
			)
		).toBeTruthy();
	});

	it.each([
		['invalid', 'Invalid key', 'error'],
		['not_validated', 'Not validated', 'warning'],
		['undecryptable', 'Can’t be decrypted', 'error'],
		// States a newer server may send read as broken, in words.
		['damaged', 'Damaged', 'error'],
		['secret_changed', 'Secret changed', 'error'],
	])('shows a %s key as “%s”', (status, label, tone) => {
		renderRow({
			item: provider({
				key: { ...STORED, status: status as KeyState['status'] },
			}),
			expanded: false,
		});
		const badge = screen.getByText(label);
		expect(badge.className).toContain(`byok-ai-badge--${tone}`);
	});

	it('says that a provider without a required key works as is', () => {
		renderRow({ item: provider({ requires_key: false }), expanded: false });
		expect(
			screen.getByText('No key needed (a local server, for instance)')
		).toBeTruthy();
		expect(
			screen.getByRole('button', { name: 'Edit OpenAI' })
		).toBeTruthy();
	});

	it('still shows the outcome of the last action', () => {
		const acts = actions();
		renderRow({
			acts,
			expanded: false,
			notice: { status: 'success', message: 'Key removed.' },
		});
		expect(row().getByText('Key removed.')).toBeTruthy();
	});
});
