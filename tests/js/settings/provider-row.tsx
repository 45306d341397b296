/**
 * The provider row's tests share this: its actions as mocks, two stored keys and the row rendered
 * inside a list.
 */
import { render, screen, within } from '@testing-library/react';
import { ProviderRow } from '../../../src/settings/components/ProviderRow';
import type { ProviderNotice, Busy } from '../../../src/settings/state';
import type { SettingsActions } from '../../../src/settings/use-settings';
import type { KeyState, Provider } from '../../../src/lib/types';
import { provider } from '../fixtures';

export function actions(
	overrides: Partial<SettingsActions> = {}
): SettingsActions {
	return {
		saveKey: jest.fn().mockResolvedValue(true),
		testKey: jest.fn().mockResolvedValue(undefined),
		removeKey: jest.fn().mockResolvedValue(undefined),
		saveSettings: jest.fn().mockResolvedValue(true),
		dismiss: jest.fn(),
		...overrides,
	};
}

export const STORED: KeyState = {
	source: 'database',
	status: 'valid',
	hint: 'sk-…QRST',
	validated_at: '2026-11-25T10:00:00Z',
	variable: 'BYOK_AI_OPENAI_API_KEY',
	message: null,
};

export const FROM_ENV: KeyState = {
	source: 'environment',
	status: 'environment',
	hint: 'sk-…ZZZZ',
	validated_at: null,
	variable: 'BYOK_AI_OPENAI_API_KEY',
	message: null,
};

export function renderRow({
	item = provider(),
	acts = actions(),
	busy,
	notice,
	expanded = true,
	onExpandedChange = jest.fn(),
}: {
	item?: Provider;
	acts?: SettingsActions;
	busy?: Busy;
	notice?: ProviderNotice;
	expanded?: boolean;
	onExpandedChange?: (open: boolean) => void;
} = {}) {
	return render(
		<ul>
			<ProviderRow
				provider={item}
				busy={busy}
				notice={notice}
				canStore
				actions={acts}
				expanded={expanded}
				onExpandedChange={onExpandedChange}
			/>
		</ul>
	);
}

/** The row, not the a11y-speak regions that repeat notices for screen readers. */
export function row() {
	return within(screen.getByRole('group', { name: 'OpenAI' }));
}
