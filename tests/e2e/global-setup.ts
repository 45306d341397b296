/**
 * Points every provider's base URL at the fake provider, as an administrator would for a gateway.
 * The OpenAI-compatible server is left unset: it needs no key, so an address alone would make AI
 * available, and the block's journey (assistant.spec.ts) starts on a site where nothing is.
 */
import { request } from '@playwright/test';
import { RequestUtils } from '@wordpress/e2e-test-utils-playwright';
import { E2E } from './config';

export default async function globalSetup(): Promise<void> {
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

	// WordPress 6.1 shows the editor's welcome guide until the user's stored preferences say
	// otherwise. The test utils switch it off only after the editor has loaded, which races 6.1's
	// preference store: the guide can still open and take focus, closing the inserter under a test.
	// Stored here, the editor starts with it off.
	await requestUtils.rest({
		method: 'POST',
		path: '/wp/v2/users/me',
		data: {
			meta: {
				persisted_preferences: {
					'core/edit-post': { welcomeGuide: false },
					_modified: new Date().toISOString(),
				},
			},
		},
	});
	await requestContext.dispose();
}
