/**
 * A visitor hits a money cap (issue 15.2): the administrator prices the block's model and caps
 * what visitors may spend a day at exactly one question's worst case; a logged-out visitor's first
 * question is answered, the second is refused with the neutral message, and nothing more goes to
 * the provider.
 *
 * The numbers are exact: input is free and output costs 1,000 per million tokens (0.001 a token),
 * the block answers in 16 tokens at most, so a question holds 16 × 0.001 = 0.016 whatever its
 * prompt, all of the cap; the first answer ("Echo: First question", 3 tokens) settles at 0.003,
 * which leaves 0.013: less than the next question's 0.016.
 */
import { test, expect } from './fixtures';
import { E2E, E2E_KEYS } from './config';

const CHAT_PATH = '/openai/v1/chat/completions';

/** How many chat calls the fake OpenAI has answered so far. */
async function chatCalls(): Promise<number> {
	const response = await fetch(`${E2E.fakeProviderUrl}/__calls`);
	const { calls } = (await response.json()) as { calls: { path: string }[] };
	return calls.filter((call) => call.path === CHAT_PATH).length;
}

test.describe.serial('Budgets on the block', () => {
	test.beforeAll(async ({ requestUtils }) => {
		await requestUtils.rest({
			method: 'PUT',
			path: '/byok-ai/v1/providers/openai/key',
			data: { key: E2E_KEYS.valid },
		});
		await requestUtils.rest({
			method: 'PUT',
			path: '/byok-ai/v1/spend',
			data: {
				prices: {
					openai: {
						'gpt-5.4-mini': {
							input: 0,
							output: 1000,
							cached_input: 0,
							reasoning: 0,
						},
					},
				},
				budgets: { visitors: { day: 0.016 } },
			},
		});
	});

	test.afterAll(async ({ requestUtils }) => {
		await requestUtils.rest({
			method: 'PUT',
			path: '/byok-ai/v1/spend',
			data: { prices: {}, budgets: {} },
		});
		await requestUtils.rest({
			method: 'DELETE',
			path: '/byok-ai/v1/providers/openai/key',
		});
	});

	test('a visitor over the visitors’ money cap sees the neutral message', async ({
		requestUtils,
		browser,
	}) => {
		const post = (await requestUtils.rest({
			method: 'POST',
			path: '/wp/v2/posts',
			data: {
				title: 'A thrifty assistant',
				status: 'publish',
				content:
					'<!-- wp:paragraph --><p>Cats sleep sixteen hours a day.</p><!-- /wp:paragraph -->' +
					`<!-- wp:byok-ai/assistant ${JSON.stringify({
						blockId: 'e2ebudget001',
						provider: 'openai',
						model: 'gpt-5.4-mini',
						maxTokens: 16,
					})} /-->`,
			},
		})) as { link: string };
		const before = await chatCalls();

		const context = await browser.newContext({
			storageState: { cookies: [], origins: [] },
		});
		const page = await context.newPage();
		await page.goto(post.link);
		const field = page.getByLabel('Ask a question about this post');
		const ask = page.getByRole('button', { name: 'Ask', exact: true });

		await field.fill('First question');
		await ask.click();
		await expect(page.locator('.byok-ai-assistant__answer')).toHaveText(
			'Echo: First question'
		);
		await expect(page.getByRole('status')).toHaveText('Answer complete.');
		expect(await chatCalls()).toBe(before + 1);

		await field.fill('Second question');
		await ask.click();
		await expect(page.getByRole('alert')).toHaveText(
			'The assistant has reached its limit for now. Please try again later.'
		);
		await expect(page.locator('.byok-ai-assistant__log')).toHaveAttribute(
			'aria-busy',
			'false'
		);
		// Refused before the provider: no second call.
		expect(await chatCalls()).toBe(before + 1);
		// The question stays in the field, to ask later.
		await expect(field).toHaveValue('Second question');
		await context.close();
	});
});
