/**
 * An open provider row: its details (ProviderDetails.tsx) and connection settings
 * (provider/ConnectionSettings.tsx). Just over 300 lines: one component's open state, twelve cases.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { ProviderRow } from '../../../src/settings/components/ProviderRow';
import { provider } from '../fixtures';
import { actions, FROM_ENV, renderRow, row, STORED } from './provider-row';

describe('ProviderRow, open', () => {
	it('links the toggle to what it opened', () => {
		renderRow();
		const toggle = screen.getByRole('button', { name: 'Close OpenAI' });
		expect(toggle.getAttribute('aria-expanded')).toBe('true');
		const details = document.getElementById(
			toggle.getAttribute('aria-controls') ?? ''
		);
		expect(details?.contains(screen.getByLabelText('OpenAI API key'))).toBe(
			true
		);
	});

	it('submits the pasted key, forgets it once stored, closes and returns focus to the toggle', async () => {
		const acts = actions();
		const onExpandedChange = jest.fn();
		renderRow({ acts, onExpandedChange });
		const input = screen.getByLabelText(
			'OpenAI API key'
		) as HTMLInputElement;
		expect(input.type).toBe('password');
		fireEvent.change(input, { target: { value: 'sk-proj-abc' } });
		fireEvent.click(
			screen.getByRole('button', { name: 'Validate and save' })
		);
		expect(acts.saveKey).toHaveBeenCalledWith(
			'openai',
			'sk-proj-abc',
			false
		);
		await waitFor(() => expect(input.value).toBe(''));
		expect(onExpandedChange).toHaveBeenCalledWith(false);
		expect(
			screen.getByRole('group', { name: 'OpenAI' }).ownerDocument
				.activeElement
		).toBe(screen.getByRole('button', { name: 'Close OpenAI' }));
	});

	it('keeps the key in the field, and the row open, when saving failed', async () => {
		const acts = actions({ saveKey: jest.fn().mockResolvedValue(false) });
		const onExpandedChange = jest.fn();
		renderRow({ acts, onExpandedChange });
		const input = screen.getByLabelText(
			'OpenAI API key'
		) as HTMLInputElement;
		fireEvent.change(input, { target: { value: 'sk-proj-abc' } });
		fireEvent.click(
			screen.getByRole('button', { name: 'Validate and save' })
		);
		await waitFor(() => expect(acts.saveKey).toHaveBeenCalled());
		expect(input.value).toBe('sk-proj-abc');
		expect(onExpandedChange).not.toHaveBeenCalled();
	});

	it('offers an explicit unvalidated save when the provider was unreachable', async () => {
		const acts = actions();
		renderRow({
			acts,
			notice: {
				status: 'warning',
				message: 'OpenAI couldn’t be reached',
				canSaveUnvalidated: true,
			},
		});
		fireEvent.change(screen.getByLabelText('OpenAI API key'), {
			target: { value: 'sk-proj-abc' },
		});
		fireEvent.click(
			screen.getByRole('button', { name: 'Save without validation' })
		);
		expect(acts.saveKey).toHaveBeenCalledWith(
			'openai',
			'sk-proj-abc',
			true
		);
		await waitFor(() =>
			expect(
				(screen.getByLabelText('OpenAI API key') as HTMLInputElement)
					.value
			).toBe('')
		);
	});

	it('shows the mask and status of a stored key, confirms removal, then focuses the key field', async () => {
		const acts = actions();
		const { rerender } = renderRow({
			item: provider({ key: STORED }),
			acts,
		});
		expect(screen.getAllByText('sk-…QRST').length).toBeGreaterThan(0);
		expect(screen.getByText('Valid')).toBeTruthy();
		expect(screen.getByText('Last validated')).toBeTruthy();
		expect(screen.getByLabelText('Replace key')).toBeTruthy();

		fireEvent.click(screen.getByRole('button', { name: 'Remove key' }));
		expect(acts.removeKey).not.toHaveBeenCalled();
		const dialog = screen.getByRole('dialog', {
			name: 'Remove the OpenAI key?',
		});
		await act(async () => {
			fireEvent.click(
				Array.from(dialog.querySelectorAll('button')).find(
					(b) => b.textContent === 'Remove key'
				) as HTMLButtonElement
			);
		});
		expect(acts.removeKey).toHaveBeenCalledWith('openai');

		// The server's answer: no key any more.
		rerender(
			<ul>
				<ProviderRow
					provider={provider()}
					busy={undefined}
					notice={{ status: 'success', message: 'Key removed.' }}
					canStore
					actions={acts}
					expanded
					onExpandedChange={jest.fn()}
				/>
			</ul>
		);
		await waitFor(() =>
			expect(
				screen.getByRole('group', { name: 'OpenAI' }).ownerDocument
					.activeElement
			).toBe(screen.getByLabelText('OpenAI API key'))
		);
	});

	it('makes environment keys read-only', () => {
		renderRow({ item: provider({ key: FROM_ENV }) });
		expect(screen.queryByLabelText('Replace key')).toBeNull();
		expect(screen.queryByRole('button', { name: 'Remove key' })).toBeNull();
		expect(
			screen.getByText(
				/Set by the BYOK_AI_OPENAI_API_KEY environment variable/
			)
		).toBeTruthy();
		expect(screen.getByText('From environment')).toBeTruthy();
	});

	it('announces what it is busy with and disables actions', () => {
		renderRow({ busy: 'saving-key' });
		expect(screen.getByRole('status').textContent).toContain(
			'Checking the key'
		);
		expect(
			(screen.getByLabelText('OpenAI API key') as HTMLInputElement)
				.disabled
		).toBe(true);
	});

	it('saves the connection settings, warning first that a new endpoint needs the key again', () => {
		const acts = actions();
		renderRow({ item: provider({ key: STORED }), acts });
		const save = screen.getByRole('button', {
			name: 'Save connection settings',
		}) as HTMLButtonElement;
		expect(save.disabled).toBe(true);
		expect(screen.queryByText(/only sent to the endpoint/)).toBeNull();

		fireEvent.change(screen.getByLabelText('Base URL'), {
			target: { value: 'https://gateway.example/v1' },
		});
		expect(
			row().getByText(
				'The stored OpenAI key is only sent to the endpoint it was checked with. After saving a new endpoint, enter the key again.'
			)
		).toBeTruthy();
		expect(save.disabled).toBe(false);
		fireEvent.click(save);
		expect(acts.saveSettings).toHaveBeenCalledWith('openai', {
			base_url: 'https://gateway.example/v1',
		});
	});

	it('keeps the endpoint of a key from the environment read-only, saying why', () => {
		renderRow({ item: provider({ key: FROM_ENV }) });
		expect(
			(screen.getByLabelText('Base URL') as HTMLInputElement).disabled
		).toBe(true);
		expect(
			row().getByText(
				/The key from BYOK_AI_OPENAI_API_KEY is only sent to the provider’s own endpoint/
			)
		).toBeTruthy();
	});

	it('follows what the server says an endpoint change does', () => {
		const { unmount } = renderRow({
			item: provider({ key: STORED, endpoint_change: 'network' }),
		});
		expect(
			(screen.getByLabelText('Base URL') as HTMLInputElement).disabled
		).toBe(true);
		expect(
			row().getByText(
				'OpenAI uses the network’s key. Only a network administrator can decide where it is sent.'
			)
		).toBeTruthy();
		unmount();

		// A field that moves the key, though not a URL; and one set in wp-config.
		renderRow({
			item: provider({
				key: STORED,
				endpoint_change: 'reenter',
				settings: {
					region: 'eu',
					base_url: 'https://api.openai.com/v1',
				},
				fields: [
					{
						name: 'region',
						type: 'text',
						label: 'Region',
						required: false,
						default: '',
						binds_key: true,
					},
					{
						name: 'base_url',
						type: 'url',
						label: 'Base URL',
						required: true,
						default: 'https://api.openai.com/v1',
						locked_by: 'BYOK_AI_OPENAI_BASE_URL',
					},
				],
			}),
		});
		expect(
			(screen.getByLabelText('Base URL') as HTMLInputElement).disabled
		).toBe(true);
		expect(
			row().getByText(
				'Set by BYOK_AI_OPENAI_BASE_URL in the environment or wp-config.php; change it there.'
			)
		).toBeTruthy();
		expect(row().queryByText(/After saving a new endpoint/)).toBeNull();
		fireEvent.change(screen.getByLabelText('Region'), {
			target: { value: 'us' },
		});
		expect(row().getByText(/After saving a new endpoint/)).toBeTruthy();
	});

	it('shows where a key may go, and offers no test for a key that needs entering again', () => {
		renderRow({
			item: provider({
				key: {
					...STORED,
					status: 'endpoint_changed',
					message: 'The endpoint changed since the key was entered.',
					endpoint: 'https://api.openai.com/v1',
					endpoint_now: 'https://gateway.example/v1',
				},
			}),
		});
		expect(row().getByText('https://api.openai.com/v1')).toBeTruthy();
		expect(row().getByText('https://gateway.example/v1')).toBeTruthy();
		// The badge, and the status in the details.
		expect(row().getAllByText('Endpoint changed')).toHaveLength(2);
		expect(
			(
				screen.getByRole('button', {
					name: 'Test again',
				}) as HTMLButtonElement
			).disabled
		).toBe(true);
	});

	it('opens the connection settings when the provider can’t work without them', () => {
		renderRow({
			item: provider({
				id: 'azure_openai',
				label: 'Azure OpenAI',
				settings: { endpoint: '' },
				fields: [
					{
						name: 'endpoint',
						type: 'url',
						label: 'Endpoint',
						required: true,
						default: '',
					},
				],
			}),
		});
		expect(
			screen
				.getByLabelText('Endpoint')
				.closest('details')
				?.hasAttribute('open')
		).toBe(true);
	});
});
