/**
 * Starts the native site (bin/native-site.sh start: a fresh database every run, the plugin active),
 * logs the administrator in, and points every provider's base URL at the fake provider, as an
 * administrator would for a gateway. The OpenAI-compatible server is left unset: it needs no key,
 * so an address alone would make AI available, and the block's journey (assistant.spec.ts) starts
 * on a site where nothing is.
 */
import { execFileSync } from 'node:child_process';
import { request } from '@playwright/test';
import { RequestUtils } from '@wordpress/e2e-test-utils-playwright';
import { E2E } from './config';
import { phpProblemsSince } from './fixtures';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	execFileSync('bash', [`${E2E.repo}/bin/native-site.sh`, 'start'], {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: {
			...process.env,
			NATIVE_SITE_DIR: E2E.siteDir,
			NATIVE_WP_VERSION: E2E.wpVersion,
			NATIVE_WP_PORT: String(E2E.wpPort),
			NATIVE_DB_NAME: E2E.dbName,
			NATIVE_FRESH: '1',
			NATIVE_ADMIN_PASSWORD: 'password',
			NATIVE_WP_DEBUG: '1',
		},
	});

	const requestContext = await request.newContext({ baseURL: E2E.baseUrl });
	const requestUtils = new RequestUtils(requestContext, {
		storageStatePath: `${E2E.artifacts}/storage-states/admin.json`,
		baseURL: E2E.baseUrl,
		user: { username: 'admin', password: 'password' },
	});
	await requestUtils.setupRest();
	const bases: Record<string, Record<string, string>> = {
		anthropic: { base_url: `${E2E.fakeProviderUrl}/anthropic` },
		openai: { base_url: `${E2E.fakeProviderUrl}/openai/v1` },
		gemini: { base_url: `${E2E.fakeProviderUrl}/gemini/v1beta` },
		azure_openai: {
			endpoint: `${E2E.fakeProviderUrl}/azure`,
			deployment: 'gpt-4o-mini',
			api_version: '2024-10-21',
		},
	};
	for (const [id, settings] of Object.entries(bases)) {
		await requestUtils.rest({
			method: 'PUT',
			path: `/byok-ai/v1/providers/${id}`,
			data: { settings },
		});
	}
	await requestContext.dispose();

	const problems = phpProblemsSince(0);
	if (problems.length > 0) {
		throw new Error(
			`PHP logged problems while the site was set up:\n${problems.join('\n')}`
		);
	}
	process.stdout.write(
		`[e2e] WordPress ${E2E.wpVersion} (${E2E.suite} suite) ready at ${E2E.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`
	);
}
