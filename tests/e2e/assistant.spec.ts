/**
 * The whole journey with the AI Assistant block: with no provider set up, the administrator pastes
 * a key right in the block, configures it and publishes; a logged-out visitor asks and watches the
 * answer stream in; summaries come from the cache for the next visitor; limits say so in words.
 */
import { test, expect } from './fixtures';
import type { Browser, Page } from '@playwright/test';
import { E2E, E2E_KEYS } from './config';

interface Calls {
	calls: { provider: string; stream: boolean; path: string }[];
}

async function upstreamCalls(): Promise<Calls['calls']> {
	const response = await fetch(`${E2E.fakeProviderUrl}/__calls`);
	return ((await response.json()) as Calls).calls.filter(
		(call) => !call.path.endsWith('/models')
	);
}

/**
 * A logged-out visitor: a fresh browser context without the administrator's cookies.
 * @param browser
 * @param url
 */
async function visitor(browser: Browser, url: string): Promise<Page> {
	const context = await browser.newContext({
		storageState: { cookies: [], origins: [] },
	});
	const page = await context.newPage();
	await page.goto(url);
	return page;
}

/**
 * The block's server-rendered markup for a post created through REST.
 * @param attributes
 */
function blockMarkup(attributes: Record<string, unknown>): string {
	return (
		'<!-- wp:paragraph --><p>Cats sleep sixteen hours a day. Kittens sleep even more.</p><!-- /wp:paragraph -->' +
		`<!-- wp:byok-ai/assistant ${JSON.stringify(attributes)} /-->`
	);
}

test.describe.serial('AI Assistant block', () => {
	test.beforeAll(async ({ requestUtils }) => {
		// No provider can answer yet. OpenAI is the block's provider, so the chat spec's Anthropic usage
		// figures stay its own (global-setup leaves the OpenAI-compatible server unset).
		await requestUtils.rest({
			method: 'DELETE',
			path: '/byok-ai/v1/providers/openai/key',
		});
	});

	test.afterAll(async ({ requestUtils }) => {
		await requestUtils.rest({
			method: 'PUT',
			path: '/byok-ai/v1/providers/openai_compatible',
			data: {
				settings: { base_url: `${E2E.fakeProviderUrl}/compat/v1` },
			},
		});
		await requestUtils.rest({
			method: 'DELETE',
			path: '/byok-ai/v1/providers/openai/key',
		});
		await requestUtils.rest({
			method: 'PUT',
			path: '/byok-ai/v1/policy',
			data: { visitor_block_limit: 200 },
		});
	});

	test('the administrator sets a key up in the block, configures it and publishes; a visitor sees the answer stream in', async ({
		admin,
		editor,
		page,
		browser,
	}) => {
		await admin.createNewPost({ title: 'About cats' });
		await page.evaluate(() => {
			const { dispatch } = (window as any).wp.data;
			const { createBlock } = (window as any).wp.blocks;
			dispatch('core/block-editor').insertBlocks(
				createBlock('core/paragraph', {
					content:
						'Cats sleep sixteen hours a day. Kittens sleep even more.',
				})
			);
		});

		// The author's way in: the block inserter ("Block Inserter" on 7.1, "Toggle block inserter"
		// on 6.6).
		await page
			.getByRole('button', {
				name: /^(Block Inserter|Toggle block inserter)$/,
			})
			.click();
		await page.getByPlaceholder('Search').fill('AI Assistant');
		await page.getByRole('option', { name: 'AI Assistant' }).click();

		// No provider yet: the placeholder takes the key. The block lives in the editor's canvas, an
		// iframe since 6.5 for blocks of API version 3.
		const block = editor.canvas.getByRole('document', {
			name: 'Block: AI Assistant',
		});
		await expect(
			block.getByText('This assistant needs an AI provider.')
		).toBeVisible();
		await block.getByLabel('Provider').selectOption({ label: 'OpenAI' });
		await block.getByLabel('OpenAI API key').fill(E2E_KEYS.valid);
		await block.getByRole('button', { name: 'Save and validate' }).click();
		await expect(block.getByText('Try it', { exact: true })).toBeVisible();
		await expect(page.locator('body')).not.toContainText(E2E_KEYS.valid);

		// Configure it in the inspector (the block settings sidebar).
		await page.evaluate(() =>
			(window as any).wp.data
				.dispatch('core/edit-post')
				.openGeneralSidebar('edit-post/block')
		);
		await page
			.getByLabel('Instructions')
			.fill('Answer in one short paragraph.');
		await page.getByRole('button', { name: 'Suggested questions' }).click();
		await page.getByLabel('Question 1').fill('How long do kittens sleep?');

		// Try it in the editor: the author's preview route.
		await block
			.getByLabel('Question', { exact: true })
			.fill('Do cats dream?');
		await block.getByRole('button', { name: 'Send' }).click();
		await expect(block.getByText('Echo: Do cats dream?')).toBeVisible();
		const preview = (await upstreamCalls()).at(-1);
		expect(preview?.provider).toBe('openai');

		// Publish.
		await page
			.getByRole('region', { name: 'Editor top bar' })
			.getByRole('button', { name: 'Publish', exact: true })
			.click();
		await page
			.getByRole('region', { name: 'Editor publish' })
			.getByRole('button', { name: 'Publish', exact: true })
			.click();
		await expect(
			page
				.getByRole('region', { name: 'Editor publish' })
				.getByText('is now live')
		).toBeVisible();
		const url = await page.evaluate(() =>
			(window as any).wp.data.select('core/editor').getPermalink()
		);

		// A logged-out visitor asks, and sees the answer grow before it is complete.
		const visit = await visitor(browser, url);
		const assistant = visit.locator('.wp-block-byok-ai-assistant');
		// The front end is a script module on the Interactivity API, which WordPress provides.
		await expect(
			visit.locator(
				'script[type="module"][src*="/build/assistant/view.js"]'
			)
		).toHaveCount(1);
		const imports = await visit
			.locator('script[type="importmap"]')
			.first()
			.evaluate(
				(map) =>
					(
						JSON.parse(map.textContent ?? '{}') as {
							imports?: object;
						}
					).imports ?? {}
			);
		expect(Object.keys(imports)).toContain('@wordpress/interactivity');
		await expect(assistant).toHaveAttribute(
			'data-wp-interactive',
			'byok-ai/assistant'
		);
		await expect(
			assistant.getByRole('button', {
				name: 'How long do kittens sleep?',
			})
		).toBeVisible();
		const question = Array.from(
			{ length: 30 },
			(_, i) => `word${i + 1}`
		).join(' ');
		const expected = `Echo: ${question}`;
		await assistant
			.getByLabel('Ask a question about this post')
			.fill(question);
		await assistant
			.getByRole('button', { name: 'Ask', exact: true })
			.click();

		const answer = assistant.locator('.byok-ai-assistant__answer').last();
		await expect(answer).toContainText('Echo: word1');
		const partial = (await answer.textContent()) ?? '';
		expect(partial.length).toBeLessThan(expected.length);
		await expect(
			assistant.getByRole('button', { name: 'Stop' })
		).toBeVisible();
		await expect(assistant.getByRole('status')).toHaveText(
			'Writing the answer…'
		);

		await expect(answer).toHaveText(expected);
		await expect(assistant.getByRole('status')).toHaveText(
			'Answer complete.'
		);
		await expect(
			assistant.getByRole('button', { name: 'Stop' })
		).toBeHidden();

		// The request carried no nonce and only the question; instructions came from the saved block.
		const asked = (await upstreamCalls()).at(-1);
		expect(asked?.stream).toBe(true);

		// A follow-up: the earlier turn travels as the server-signed token.
		await assistant
			.getByRole('button', { name: 'How long do kittens sleep?' })
			.click();
		await expect(answer).toHaveText('Echo: How long do kittens sleep?');
		await expect(assistant.locator('.byok-ai-assistant__turn')).toHaveCount(
			2
		);
		await visit.context().close();
	});

	test('a second visitor gets the summary from the cache', async ({
		requestUtils,
		browser,
	}) => {
		const post = (await requestUtils.rest({
			method: 'POST',
			path: '/wp/v2/posts',
			data: {
				title: 'Cats, summarized',
				status: 'publish',
				content: blockMarkup({
					blockId: 'e2esummary01',
					mode: 'summarize',
				}),
			},
		})) as { link: string };

		const first = await visitor(browser, post.link);
		await first
			.getByRole('button', { name: 'Summarize this post' })
			.click();
		const firstAnswer = first.locator('.byok-ai-assistant__answer');
		await expect(firstAnswer).toContainText(
			'Cats sleep sixteen hours a day.',
			{ timeout: 30_000 }
		);
		await expect(first.getByRole('status')).toHaveText('Answer complete.');
		const summary = (await firstAnswer.textContent()) ?? '';
		const callsAfterFirst = (await upstreamCalls()).length;
		await first.context().close();

		const second = await visitor(browser, post.link);
		await second
			.getByRole('button', { name: 'Summarize this post' })
			.click();
		await expect(second.locator('.byok-ai-assistant__answer')).toHaveText(
			summary
		);
		await expect(second.getByRole('status')).toHaveText('Answer complete.');
		expect(await upstreamCalls()).toHaveLength(callsAfterFirst);
		await second.context().close();
	});

	test('a visitor stops an answer and starts a new conversation; without JavaScript the form answers too', async ({
		requestUtils,
		browser,
	}) => {
		const post = (await requestUtils.rest({
			method: 'POST',
			path: '/wp/v2/posts',
			data: {
				title: 'Cats, at length',
				status: 'publish',
				content: blockMarkup({ blockId: 'e2estop00001' }),
			},
		})) as { link: string };
		const long = Array.from({ length: 80 }, (_, i) => `w${i + 1}`).join(
			' '
		);

		const visit = await visitor(browser, post.link);
		const assistant = visit.locator('.wp-block-byok-ai-assistant');
		const field = assistant.getByLabel('Ask a question about this post');
		const reset = assistant.getByRole('button', {
			name: 'New conversation',
		});
		await expect(reset).toBeHidden();
		await field.fill(long);
		// Ctrl+Enter sends, like the Ask button.
		await field.press('Control+Enter');
		const answer = assistant.locator('.byok-ai-assistant__answer').last();
		await expect(answer).toContainText('Echo: w1');
		await assistant.getByRole('button', { name: 'Stop' }).click();
		await expect(assistant.getByRole('status')).toHaveText('Stopped.');
		await expect(
			assistant.locator('.byok-ai-assistant__turn').last()
		).toHaveClass(/is-stopped/);
		await expect(
			assistant.getByRole('button', { name: 'Stop' })
		).toBeHidden();
		// What was written stays; the rest never comes.
		const stopped = (await answer.textContent()) ?? '';
		expect(stopped.length).toBeLessThan(`Echo: ${long}`.length);
		await expect(field).toBeFocused();
		await expect(field).toHaveValue(long);

		await field.fill('Short one');
		await assistant
			.getByRole('button', { name: 'Ask', exact: true })
			.click();
		await expect(answer).toHaveText('Echo: Short one');
		await expect(assistant.locator('.byok-ai-assistant__turn')).toHaveCount(
			2
		);
		await reset.click();
		await expect(assistant.locator('.byok-ai-assistant__turn')).toHaveCount(
			0
		);
		await expect(reset).toBeHidden();
		await expect(
			assistant.locator('input[name="byok_ai_history"]')
		).toHaveValue('');
		await visit.context().close();

		// Without JavaScript: the form posts to the post, which answers in the block as text.
		const context = await browser.newContext({
			storageState: { cookies: [], origins: [] },
			javaScriptEnabled: false,
		});
		const plain = await context.newPage();
		await plain.goto(post.link);
		const form = plain.locator('.wp-block-byok-ai-assistant');
		await expect(form.getByRole('button', { name: 'Stop' })).toBeHidden();
		await expect(
			form.getByRole('button', { name: 'New conversation' })
		).toBeHidden();
		await form
			.getByLabel('Ask a question about this post')
			.fill('No script?');
		await form.getByRole('button', { name: 'Ask', exact: true }).click();
		await expect(form.locator('.byok-ai-assistant__answer')).toHaveText(
			'Echo: No script?'
		);
		// New conversation works as a plain submit button too.
		await form.getByRole('button', { name: 'New conversation' }).click();
		await expect(form.locator('.byok-ai-assistant__answer')).toHaveCount(0);
		await expect(
			form.getByRole('button', { name: 'New conversation' })
		).toBeHidden();
		await context.close();
	});

	test('a visitor over a limit is told so', async ({
		requestUtils,
		browser,
	}) => {
		await requestUtils.rest({
			method: 'PUT',
			path: '/byok-ai/v1/policy',
			data: { visitor_block_limit: 1 },
		});
		const post = (await requestUtils.rest({
			method: 'POST',
			path: '/wp/v2/posts',
			data: {
				title: 'A busy assistant',
				status: 'publish',
				content: blockMarkup({ blockId: 'e2elimited01' }),
			},
		})) as { link: string };

		const page = await visitor(browser, post.link);
		const field = page.getByLabel('Ask a question about this post');
		await field.fill('First question');
		await page.getByRole('button', { name: 'Ask', exact: true }).click();
		await expect(page.locator('.byok-ai-assistant__answer')).toHaveText(
			'Echo: First question'
		);

		await field.fill('Second question');
		await page.getByRole('button', { name: 'Ask', exact: true }).click();
		// human_time_diff() says "minutes" since WordPress 6.9, "mins" before.
		await expect(page.getByRole('alert')).toHaveText(
			/^This assistant is very busy\. Please try again in \d+ (minutes?|mins?)\.$/
		);
		await page.context().close();
	});
});
