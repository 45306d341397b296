/**
 * The administrator tries the chat on Settings → BYOK AI: a streamed answer grows on screen,
 * a provider failure shows its message, and the Usage section counts the calls.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { E2E, E2E_KEYS } from './config';

const WORDS = Array.from({ length: 40 }, (_, i) => `word${i + 1}`).join(' ');

/**
 * The Try it section, which the page opens on with `&tab=try-it`.
 * @param page
 */
function tryIt(page: Page) {
	return page.getByRole('region', { name: 'Try it', exact: true });
}

test.describe('Try it', () => {
	test.beforeAll(async ({ requestUtils }) => {
		await requestUtils.rest({
			method: 'PUT',
			path: '/byok-ai/v1/providers/anthropic/key',
			data: { key: E2E_KEYS.anthropic },
		});
	});

	test.beforeEach(async ({ admin }) => {
		await admin.visitAdminPage(
			'options-general.php',
			'page=byok-ai&tab=try-it'
		);
	});

	test.afterAll(async ({ requestUtils }) => {
		await requestUtils.rest({
			method: 'DELETE',
			path: '/byok-ai/v1/providers/anthropic/key',
		});
	});

	test('an answer streams in progressively, then a failure shows its message', async ({
		page,
	}) => {
		await fetch(`${E2E.fakeProviderUrl}/__calls`, { method: 'DELETE' });
		const panel = tryIt(page);
		await panel.getByLabel('Provider').selectOption({ label: 'Anthropic' });
		await panel.getByLabel('Prompt').fill(WORDS);
		await panel.getByRole('button', { name: 'Send' }).click();

		const answer = panel.getByRole('region', { name: 'Answer' });
		const expected = `Echo: ${WORDS}`;

		// Seen while the stream is still running: some text, but not all of it yet.
		await expect(answer).toContainText('Echo: word1');
		const partial = (await answer.textContent()) ?? '';
		expect(partial.length).toBeLessThan(expected.length);
		await expect(panel.getByRole('button', { name: 'Stop' })).toBeEnabled();
		const calls = (await (
			await fetch(`${E2E.fakeProviderUrl}/__calls`)
		).json()) as { calls: { completed: boolean; stream: boolean }[] };
		expect(calls.calls).toHaveLength(1);
		expect(calls.calls[0]?.stream).toBe(true);

		// Then the whole answer, and who gave it.
		await expect(answer).toHaveText(expected);
		await expect(
			panel.getByText(/Answered by Anthropic \(claude-haiku-4-5\)/)
		).toBeVisible();
		expect(((await answer.textContent()) ?? '').length).toBeGreaterThan(
			partial.length
		);

		// A provider failure: its own message, with the wait the provider asked for.
		await panel.getByLabel('Prompt').fill('hello [[ratelimited]]');
		await panel.getByRole('button', { name: 'Send' }).click();
		await expect(
			panel.getByText(
				'Anthropic is receiving too many requests. Try again in 7 seconds.',
				{ exact: false }
			)
		).toBeVisible();

		// The Usage section, loaded afresh when it is opened, counts both calls, one an error.
		await page.getByRole('tab', { name: 'Usage' }).click();
		const usage = page.getByRole('region', { name: 'Usage', exact: true });
		await usage.getByRole('button', { name: 'Refresh' }).click();
		const today = usage.getByRole('table').first();
		await expect(
			today.getByRole('row', { name: /Anthropic\s+2\s+1\b/ })
		).toBeVisible();
	});

	// On nginx + php-fpm, PHP notices the browser leaving (connection_aborted()) and closes the
	// upstream request: the fake provider records that disconnect (also asserted in PHPUnit,
	// ChatRouteTest::test_disconnect_stops_upstream).
	test('Stop ends the answer on screen and the upstream request', async ({
		page,
	}) => {
		await fetch(`${E2E.fakeProviderUrl}/__calls`, { method: 'DELETE' });
		const panel = tryIt(page);
		await panel.getByLabel('Provider').selectOption({ label: 'Anthropic' });
		await panel
			.getByLabel('Prompt')
			.fill(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '));
		await panel.getByRole('button', { name: 'Send' }).click();
		const answer = panel.getByRole('region', { name: 'Answer' });
		await expect(answer).toContainText('Echo: w0');
		await panel.getByRole('button', { name: 'Stop' }).click();
		await expect(panel.getByText('Stopped.')).toBeVisible();
		await expect(panel.getByRole('button', { name: 'Send' })).toBeEnabled();
		const stopped = (await answer.textContent()) ?? '';

		// The provider saw its client (the plugin) leave before the answer's end (200 words at
		// CHUNK_MS take 30 s).
		await expect
			.poll(async () => {
				const { calls } = (await (
					await fetch(`${E2E.fakeProviderUrl}/__calls`)
				).json()) as {
					calls: { completed: boolean; disconnected: boolean }[];
				};
				return calls.map(({ completed, disconnected }) => ({
					completed,
					disconnected,
				}));
			})
			.toEqual([{ completed: false, disconnected: true }]);
		// Nothing arrived on screen since.
		expect((await answer.textContent()) ?? '').toBe(stopped);
		expect(stopped).not.toContain('w199');
	});

	test('a page that outlived its nonce renews it and still streams', async ({
		page,
	}) => {
		// What a tab left open past the nonce's lifetime sends: a nonce WordPress refuses.
		await page.evaluate(() => {
			(window as any).wp.apiFetch.nonceMiddleware.nonce = 'expired';
		});
		const refused = page.waitForResponse(
			(response) =>
				response.url().includes('/byok-ai/v1/chat') &&
				response.status() === 403
		);
		const panel = tryIt(page);
		await panel.getByLabel('Provider').selectOption({ label: 'Anthropic' });
		await panel.getByLabel('Prompt').fill('Still there?');
		await panel.getByRole('button', { name: 'Send' }).click();
		expect((await (await refused).json()).code).toBe(
			'rest_cookie_invalid_nonce'
		);
		await expect(panel.getByRole('region', { name: 'Answer' })).toHaveText(
			'Echo: Still there?'
		);
		expect(
			await page.evaluate(
				() => (window as any).wp.apiFetch.nonceMiddleware.nonce
			)
		).not.toBe('expired');
	});
});
