/**
 * Where the e2e run puts things. The site lives outside the repo (the repo is mounted as the plugin).
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const wpPort = Number(process.env.E2E_WP_PORT ?? 8889);
const fakeProviderPort = Number(process.env.E2E_FAKE_PROVIDER_PORT ?? 8790);

export const E2E = {
	wpPort,
	fakeProviderPort,
	baseUrl: `http://127.0.0.1:${wpPort}`,
	fakeProviderUrl: `http://127.0.0.1:${fakeProviderPort}`,
	siteDir: process.env.E2E_SITE_DIR ?? join(tmpdir(), 'byok-ai-e2e', 'site'),
	artifacts: resolve(__dirname, '../../artifacts'),
};

/** Plaintext keys the e2e run types; the final scan proves none reached the database. */
export const E2E_KEYS = {
	valid: 'sk-proj-BYOKE2E-valid-4f1c9a7e2b6d8c3f5a0e9d7cQRST',
	invalid: 'sk-proj-BYOKE2E-invalid-7a2c4e6f8b0d1e3a5c7e9f1bWXYZ',
	anthropicInOpenAi: 'sk-ant-api03-BYOKE2E-wrongfield-0a1b2c3d4e5f6a7bLMNO',
	gemini: 'AIzaBYOKE2E-kept-for-the-scan-9c8b7a6f5e4d3c2bEFGH',
	anthropic: 'sk-ant-api03-BYOKE2E-try-it-5e6f7a8b9c0d1e2f3a4bJKLM',
};

/** Delay between streamed words from the fake provider, so growth is observable. */
export const CHUNK_MS = 60;
