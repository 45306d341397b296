/**
 * End-to-end tests: Debian's Chromium against a real WordPress (Playground CLI, SQLite) with the
 * plugin active, and the fake provider on loopback.
 */
import { defineConfig } from '@playwright/test';
import { CHUNK_MS, E2E } from './tests/e2e/config';

process.env.WP_BASE_URL = E2E.baseUrl;
process.env.WP_USERNAME = 'admin';
process.env.WP_PASSWORD = 'password';
process.env.STORAGE_STATE_PATH = `${ E2E.artifacts }/storage-states/admin.json`;

export default defineConfig( {
	testDir: './tests/e2e',
	testMatch: '**/*.spec.ts',
	outputDir: `${ E2E.artifacts }/test-results`,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 15_000 },
	reporter: [ [ 'list' ] ],
	globalSetup: './tests/e2e/global-setup.ts',
	globalTeardown: './tests/e2e/global-teardown.ts',
	use: {
		baseURL: E2E.baseUrl,
		// Written by global-setup's login; every page starts as the administrator.
		storageState: process.env.STORAGE_STATE_PATH,
		browserName: 'chromium',
		headless: true,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--no-first-run',
			],
		},
	},
	webServer: [
		{
			command: `node tests/fake-provider/dist/cli.js`,
			url: `${ E2E.fakeProviderUrl }/__health`,
			env: {
				FAKE_PROVIDER_PORT: String( E2E.fakeProviderPort ),
				FAKE_PROVIDER_CHUNK_MS: String( CHUNK_MS ),
			},
			reuseExistingServer: false,
			timeout: 20_000,
		},
		{
			command: 'bash bin/start.sh',
			url: `${ E2E.baseUrl }/wp-login.php`,
			env: {
				WP_PORT: String( E2E.wpPort ),
				BYOK_AI_SITE_DIR: E2E.siteDir,
				BYOK_AI_FRESH: '1',
				BYOK_AI_AUTOLOGIN: '0',
			},
			reuseExistingServer: false,
			timeout: 180_000,
			stdout: 'ignore',
		},
	],
} );
