/**
 * The administrator's journey on Settings → BYOK AI, against the fake provider: the providers'
 * list (one row open at a time), key entry, validation and removal, and the page's sections.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { E2E_KEYS } from './config';

const SETTINGS = '/wp-admin/options-general.php?page=byok-ai';

const LABELS: Record<string, string> = {
	openai: 'OpenAI',
	gemini: 'Google Gemini',
};

/**
 * A provider's row in the list.
 * @param page
 * @param id
 */
function row(page: Page, id: string) {
	return page.getByRole('group', { name: LABELS[id] ?? id, exact: true });
}

/**
 * Opens a provider's row ("Set up" without a key, "Edit" with one).
 * @param page
 * @param id
 */
async function open(page: Page, id: string) {
	await row(page, id)
		.getByRole('button', {
			name: new RegExp(`^(Set up|Edit) ${LABELS[id]}$`),
		})
		.click();
	await expect(
		row(page, id).getByRole('button', { name: `Close ${LABELS[id]}` })
	).toHaveAttribute('aria-expanded', 'true');
}

/**
 * Collects the text of the page's HTML, scripts and API answers while it loads.
 * @param page
 */
/**
 * Holds the page's requests to a REST route until the returned function is called, which lets
 * them (and every later one) through. The route is matched decoded, for both `/wp-json/…` and
 * `?rest_route=…` addresses.
 *
 * @param page  The page.
 * @param route A REST path, e.g. `/byok-ai/v1/providers/openai/key`.
 */
async function holdRequests(
	page: Page,
	route: string
): Promise<() => Promise<void>> {
	let letThrough: () => void = () => undefined;
	const gate = new Promise<void>((resolve) => {
		letThrough = resolve;
	});
	const matches = (url: URL) => decodeURIComponent(url.href).includes(route);
	await page.route(matches, async (held) => {
		await gate;
		// On to the test fixture's own handler, which lets loopback requests through.
		await held.fallback();
	});
	// Once open, the gate stays open: later requests pass at once.
	return async () => letThrough();
}

async function loadAndCollect(page: Page): Promise<string> {
	const bodies: Promise<string>[] = [];
	const listener = (response: import('@playwright/test').Response) => {
		const type = response.request().resourceType();
		if (['document', 'script', 'xhr', 'fetch'].includes(type)) {
			bodies.push(response.text().catch(() => ''));
		}
	};
	page.on('response', listener);
	await page.goto(SETTINGS);
	await expect(row(page, 'openai')).toBeVisible();
	page.off('response', listener);
	return (await Promise.all(bodies)).join('\n') + (await page.content());
}

test.describe('Settings → BYOK AI', () => {
	test.beforeEach(async ({ admin, requestUtils }) => {
		// Each test starts without an OpenAI key, whatever an earlier (failed) test left.
		await requestUtils
			.rest({
				method: 'DELETE',
				path: '/byok-ai/v1/providers/openai/key',
			})
			.catch(() => undefined);
		await admin.visitAdminPage('options-general.php', 'page=byok-ai');
	});

	test('an administrator saves a validated key, sees only its mask, and removes it', async ({
		page,
	}) => {
		const openai = row(page, 'openai');
		await expect(openai.getByText('No key yet')).toBeVisible();
		// The list is compact: no row is open, no key field is on the page.
		await expect(page.locator('input[type="password"]')).toHaveCount(0);

		await open(page, 'openai');
		await openai.getByLabel('OpenAI API key').fill(`  ${E2E_KEYS.valid}\n`);
		// Hold the save request until the row has shown its busy state: on an idle machine the
		// fake provider answers before an assertion could see a state that lasts milliseconds.
		const release = await holdRequests(
			page,
			'/byok-ai/v1/providers/openai/key'
		);
		await openai.getByRole('button', { name: 'Validate and save' }).click();
		await expect(
			openai.getByText('Checking the key with the provider…')
		).toBeVisible();
		await release();
		await expect(
			openai.getByText('OpenAI accepted the key. It is stored encrypted.')
		).toBeVisible();
		// The row closed, focus is back on its button, and it says the key is connected.
		const edit = openai.getByRole('button', { name: 'Edit OpenAI' });
		await expect(edit).toBeFocused();
		await expect(
			openai.getByText('Connected', { exact: true })
		).toBeVisible();
		await expect(openai.getByText('sk-…QRST')).toBeVisible();
		await open(page, 'openai');
		await expect(openai.getByText('Valid', { exact: true })).toBeVisible();
		await expect(openai.getByLabel('Replace key')).toHaveValue('');

		const everything = await loadAndCollect(page);
		await expect(row(page, 'openai').getByText('sk-…QRST')).toBeVisible();
		await open(page, 'openai');
		await expect(
			row(page, 'openai').getByText('Last validated')
		).toBeVisible();
		expect(everything).toContain('sk-…QRST');
		expect(everything).not.toContain(E2E_KEYS.valid.slice(12));

		await row(page, 'openai')
			.getByRole('button', { name: 'Remove key' })
			.click();
		const dialog = page.getByRole('dialog', {
			name: 'Remove the OpenAI key?',
		});
		await dialog.getByRole('button', { name: 'Remove key' }).click();
		await expect(
			row(page, 'openai').getByText('Key removed.')
		).toBeVisible();
		await expect(row(page, 'openai').getByText('No key yet')).toBeVisible();
		// The next thing to do: enter a key.
		await expect(
			row(page, 'openai').getByLabel('OpenAI API key')
		).toBeFocused();

		await page.reload();
		await expect(row(page, 'openai').getByText('No key yet')).toBeVisible();
		await expect(row(page, 'openai').getByText('sk-…QRST')).toHaveCount(0);
	});

	test('an invalid key gets its specific message and is not stored', async ({
		page,
	}) => {
		const openai = row(page, 'openai');
		await open(page, 'openai');
		await openai.getByLabel('OpenAI API key').fill(E2E_KEYS.invalid);
		await openai.getByRole('button', { name: 'Validate and save' }).click();
		await expect(
			openai.getByText(
				/OpenAI rejected this key: it isn’t a valid API key/
			)
		).toBeVisible();
		await expect(openai.getByText('No key yet')).toBeVisible();
		// The upstream message, which quotes part of the key, never reaches the page.
		await expect(page.getByText(/Incorrect API key/)).toHaveCount(0);
		// The row stays open with what was typed, to correct it.
		await expect(openai.getByLabel('OpenAI API key')).toHaveValue(
			E2E_KEYS.invalid
		);
	});

	test('a key for another provider is caught before any upstream call', async ({
		page,
	}) => {
		const openai = row(page, 'openai');
		await open(page, 'openai');
		await openai
			.getByLabel('OpenAI API key')
			.fill(E2E_KEYS.anthropicInOpenAi);
		await openai.getByRole('button', { name: 'Validate and save' }).click();
		await expect(
			openai.getByText(
				/This looks like a key from Anthropic, not from OpenAI/
			)
		).toBeVisible();
	});

	test('one row is open at a time', async ({ page }) => {
		await open(page, 'openai');
		await open(page, 'gemini');
		await expect(
			row(page, 'openai').getByRole('button', { name: 'Set up OpenAI' })
		).toHaveAttribute('aria-expanded', 'false');
		await expect(page.locator('input[type="password"]')).toHaveCount(1);
	});

	test('the sections are tabs kept in the URL, and work with the keyboard', async ({
		page,
	}) => {
		const tabs = page.getByRole('tablist', { name: 'BYOK AI settings' });
		await expect(tabs.getByRole('tab')).toHaveText([
			'Providers',
			'Try it',
			'Usage',
			'Budgets',
			'Rules',
		]);
		await tabs.getByRole('tab', { name: 'Rules' }).click();
		await expect(page).toHaveURL(/[?&]tab=rules\b/);
		await expect(
			page
				.getByRole('tabpanel', { name: 'Rules' })
				.getByLabel('Primary provider')
		).toBeVisible();
		await expect(row(page, 'openai')).toBeHidden();

		// A reload shows the same section.
		await page.reload();
		await expect(tabs.getByRole('tab', { name: 'Rules' })).toHaveAttribute(
			'aria-selected',
			'true'
		);
		await expect(
			page
				.getByRole('tabpanel', { name: 'Rules' })
				.getByLabel('Primary provider')
		).toBeVisible();

		// Arrow keys move along the tabs and show each section.
		await tabs.getByRole('tab', { name: 'Rules' }).focus();
		await page.keyboard.press('ArrowLeft');
		await expect(tabs.getByRole('tab', { name: 'Budgets' })).toBeFocused();
		await expect(page).toHaveURL(/[?&]tab=budgets\b/);
		await expect(
			page
				.getByRole('tabpanel', { name: 'Budgets' })
				.getByRole('region', { name: 'Spend control' })
		).toBeVisible();
		await page.keyboard.press('ArrowLeft');
		await expect(tabs.getByRole('tab', { name: 'Usage' })).toBeFocused();
		await expect(page).toHaveURL(/[?&]tab=usage\b/);
		await expect(
			page
				.getByRole('tabpanel', { name: 'Usage' })
				.getByRole('table', { name: 'Today' })
		).toBeVisible();

		// Back returns to the section before the click.
		await page.goBack();
		await expect(
			tabs.getByRole('tab', { name: 'Providers' })
		).toHaveAttribute('aria-selected', 'true');
		await expect(row(page, 'openai')).toBeVisible();
	});

	test('a Gemini key is kept for the database scan at the end of the run', async ({
		page,
	}) => {
		const gemini = row(page, 'gemini');
		await open(page, 'gemini');
		await gemini.getByLabel('Google Gemini API key').fill(E2E_KEYS.gemini);
		await gemini.getByRole('button', { name: 'Validate and save' }).click();
		await expect(gemini.getByText('AIza…EFGH')).toBeVisible();
		await expect(
			gemini.getByText('Connected', { exact: true })
		).toBeVisible();
	});
});
