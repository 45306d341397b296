/**
 * End-to-end tests: Debian's Chromium against a real WordPress on native PHP (nginx + php-fpm +
 * MariaDB, set up and started by global-setup through bin/native-site.sh) with the plugin active,
 * and the fake provider on loopback (started here as a web server).
 *
 *   E2E_WP_VERSION=7.1.0 (default) → every spec;  E2E_WP_VERSION=6.6.4 → the @smoke specs only.
 *   bash bin/test-e2e.sh [version] runs it; see tests/e2e/config.ts for the other variables.
 */
import { defineConfig } from '@playwright/test';
import { CHUNK_MS, E2E } from './tests/e2e/config';

process.env.WP_BASE_URL = E2E.baseUrl;
process.env.WP_USERNAME = 'admin';
process.env.WP_PASSWORD = 'password';
process.env.STORAGE_STATE_PATH = `${E2E.artifacts}/storage-states/admin.json`;

export default defineConfig({
	testDir: './tests/e2e',
	testMatch: '**/*.spec.ts',
	...(E2E.suite === 'smoke' && { grep: /@smoke/ }),
	outputDir: `${E2E.artifacts}/test-results`,
	// One WordPress, one database: the specs share state (keys, policy) and run one at a time.
	workers: 1,
	retries: 0,
	forbidOnly: true,
	// Generous bounds for a busy 2-core machine (the editor's scripts alone take seconds to parse
	// there); every wait is on a condition, so a healthy run never waits for these.
	timeout: 180_000,
	expect: { timeout: 30_000 },
	reporter: [['list']],
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
			// Built into the site's folder (never tests/fake-provider/dist, which others may run).
			command: 'bash bin/native-site.sh fake-run',
			url: `${E2E.fakeProviderUrl}/__health`,
			env: {
				NATIVE_SITE_DIR: E2E.siteDir,
				FAKE_PROVIDER_PORT: String(E2E.fakeProviderPort),
				FAKE_PROVIDER_CHUNK_MS: String(CHUNK_MS),
			},
			reuseExistingServer: false,
			timeout: 120_000,
			stdout: 'ignore',
		},
	],
});
