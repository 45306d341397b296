/**
 * Smoke specs (tag `@smoke`): what must work on every supported WordPress (6.6 → 7.1), run alone on the oldest:
 * the plugin is active, the settings page loads and saves a key the (fake) provider validates, the
 * block goes into the editor's canvas, and a logged-out visitor gets a streamed answer.
 */
import { test, expect } from './fixtures';
import { E2E_KEYS } from './config';

// Serial: the visitor's answer needs the key the settings test saves.
test.describe.serial('Smoke @smoke', () => {
	test('the plugin is active', async ({ admin, page }) => {
		await admin.visitAdminPage('plugins.php');
		const row = page.locator('tr[data-plugin="byok-ai/byok-ai.php"]');
		await expect(row).toHaveClass(/\bactive\b/);
		await expect(
			row.getByRole('link', { name: 'Deactivate BYOK AI' })
		).toBeVisible();
	});

	test('the settings page loads, and saves a key the provider validates', async ({
		admin,
		page,
	}) => {
		await admin.visitAdminPage('options-general.php', 'page=byok-ai');
		await expect(
			page.getByRole('heading', { name: 'BYOK AI', level: 1 })
		).toBeVisible();

		await page.getByRole('button', { name: 'Set up OpenAI' }).click();
		await page.getByLabel('OpenAI API key').fill(E2E_KEYS.smoke);
		const saved = page.waitForResponse(
			(response) =>
				response.url().includes('/byok-ai/v1/providers/openai/key') &&
				response.request().method() === 'POST'
		);
		await page.getByRole('button', { name: 'Validate and save' }).click();
		expect((await saved).status()).toBe(200);
		// In the page (wp.a11y.speak() repeats it in a live region outside it).
		const main = page.getByRole('main');
		await expect(
			main.getByText('OpenAI accepted the key. It is stored encrypted.')
		).toBeVisible();

		// After a reload the page knows the key by its mask only. The key stays: the end-of-run
		// scan needs an encrypted key in the database (and proves this one is not in plaintext).
		await page.reload();
		await expect(main.getByText('sk-…UVWX').first()).toBeVisible();
		await expect(page.locator('body')).not.toContainText(
			E2E_KEYS.smoke.slice(12)
		);
	});

	test('the block goes into the editor canvas', async ({ admin, editor }) => {
		await admin.createNewPost({ title: 'Smoke: the block' });
		await editor.insertBlock({ name: 'byok-ai/assistant' });
		const block = editor.canvas.getByRole('document', {
			name: 'Block: AI Assistant',
		});
		await expect(block).toBeVisible();
		await expect(block).not.toContainText(
			'This block has encountered an error'
		);
		expect((await editor.getBlocks()).map(({ name }) => name)).toContain(
			'byok-ai/assistant'
		);
	});

	test('a logged-out visitor gets a streamed answer', async ({
		requestUtils,
		browser,
	}) => {
		const post = (await requestUtils.rest({
			method: 'POST',
			path: '/wp/v2/posts',
			data: {
				title: 'Smoke: cats',
				status: 'publish',
				content:
					'<!-- wp:paragraph --><p>Cats sleep sixteen hours a day.</p><!-- /wp:paragraph -->' +
					'<!-- wp:byok-ai/assistant {"blockId":"e2esmoke0001"} /-->',
			},
		})) as { link: string };

		const context = await browser.newContext({
			storageState: { cookies: [], origins: [] },
		});
		const page = await context.newPage();
		await page.goto(post.link);
		const question = 'How long do cats sleep?';
		await page.getByLabel('Ask a question about this post').fill(question);
		const answered = page.waitForResponse((response) =>
			response.url().includes('/byok-ai/v1/assistant')
		);
		await page.getByRole('button', { name: 'Ask', exact: true }).click();
		const response = await answered;
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toContain(
			'text/event-stream'
		);
		await expect(page.getByText(`Echo: ${question}`)).toBeVisible();
		await context.close();
	});
});
