import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ProviderCard } from '../../../src/settings/components/ProviderCard';
import type { SettingsActions } from '../../../src/settings/use-settings';
import { provider } from '../fixtures';

function actions(overrides: Partial<SettingsActions> = {}): SettingsActions {
	return {
		saveKey: jest.fn().mockResolvedValue(true),
		testKey: jest.fn().mockResolvedValue(undefined),
		removeKey: jest.fn().mockResolvedValue(undefined),
		saveSettings: jest.fn().mockResolvedValue(true),
		dismiss: jest.fn(),
		...overrides,
	};
}

describe('ProviderCard', () => {
	it('submits the pasted key and forgets it once stored', async () => {
		const acts = actions();
		render(
			<ProviderCard
				provider={provider()}
				busy={undefined}
				notice={undefined}
				canStore
				actions={acts}
			/>
		);
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
	});

	it('keeps the key in the field when saving failed', async () => {
		const acts = actions({ saveKey: jest.fn().mockResolvedValue(false) });
		render(
			<ProviderCard
				provider={provider()}
				busy={undefined}
				notice={undefined}
				canStore
				actions={acts}
			/>
		);
		const input = screen.getByLabelText(
			'OpenAI API key'
		) as HTMLInputElement;
		fireEvent.change(input, { target: { value: 'sk-proj-abc' } });
		fireEvent.click(
			screen.getByRole('button', { name: 'Validate and save' })
		);
		await waitFor(() => expect(acts.saveKey).toHaveBeenCalled());
		expect(input.value).toBe('sk-proj-abc');
	});

	it('offers an explicit unvalidated save when the provider was unreachable', async () => {
		const acts = actions();
		render(
			<ProviderCard
				provider={provider()}
				busy={undefined}
				notice={{
					status: 'warning',
					message: 'OpenAI couldn’t be reached',
					canSaveUnvalidated: true,
				}}
				canStore
				actions={acts}
			/>
		);
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

	it('shows the mask and status of a stored key and confirms removal', () => {
		const acts = actions();
		const stored = provider({
			key: {
				source: 'database',
				status: 'valid',
				hint: 'sk-…QRST',
				validated_at: '2026-11-25T10:00:00Z',
				variable: 'BYOK_AI_OPENAI_API_KEY',
				message: null,
			},
		});
		render(
			<ProviderCard
				provider={stored}
				busy={undefined}
				notice={undefined}
				canStore
				actions={acts}
			/>
		);
		expect(screen.getByText('sk-…QRST')).toBeTruthy();
		expect(screen.getByText('Valid')).toBeTruthy();
		expect(screen.getByLabelText('Replace key')).toBeTruthy();

		fireEvent.click(screen.getByRole('button', { name: 'Remove key' }));
		expect(acts.removeKey).not.toHaveBeenCalled();
		const dialog = screen.getByRole('dialog');
		fireEvent.click(
			Array.from(dialog.querySelectorAll('button')).find(
				(b) => b.textContent === 'Remove key'
			) as HTMLButtonElement
		);
		expect(acts.removeKey).toHaveBeenCalledWith('openai');
	});

	it('makes environment keys read-only', () => {
		const fromEnv = provider({
			key: {
				source: 'environment',
				status: 'environment',
				hint: 'sk-…ZZZZ',
				validated_at: null,
				variable: 'BYOK_AI_OPENAI_API_KEY',
				message: null,
			},
		});
		render(
			<ProviderCard
				provider={fromEnv}
				busy={undefined}
				notice={undefined}
				canStore
				actions={actions()}
			/>
		);
		expect(screen.queryByLabelText('Replace key')).toBeNull();
		expect(screen.queryByRole('button', { name: 'Remove key' })).toBeNull();
		expect(
			screen.getByText(/BYOK_AI_OPENAI_API_KEY environment variable/)
		).toBeTruthy();
		expect(screen.getByText('From environment')).toBeTruthy();
	});

	it('announces what it is busy with and disables actions', () => {
		render(
			<ProviderCard
				provider={provider()}
				busy="saving-key"
				notice={undefined}
				canStore
				actions={actions()}
			/>
		);
		expect(screen.getByRole('status').textContent).toContain(
			'Checking the key'
		);
		expect(
			(screen.getByLabelText('OpenAI API key') as HTMLInputElement)
				.disabled
		).toBe(true);
	});
});
