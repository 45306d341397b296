/**
 * Where the e2e run puts things. The site is native PHP (bin/native-site.sh: nginx + php-fpm +
 * MariaDB) outside the repo, with the repo symlinked as the plugin; one site per WordPress version.
 *
 * E2E_WP_VERSION   7.1.0 (default) or 6.6.4: the core under test
 * E2E_SUITE        full | smoke: which specs run (default full on 7.1.0, smoke on any other version)
 * E2E_WP_PORT, E2E_FAKE_PROVIDER_PORT, E2E_SITE_DIR, E2E_DB_NAME override the per-version defaults.
 */
import { resolve } from 'node:path';

const wpVersion = process.env.E2E_WP_VERSION ?? '7.1.0';
if (!/^\d+\.\d+\.\d+$/.test(wpVersion)) {
	throw new Error(`E2E_WP_VERSION must be x.y.z, not "${wpVersion}"`);
}

/** The ports this project was given, per version: WordPress, then the fake provider. */
const PORTS: Record<string, [number, number]> = {
	'7.1.0': [8811, 8812],
	'6.6.4': [8813, 8814],
};
const [defaultWpPort, defaultFakePort] = PORTS[wpVersion] ?? [8811, 8812];
const wpPort = Number(process.env.E2E_WP_PORT ?? defaultWpPort);
const fakeProviderPort = Number(
	process.env.E2E_FAKE_PROVIDER_PORT ?? defaultFakePort
);
const suite =
	process.env.E2E_SUITE ?? (wpVersion === '7.1.0' ? 'full' : 'smoke');
if (suite !== 'full' && suite !== 'smoke') {
	throw new Error(`E2E_SUITE must be "full" or "smoke", not "${suite}"`);
}
// A run on other ports gets its own site and database by default: two runs never share state.
const instance =
	wpPort === defaultWpPort ? wpVersion : `${wpVersion}-${wpPort}`;
const siteDir = process.env.E2E_SITE_DIR ?? `/tmp/byok-ai-e2e/${instance}`;

export const E2E = {
	wpVersion,
	suite,
	wpPort,
	fakeProviderPort,
	baseUrl: `http://127.0.0.1:${wpPort}`,
	fakeProviderUrl: `http://127.0.0.1:${fakeProviderPort}`,
	siteDir,
	dbName:
		process.env.E2E_DB_NAME ??
		`byok_ai_e2e_${instance.replace(/[.-]/g, '_')}`,
	/** PHP's error log and WP_DEBUG_LOG (bin/native-site.sh writes both there). */
	debugLog: `${siteDir}/logs/debug.log`,
	repo: resolve(__dirname, '../..'),
	// Per instance too: the login state (cookies are per host, not per port) and the traces of
	// two runs on other ports must not overwrite each other.
	artifacts: resolve(__dirname, '../../artifacts', `e2e-${instance}`),
};

/** Plaintext keys the e2e run types; the final scan proves none reached the database. */
export const E2E_KEYS = {
	valid: 'sk-proj-BYOKE2E-valid-4f1c9a7e2b6d8c3f5a0e9d7cQRST',
	invalid: 'sk-proj-BYOKE2E-invalid-7a2c4e6f8b0d1e3a5c7e9f1bWXYZ',
	anthropicInOpenAi: 'sk-ant-api03-BYOKE2E-wrongfield-0a1b2c3d4e5f6a7bLMNO',
	gemini: 'AIzaBYOKE2E-kept-for-the-scan-9c8b7a6f5e4d3c2bEFGH',
	anthropic: 'sk-ant-api03-BYOKE2E-try-it-5e6f7a8b9c0d1e2f3a4bJKLM',
	smoke: 'sk-proj-BYOKE2E-smoke-1b3d5f7a9c2e4a6c8e0b2d4fUVWX',
};

/**
 * Delay between streamed words from the fake provider, so growth is observable: a spec sees an
 * answer "still streaming" (partial text, Stop shown) only while the stream lasts, and on a busy
 * 2-core machine one Playwright assertion can take a second or more. 150 ms keeps a 30-word
 * answer on screen for ~4.5 s.
 */
export const CHUNK_MS = 150;
