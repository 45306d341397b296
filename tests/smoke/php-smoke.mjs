// @ts-check
/**
 * The PHP-version smoke run (bin/smoke-php.sh starts the site and the fake provider, then this):
 * a real WordPress on the PHP under test, driven over HTTP only, as an administrator and as a
 * logged-out visitor. Every step is an assertion; the last line is "N passed, N failed".
 *
 * Not checked here: that a visitor who leaves mid-answer stops the upstream request. The
 * Playground CLI (3.1.54) pipes PHP's output into the HTTP response and, when the client goes,
 * only drops the pipe: PHP is never told, connection_aborted() stays 0 and the plugin reads the
 * provider's answer to its end. PHPUnit (native PHP) covers that path.
 *
 * Environment: SMOKE_URL (the site), SMOKE_FAKE_URL (the fake provider), SMOKE_PHP (the PHP
 * version the site should report), SMOKE_KEY (the plaintext key to save).
 */
import assert from 'node:assert/strict';

const SITE = must('SMOKE_URL');
const FAKE = must('SMOKE_FAKE_URL');
const PHP = must('SMOKE_PHP');
const KEY = must('SMOKE_KEY');
const BLOCK_ID = 'smoke0000001';

/** @param {string} name */
function must(name) {
	const value = process.env[name];
	if (!value) {
		throw new Error(`${name} is not set`);
	}
	return value;
}

let passed = 0;
let failed = 0;
/**
 * Runs one step; a failing step is reported and the run goes on (later steps may fail with it).
 *
 * @param {string}              name
 * @param {() => Promise<void>} fn
 */
async function step(name, fn) {
	const started = Date.now();
	try {
		await fn();
		passed++;
		process.stdout.write(`  ok    ${name} (${Date.now() - started} ms)\n`);
	} catch (error) {
		failed++;
		const message = error instanceof Error ? error.message : String(error);
		process.stdout.write(`  FAIL  ${name}: ${message}\n`);
	}
}

/** A cookie jar for one user agent: the administrator's, or none for the visitor. */
class Agent {
	constructor() {
		/** @type {Map<string, string>} */
		this.cookies = new Map();
		this.nonce = '';
	}

	/**
	 * @param {string}                      path
	 * @param {Parameters<typeof fetch>[1]} init
	 */
	async fetch(path, init = {}) {
		const headers = new Headers(init.headers);
		if (this.cookies.size) {
			headers.set(
				'cookie',
				[...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
			);
		}
		if (this.nonce) {
			headers.set('x-wp-nonce', this.nonce);
		}
		const response = await fetch(new URL(path, SITE), {
			...init,
			headers,
			redirect: 'manual',
		});
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const at = (pair ?? '').indexOf('=');
			if (at > 0) {
				this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
			}
		}
		return response;
	}

	/**
	 * A REST call with a JSON body; answers the status and the parsed body.
	 *
	 * @param {string}  method
	 * @param {string}  route
	 * @param {unknown} [body]
	 */
	async rest(method, route, body) {
		const response = await this.fetch(
			`/?rest_route=${encodeURIComponent(route)}`,
			{
				method,
				headers:
					body === undefined
						? {}
						: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			}
		);
		const text = await response.text();
		/** @type {any} */
		let json = null;
		try {
			json = JSON.parse(text);
		} catch {
			throw new Error(
				`${method} ${route}: HTTP ${response.status}, not JSON: ${text.slice(0, 300)}`
			);
		}
		return { status: response.status, json, response };
	}
}

/**
 * Reads a Server-Sent Events body into [event, data] pairs.
 *
 * @param {Response} response
 */
async function events(response) {
	const text = await response.text();
	/** @type {Array<[string, any]>} */
	const out = [];
	for (const block of text.split(/\r?\n\r?\n/)) {
		let name = 'message';
		let data = '';
		for (const line of block.split(/\r?\n/)) {
			if (line.startsWith('event:')) {
				name = line.slice(6).trim();
			} else if (line.startsWith('data:')) {
				data += line.slice(5).trim();
			}
		}
		if (data) {
			out.push([name, JSON.parse(data)]);
		}
	}
	return out;
}

/**
 * @param {Array<[string, any]>} list
 * @param {string}               expected The whole answer the deltas must add up to.
 */
function assertStream(list, expected) {
	const names = list.map(([name]) => name);
	assert.equal(names[0], 'start', `first event of ${names.join(',')}`);
	assert.equal(names.at(-1), 'done', `last event of ${names.join(',')}`);
	const deltas = list.filter(([name]) => name === 'delta');
	assert.ok(
		deltas.length >= 2,
		`${deltas.length} delta events: streamed, not one block`
	);
	assert.equal(deltas.map(([, data]) => data.text).join(''), expected);
}

const admin = new Agent();
const visitor = new Agent();
const plugin = '/wp/v2/plugins/byok-ai/byok-ai';
/** @type {{ id: number, link: string }} */
const post = { id: 0, link: '' };

process.stdout.write(`PHP ${PHP} smoke against ${SITE}\n`);

await step('administrator logs in through wp-login.php', async () => {
	await admin.fetch('/wp-login.php');
	admin.cookies.set('wordpress_test_cookie', 'WP%20Cookie%20check');
	const response = await admin.fetch('/wp-login.php', {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			log: 'admin',
			pwd: 'password',
			testcookie: '1',
			redirect_to: `${SITE}/wp-admin/`,
		}),
	});
	assert.equal(response.status, 302, 'login answers a redirect');
	assert.match(response.headers.get('location') ?? '', /\/wp-admin\/$/);
	assert.ok(
		[...admin.cookies.keys()].some((k) =>
			k.startsWith('wordpress_logged_in_')
		),
		'logged-in cookie'
	);
	const nonce = await admin.fetch(
		'/wp-admin/admin-ajax.php?action=rest-nonce'
	);
	admin.nonce = (await nonce.text()).trim();
	assert.match(admin.nonce, /^[0-9a-f]{10}$/, 'REST nonce');
});

await step(`the site runs PHP ${PHP} and WordPress 7.1`, async () => {
	const page = await admin.fetch('/wp-admin/site-health.php?tab=debug');
	const html = await page.text();
	assert.equal(page.status, 200);
	const php = html.match(/<th scope="row">PHP version<\/th>\s*<td>([0-9.]+)/);
	assert.ok(php, 'Site Health lists the PHP version');
	assert.equal(php[1].split('.').slice(0, 2).join('.'), PHP);
	const wp = html.match(/<th scope="row">Version<\/th>\s*<td>([0-9.]+)/);
	assert.ok(wp, 'Site Health lists the WordPress version');
	assert.match(wp[1], /^7\.1(\.|$)/);
});

await step('the plugin deactivates and activates again', async () => {
	let { status, json } = await admin.rest('GET', plugin);
	assert.equal(status, 200, JSON.stringify(json));
	assert.equal(json.status, 'active', 'active after the boot');
	({ status, json } = await admin.rest('POST', plugin, {
		status: 'inactive',
	}));
	assert.equal(status, 200, JSON.stringify(json));
	assert.equal(json.status, 'inactive');
	({ status, json } = await admin.rest('POST', plugin, { status: 'active' }));
	assert.equal(status, 200, JSON.stringify(json));
	assert.equal(json.status, 'active');
	// The routes are back (registered by the freshly activated plugin on this request's successor).
	({ status, json } = await admin.rest('GET', '/byok-ai/v1/settings'));
	assert.equal(status, 200, JSON.stringify(json));
});

await step('the OpenAI base URL points at the fake provider', async () => {
	const { status, json } = await admin.rest(
		'PUT',
		'/byok-ai/v1/providers/openai',
		{
			settings: { base_url: `${FAKE}/openai/v1` },
		}
	);
	assert.equal(status, 200, JSON.stringify(json));
	assert.equal(json.settings.base_url, `${FAKE}/openai/v1`);
});

await step(
	'a key is validated with the provider and saved encrypted',
	async () => {
		await fetch(`${FAKE}/__calls`, { method: 'DELETE' });
		const { status, json } = await admin.rest(
			'PUT',
			'/byok-ai/v1/providers/openai/key',
			{ key: KEY }
		);
		assert.equal(status, 200, JSON.stringify(json));
		assert.equal(json.key.source, 'database');
		assert.equal(json.key.status, 'valid');
		assert.ok(
			!JSON.stringify(json).includes(KEY),
			'the answer does not echo the key'
		);
		assert.ok(
			json.key.hint &&
				KEY.endsWith(
					json.key.hint.replace(/^[^A-Za-z0-9]+/, '').slice(-4)
				),
			`hint ${json.key.hint}`
		);
		const calls = await (await fetch(`${FAKE}/__calls`)).json();
		assert.ok(
			calls.calls.some(
				(/** @type {any} */ c) =>
					c.provider === 'openai' &&
					c.method === 'GET' &&
					c.path === '/openai/v1/models' &&
					c.headerNames.includes('authorization')
			),
			'the fake provider saw the validation request'
		);
	}
);

await step('POST /byok-ai/v1/chat answers', async () => {
	const { status, json } = await admin.rest('POST', '/byok-ai/v1/chat', {
		messages: [{ role: 'user', content: `hello from PHP ${PHP}` }],
	});
	assert.equal(status, 200, JSON.stringify(json));
	assert.equal(json.text, `Echo: hello from PHP ${PHP}`);
	assert.equal(json.provider, 'openai');
	assert.ok(json.usage.output_tokens > 0, 'usage counted');
});

await step('POST /byok-ai/v1/chat streams', async () => {
	const response = await admin.fetch('/?rest_route=/byok-ai/v1/chat', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			messages: [{ role: 'user', content: 'stream this answer please' }],
			stream: true,
		}),
	});
	assert.equal(response.status, 200);
	assert.match(
		response.headers.get('content-type') ?? '',
		/^text\/event-stream/
	);
	assertStream(await events(response), 'Echo: stream this answer please');
});

await step('a published post with the block', async () => {
	const content = [
		'<!-- wp:paragraph --><p>The smoke post: PHP versions and the assistant.</p><!-- /wp:paragraph -->',
		`<!-- wp:byok-ai/assistant {"blockId":"${BLOCK_ID}","label":"Ask the smoke post","suggestions":["What is this?"]} /-->`,
	].join('\n\n');
	const { status, json } = await admin.rest('POST', '/wp/v2/posts', {
		title: `Smoke on PHP ${PHP}`,
		status: 'publish',
		content,
	});
	assert.equal(status, 201, JSON.stringify(json));
	post.id = json.id;
	post.link = json.link;
	assert.ok(post.id > 0 && post.link, 'id and link');
});

await step('a visitor sees the block rendered', async () => {
	const response = await visitor.fetch(post.link);
	assert.equal(response.status, 200);
	const html = await response.text();
	assert.match(
		html,
		new RegExp(`<div [^>]*id="byok-ai-${BLOCK_ID}"`),
		'the block wrapper'
	);
	assert.match(
		html,
		/<form [^>]*class="byok-ai-assistant__form"/,
		'the form'
	);
	assert.match(
		html,
		new RegExp(`name="byok_ai_block" value="${BLOCK_ID}"`),
		'the block id field'
	);
	assert.match(html, /Ask the smoke post/, 'the label attribute');
	assert.match(html, /What is this\?/, 'the suggestion');
	assert.doesNotMatch(html, /is-unavailable/, 'not the editors-only notice');
});

await step('a visitor asks through POST /byok-ai/v1/assistant', async () => {
	const { status, json } = await visitor.rest(
		'POST',
		'/byok-ai/v1/assistant',
		{
			post: post.id,
			block: BLOCK_ID,
			question: 'What does this post test?',
		}
	);
	assert.equal(status, 200, JSON.stringify(json));
	assert.equal(json.text, 'Echo: What does this post test?');
	assert.equal(
		typeof json.history,
		'string',
		'a signed history for a follow-up'
	);
});

await step("a visitor's answer streams", async () => {
	const response = await visitor.fetch('/?rest_route=/byok-ai/v1/assistant', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			post: post.id,
			block: BLOCK_ID,
			question: 'Is streaming fine here?',
			stream: true,
		}),
	});
	assert.equal(response.status, 200);
	assertStream(await events(response), 'Echo: Is streaming fine here?');
});

await step(
	'a visitor without JavaScript gets the answer in the page',
	async () => {
		const response = await visitor.fetch(post.link, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				byok_ai_block: BLOCK_ID,
				byok_ai_post: String(post.id),
				byok_ai_question: 'And without a script?',
			}),
		});
		assert.equal(response.status, 200);
		const html = await response.text();
		assert.match(
			html,
			/<div class="byok-ai-assistant__answer">Echo: And without a script\?<\/div>/
		);
	}
);

await step('the visitor is refused an unknown block', async () => {
	const { status, json } = await visitor.rest(
		'POST',
		'/byok-ai/v1/assistant',
		{
			post: post.id,
			block: 'nosuchblock1',
			question: 'Anyone there?',
		}
	);
	assert.equal(status, 404, JSON.stringify(json));
});

process.stdout.write(`steps: ${passed} passed, ${failed} failed\n`);
process.exitCode = failed ? 1 : 0;
