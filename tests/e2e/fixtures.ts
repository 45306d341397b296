/**
 * The `test` every spec imports: @wordpress/e2e-test-utils-playwright's, plus a guard that fails
 * the test on
 * - any console error and any uncaught page error, in every page of the test: the administrator's
 *   context and every context the test opens (logged-out visitors);
 * - any PHP error, warning, notice or deprecation, and any WordPress database error, that the site
 *   logged while the test ran (PHP's error log = WP_DEBUG_LOG, see bin/native-site.sh).
 *
 * Both are stricter than "from the plugin": a message from core or the browser fails too, unless it
 * is in IGNORED below with the reason. A test that provokes an error on purpose (an HTTP 403 or 429
 * the page then handles) declares it with `guard.allowConsoleError( pattern, reason )`.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { test as base, expect } from '@wordpress/e2e-test-utils-playwright';
import type { BrowserContext, ConsoleMessage } from '@playwright/test';
import { E2E } from './config';

export { expect };

/**
 * Console messages no test may cause, ignored everywhere, each with why. Keep this list short: an
 * entry here hides that message from every spec.
 */
const IGNORED: { pattern: RegExp; reason: string }[] = [
	{
		// Typing in the editor's inserter search also searches the WordPress.org block directory
		// through core's REST route; this machine has no network (WP_HTTP_BLOCK_EXTERNAL), so
		// core answers 500 and the browser logs it. Core's request, core's offline failure: the
		// plugin's block is still found locally, which the specs assert.
		pattern: /status of 500 .*\/wp-json\/wp\/v2\/block-directory\/search\?/,
		reason: 'the block directory is unreachable offline',
	},
	{
		// The browser logs every non-2xx fetch as a console error. The plugin's REST routes answer
		// 4xx by design to what the specs send on purpose (a rejected key: 400, an outdated nonce:
		// 403, a visitor over a limit: 429); what the page does with it is asserted by the specs.
		// A 5xx, or a 4xx from any other route, still fails.
		pattern:
			/^Failed to load resource: the server responded with a status of 4\d\d \(.*\/wp-json\/byok-ai\/v1\//,
		reason: "the plugin's own 4xx answers, which the specs provoke and assert",
	},
];

/** Any http(s) URL whose host isn't 127.0.0.1 or localhost. */
const NOT_LOOPBACK = /^https?:\/\/(?!(?:127\.0\.0\.1|localhost)(?::\d+)?\/)/;
const TRANSPARENT_GIF = Buffer.from(
	'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
	'base64'
);

/** PHP log lines that fail a test. */
const PHP_PROBLEM =
	/PHP (Fatal error|Parse error|Recoverable fatal error|Warning|Notice|Deprecated|Strict Standards)|WordPress database error/;

export interface Guard {
	/**
	 * Lets this test log console errors matching `pattern` (e.g. the browser's "Failed to load
	 * resource: … 403" for a request the test makes fail on purpose).
	 */
	allowConsoleError: (pattern: RegExp, reason: string) => void;
}

/** Size of the site's PHP log now (0 if it doesn't exist yet). */
export function logSize(): number {
	try {
		return statSync(E2E.debugLog).size;
	} catch {
		return 0;
	}
}

/**
 * The PHP log's problem lines written since `offset`.
 * @param offset
 */
export function phpProblemsSince(offset: number): string[] {
	const size = logSize();
	if (size <= offset) {
		return [];
	}
	const fd = openSync(E2E.debugLog, 'r');
	try {
		const buffer = Buffer.alloc(size - offset);
		readSync(fd, buffer, 0, buffer.length, offset);
		return buffer
			.toString('utf8')
			.split('\n')
			.filter((line) => PHP_PROBLEM.test(line));
	} finally {
		closeSync(fd);
	}
}

function describeMessage(message: ConsoleMessage): string {
	const { url, lineNumber } = message.location();
	return `${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
}

export const test = base.extend<{ guard: Guard }>({
	guard: [
		async ({ context, browser }, use, testInfo) => {
			const allowed: RegExp[] = [];
			const problems: string[] = [];
			const logOffset = logSize();

			const watch = async (watched: BrowserContext) => {
				// The machine is offline, and only loopback may receive traffic: what core's screens
				// fetch from elsewhere (Gravatar avatars, the editor's welcome-guide images on s.w.org)
				// is answered here, empty, instead of failing with a console error. Listed on the test.
				await watched.route(NOT_LOOPBACK, (route) => {
					const request = route.request();
					testInfo.annotations.push({
						type: 'answered offline',
						description: `${request.resourceType()} ${request.url()}`,
					});
					return request.resourceType() === 'image'
						? route.fulfill({
								status: 200,
								contentType: 'image/gif',
								body: TRANSPARENT_GIF,
							})
						: route.fulfill({ status: 204, body: '' });
				});
				watched.on('console', (message) => {
					if (message.type() !== 'error') {
						return;
					}
					const text = describeMessage(message);
					if (IGNORED.some(({ pattern }) => pattern.test(text))) {
						return;
					}
					if (allowed.some((pattern) => pattern.test(text))) {
						testInfo.annotations.push({
							type: 'allowed console error',
							description: text,
						});
						return;
					}
					problems.push(`console error: ${text}`);
				});
				watched.on('weberror', (webError) => {
					const error = webError.error();
					problems.push(
						`uncaught page error: ${error.stack ?? error.message}`
					);
				});
			};
			await watch(context);
			// Contexts the test opens itself (a logged-out visitor) are watched too.
			const newContext = browser.newContext.bind(browser);
			browser.newContext = async (...args) => {
				const created = await newContext(...args);
				await watch(created);
				return created;
			};

			await use({
				allowConsoleError: (pattern, reason) => {
					allowed.push(pattern);
					testInfo.annotations.push({
						type: 'allows console errors',
						description: `${pattern} — ${reason}`,
					});
				},
			});

			browser.newContext = newContext;
			problems.push(
				...phpProblemsSince(logOffset).map((line) => `PHP log: ${line}`)
			);
			if (problems.length > 0) {
				// A failure after the test body still fails the test, with every message listed.
				throw new Error(
					`${problems.length} console/PHP problem(s) during this test:\n  • ${problems.join('\n  • ')}`
				);
			}
		},
		{ auto: true },
	],
});
