/**
 * WordPress 7.1: Settings → Connectors (core's screen, options-connectors.php) and Settings →
 * BYOK AI share one key per provider, stored once, encrypted by BYOK AI.
 *
 * Core's selectors come from wp-includes/build/routes/connectors-home/content.js ("Set up",
 * "Edit", "Connected") and wp-includes/js/dist/script-modules/connectors/index.js (each connector
 * a group named after it, a TextControl "API Key", a "Save" button). Core's own mask is 16
 * bullets and the key's last four characters; BYOK AI's is "sk-…" and the same four.
 *
 * Not @smoke: 6.6 has no Connectors. Each test removes the key it saved, so the other specs start
 * without an OpenAI key; the run's final scan also checks the database for the plaintext.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import type { RequestUtils } from '@wordpress/e2e-test-utils-playwright';
import { test, expect, type Guard } from './fixtures';
import { E2E, E2E_KEYS } from './config';

const CONNECTORS = 'options-connectors.php';
const TAIL = E2E_KEYS.valid.slice(-4);
const CORE_MASK = '\u2022'.repeat(16) + TAIL;
const BYOK_MASK = `sk-…${TAIL}`;

interface ProviderRow {
	id: string;
	key: { source: string; status: string; hint: string | null };
}

function connector(page: Page, name: string) {
	return page.getByRole('group', { name, exact: true });
}

/**
 * Settings → BYOK AI's row for a provider.
 * @param page
 * @param name
 */
function byokRow(page: Page, name: string) {
	return page.getByRole('group', { name, exact: true });
}

async function openaiState(requestUtils: RequestUtils): Promise<ProviderRow> {
	const settings = await requestUtils.rest<{ providers: ProviderRow[] }>({
		path: '/byok-ai/v1/settings',
	});
	const openai = settings.providers.find((item) => item.id === 'openai');
	expect(openai).toBeDefined();
	return openai as ProviderRow;
}

/**
 * The site's options table as stored (MariaDB, past every filter and cache), one row a line.
 * @param names Option names.
 */
function storedOptions(names: string[]): string {
	const list = names.map((name) => `'${name.replace(/'/g, '')}'`).join(',');
	return execFileSync('mysql', [
		'-uroot',
		'-N',
		'-e',
		`SELECT option_name, option_value FROM wp_options WHERE option_name IN (${list})`,
		E2E.dbName,
	]).toString('utf8');
}

/**
 * Core's Connectors screen asks /wp/v2/plugins for each connector's provider plugin (AI, "AI
 * Provider for OpenAI"…); none is installed here, so core's REST answers 404 and the browser logs
 * it. BYOK AI provides those connectors' AI Client providers itself, so the screen shows them
 * active (asserted below).
 * @param guard
 */
function allowCorePluginLookups(guard: Guard) {
	guard.allowConsoleError(
		/status of 404 .*\/wp-json\/wp\/v2\/plugins\/(ai|ai-provider-for-[a-z]+)\//,
		"core's Connectors screen looks up provider plugins that are not installed"
	);
}

/**
 * What core's settings endpoint (the one the Connectors screen reads) answers, as text.
 * @param requestUtils
 */
async function coreSettings(requestUtils: RequestUtils): Promise<string> {
	return JSON.stringify(await requestUtils.rest({ path: '/wp/v2/settings' }));
}

test.describe('Settings → Connectors and BYOK AI share one key (WordPress 7.1)', () => {
	test.afterEach(async ({ requestUtils }) => {
		await requestUtils.rest({
			method: 'DELETE',
			path: '/byok-ai/v1/providers/openai/key',
		});
	});

	// The run ends with a scan of the database that needs an encrypted key in it (a run of this
	// spec alone would otherwise leave none, as each test removes its key): keep one for a
	// provider no spec uses, only when nothing else has stored one.
	test.afterAll(async ({ requestUtils }) => {
		if (
			execFileSync(
				'mysqldump',
				['-uroot', '--skip-comments', E2E.dbName],
				{
					maxBuffer: 512 * 1024 * 1024,
				}
			)
				.toString('utf8')
				.includes('byokai1.')
		) {
			return;
		}
		await requestUtils.rest({
			method: 'PUT',
			path: '/byok-ai/v1/providers/azure_openai/key',
			// Azure's keys are letters and digits; the fake provider accepts any without a marker.
			data: { key: 'BYOKE2Ekeptforthescan0a1b2c3d4e5f6a7b8c9d' },
		});
	});

	test('a key saved on Connectors is stored encrypted and shows connected in BYOK AI', async ({
		page,
		admin,
		requestUtils,
		guard,
	}) => {
		allowCorePluginLookups(guard);
		await admin.visitAdminPage(CONNECTORS);
		const openai = connector(page, 'OpenAI');
		await openai.getByRole('button', { name: 'Set up' }).click();
		await openai
			.getByRole('textbox', { name: 'API Key', exact: true })
			.fill(E2E_KEYS.valid);
		await openai.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(
			openai.getByText('Connected', { exact: true })
		).toBeVisible();

		// Core's screen, reloaded, shows the mask both screens agree on, never the key.
		await page.reload();
		await expect(
			openai.getByText('Connected', { exact: true })
		).toBeVisible();
		await openai.getByRole('button', { name: 'Edit' }).click();
		await expect(
			openai.getByRole('textbox', { name: 'API Key', exact: true })
		).toHaveValue(CORE_MASK);
		expect(await page.content()).not.toContain(E2E_KEYS.valid);

		// Stored once, in BYOK AI's vault; core's REST answer holds the mask only.
		const state = await openaiState(requestUtils);
		expect(state.key.source).toBe('database');
		expect(state.key.status).toBe('valid');
		expect(state.key.hint).toBe(BYOK_MASK);
		const core = await coreSettings(requestUtils);
		expect(core).not.toContain(E2E_KEYS.valid);
		expect(core).toContain(`"connectors_ai_openai_api_key":"${CORE_MASK}"`);
		// At rest: an envelope in BYOK AI's option, nothing in core's.
		const stored = storedOptions([
			'byok_ai_key_openai',
			'connectors_ai_openai_api_key',
		]);
		expect(stored).toContain('byokai1.');
		expect(stored).not.toContain(E2E_KEYS.valid.slice(12));
		expect(stored).not.toMatch(/connectors_ai_openai_api_key\t\S/);

		await admin.visitAdminPage('options-general.php', 'page=byok-ai');
		const row = byokRow(page, 'OpenAI');
		await expect(row.getByText('Connected', { exact: true })).toBeVisible();
		await expect(row.getByText(BYOK_MASK)).toBeVisible();
		expect(await page.content()).not.toContain(E2E_KEYS.valid);
	});

	test('a key saved in BYOK AI shows as connected on Connectors', async ({
		page,
		admin,
		requestUtils,
		guard,
	}) => {
		allowCorePluginLookups(guard);
		await admin.visitAdminPage('options-general.php', 'page=byok-ai');
		const row = byokRow(page, 'OpenAI');
		await row.getByRole('button', { name: 'Set up OpenAI' }).click();
		await row.getByLabel('OpenAI API key').fill(E2E_KEYS.valid);
		await row.getByRole('button', { name: 'Validate and save' }).click();
		await expect(row.getByText(BYOK_MASK)).toBeVisible();

		await admin.visitAdminPage(CONNECTORS);
		const openai = connector(page, 'OpenAI');
		await expect(
			openai.getByText('Connected', { exact: true })
		).toBeVisible();
		await openai.getByRole('button', { name: 'Edit' }).click();
		await expect(
			openai.getByRole('textbox', { name: 'API Key', exact: true })
		).toHaveValue(CORE_MASK);
		expect(await page.content()).not.toContain(E2E_KEYS.valid);
		expect(await coreSettings(requestUtils)).not.toContain(E2E_KEYS.valid);
	});

	test('Rules → WordPress AI saves the rules for WordPress’s AI, and Usage lists the callers', async ({
		page,
		admin,
		requestUtils,
	}) => {
		await admin.visitAdminPage(
			'options-general.php',
			'page=byok-ai&tab=rules'
		);
		const section = page.getByRole('region', {
			name: 'WordPress AI',
			exact: true,
		});
		const limit = section.getByLabel(
			'Requests per plugin per hour (0 = no limit)'
		);
		await expect(limit).toHaveValue('0');
		await limit.fill('25');
		await section
			.getByLabel('Others', { exact: true })
			.selectOption('deny');
		await section
			.getByRole('button', { name: 'Save WordPress AI rules' })
			.click();
		await expect(
			section.getByText('WordPress AI rules saved.')
		).toBeVisible();
		try {
			const saved = await requestUtils.rest<{
				rules: { hourly_limit: number; default_caller: string };
			}>({ path: '/byok-ai/v1/wordpress-ai' });
			expect(saved.rules.hourly_limit).toBe(25);
			expect(saved.rules.default_caller).toBe('deny');

			await page.getByRole('tab', { name: 'Usage' }).click();
			await expect(
				page.getByRole('table', {
					name: 'Requests through WordPress’s AI, by caller',
				})
			).toBeVisible();
		} finally {
			await requestUtils.rest({
				method: 'PUT',
				path: '/byok-ai/v1/wordpress-ai',
				data: { hourly_limit: 0, default_caller: 'allow' },
			});
		}
	});
});
