/**
 * The administrator's journey on Settings → BYOK AI, against the fake provider.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { E2E_KEYS } from './config';

const SETTINGS = '/wp-admin/options-general.php?page=byok-ai';

const LABELS: Record<string, string> = {
	openai: 'OpenAI',
	gemini: 'Google Gemini',
};

function card(page: Page, id: string) {
	return page.getByRole('region', { name: LABELS[id], exact: true });
}

/**
 * Collects the text of the page's HTML, scripts and API answers while it loads.
 * @param page
 */
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
	await expect(card(page, 'openai')).toBeVisible();
	page.off('response', listener);
	return (await Promise.all(bodies)).join('\n') + (await page.content());
}

test.describe('Settings → BYOK AI', () => {
	test.beforeEach(async ({ admin }) => {
		await admin.visitAdminPage('options-general.php', 'page=byok-ai');
	});

	test('an administrator saves a validated key, sees only its mask, and removes it', async ({
		page,
	}) => {
		const openai = card(page, 'openai');
		await expect(openai.getByText('No key')).toBeVisible();

		await openai.getByLabel('OpenAI API key').fill(`  ${E2E_KEYS.valid}\n`);
		await openai.getByRole('button', { name: 'Validate and save' }).click();
		await expect(
			openai.getByText('Checking the key with the provider…')
		).toBeVisible();
		await expect(
			openai.getByText('OpenAI accepted the key. It is stored encrypted.')
		).toBeVisible();
		await expect(openai.getByText('Valid', { exact: true })).toBeVisible();
		await expect(openai.getByText('sk-…QRST')).toBeVisible();
		await expect(openai.getByLabel('Replace key')).toHaveValue('');

		const everything = await loadAndCollect(page);
		await expect(card(page, 'openai').getByText('sk-…QRST')).toBeVisible();
		await expect(
			card(page, 'openai').getByText('Last validated')
		).toBeVisible();
		expect(everything).toContain('sk-…QRST');
		expect(everything).not.toContain(E2E_KEYS.valid.slice(12));

		await card(page, 'openai')
			.getByRole('button', { name: 'Remove key' })
			.click();
		const dialog = page.getByRole('dialog', {
			name: 'Remove the OpenAI key?',
		});
		await dialog.getByRole('button', { name: 'Remove key' }).click();
		await expect(
			card(page, 'openai').getByText('Key removed.')
		).toBeVisible();
		await expect(card(page, 'openai').getByText('No key')).toBeVisible();

		await page.reload();
		await expect(card(page, 'openai').getByText('No key')).toBeVisible();
		await expect(card(page, 'openai').getByText('sk-…QRST')).toHaveCount(0);
	});

	test('an invalid key gets its specific message and is not stored', async ({
		page,
	}) => {
		const openai = card(page, 'openai');
		await openai.getByLabel('OpenAI API key').fill(E2E_KEYS.invalid);
		await openai.getByRole('button', { name: 'Validate and save' }).click();
		await expect(
			openai.getByText(
				/OpenAI rejected this key: it isn’t a valid API key/
			)
		).toBeVisible();
		await expect(openai.getByText('No key')).toBeVisible();
		// The upstream message, which quotes part of the key, never reaches the page.
		await expect(page.getByText(/Incorrect API key/)).toHaveCount(0);
		await expect(openai.getByLabel('OpenAI API key')).toHaveValue(
			E2E_KEYS.invalid
		);
	});

	test('a key for another provider is caught before any upstream call', async ({
		page,
	}) => {
		const openai = card(page, 'openai');
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

	test('a Gemini key is kept for the database scan at the end of the run', async ({
		page,
	}) => {
		const gemini = card(page, 'gemini');
		await gemini.getByLabel('Google Gemini API key').fill(E2E_KEYS.gemini);
		await gemini.getByRole('button', { name: 'Validate and save' }).click();
		await expect(gemini.getByText('AIza…EFGH')).toBeVisible();
		await expect(gemini.getByText('Valid', { exact: true })).toBeVisible();
	});
});
