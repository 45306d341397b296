#!/usr/bin/env node
/**
 * The benchmark client: sequential keep-alive requests against WordPress (nginx + php-fpm) and
 * straight against the fake upstream, timed with process.hrtime.bigint(); prints a markdown table.
 *
 * Usually started by bin/bench/run.sh (npm run bench), which sets up the servers and passes:
 *   env BENCH_USER, BENCH_APP_PASSWORD  administrator + Application Password (HTTP Basic)
 *   env BENCH_KEY                       the OpenAI key the plugin holds (sent as Bearer to the fake)
 *   env BENCH_POST, BENCH_ASK_BLOCK, BENCH_SUMMARY_BLOCK
 *                                       the published post and its AI Assistant blocks (ask mode,
 *                                       summarize mode) that a logged-out visitor asks
 *   env BENCH_SERVER_INFO               JSON describing the server side (for the environment table)
 *
 * Run `node bin/bench/bench.mjs --help` for the options.
 */
import http from 'node:http';
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { assets, goalsTable, profile, throughput } from './overhead.mjs';

const GOAL_RATIO = 1.1;
const GOAL_FIRST_TOKEN_MS = 20;
const PROMPT = 'Say hello to the benchmark';
// As many words as PROMPT: the fake echoes the question, so both streams carry as many text events.
const VISITOR_QUESTION = 'How long do cats sleep?';
const MAX_COMPLETION_TOKENS = 1024;
const TIMEOUT_MS = 30000;

const { values: opt } = parseArgs({
	options: {
		wp: { type: 'string', default: 'http://127.0.0.1:8801' },
		upstream: {
			type: 'string',
			default: 'http://127.0.0.1:8802/openai/v1',
		},
		requests: { type: 'string', default: '200' },
		warmup: { type: 'string', default: '20' },
		order: { type: 'string', default: 'interleaved' },
		seed: { type: 'string', default: '13' },
		model: { type: 'string' },
		json: { type: 'string' },
		concurrency: { type: 'string', default: '8' },
		'tp-requests': { type: 'string', default: '40' },
		'tp-rounds': { type: 'string', default: '9' },
		help: { type: 'boolean', default: false },
	},
	allowPositionals: false,
});

if (opt.help) {
	process.stdout.write(`Usage: node bin/bench/bench.mjs [options]
  --wp URL          WordPress site (default http://127.0.0.1:8801)
  --upstream URL    fake upstream's OpenAI base URL (default http://127.0.0.1:8802/openai/v1)
  --requests N      measured requests per case, after warm-up (default 200)
  --warmup N        warm-up requests per case, not measured (default 20)
  --order MODE      interleaved (default: one request of each case per round, in an order shuffled
                    anew each round, so background load and the previous request's tail hit every
                    case alike), rotated (each round in the same order, started one case later:
                    each case nearly always follows the same one) or blocked (all of case 1, then 2…)
  --seed N          seed of the interleaved order's shuffle (default 13; same seed, same order)
  --model ID        model sent straight to the upstream (default: the one the chat route reports)
  --json FILE       also write the results and raw samples as JSON
  --concurrency N   requests in flight in the throughput phase (default 8)
  --tp-requests N   requests per case and round in the throughput phase (default 40)
  --tp-rounds N     rounds of the throughput phase, interleaved (default 9; 0 skips it)
Environment: BENCH_USER, BENCH_APP_PASSWORD, BENCH_KEY, BENCH_POST, BENCH_ASK_BLOCK,
  BENCH_SUMMARY_BLOCK, BENCH_POST_URL, BENCH_PLAIN_URL, BENCH_TRACE_FILE, BENCH_RUN_DIR, BENCH_SERVER_INFO
  (set by run.sh).
Exit status 3: the plugin added SQL queries to a request that doesn't use it (idle rows).
`);
	process.exit(0);
}

const N = Number(opt.requests);
const WARMUP = Number(opt.warmup);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(WARMUP) || WARMUP < 0) {
	fail(
		'--requests must be a positive integer and --warmup a non-negative one'
	);
}
if (!['interleaved', 'rotated', 'blocked'].includes(opt.order)) {
	fail('--order must be interleaved, rotated or blocked');
}
if (!/^[0-9]+$/.test(opt.seed)) {
	fail('--seed must be a non-negative integer');
}
const USER = process.env.BENCH_USER ?? 'admin';
const APP_PASSWORD = process.env.BENCH_APP_PASSWORD ?? '';
const KEY = process.env.BENCH_KEY ?? '';
if (!APP_PASSWORD || !KEY) {
	fail(
		'BENCH_APP_PASSWORD and BENCH_KEY must be set (run.sh does it: npm run bench)'
	);
}
const SERVER_INFO = JSON.parse(process.env.BENCH_SERVER_INFO || '{}');
// The AI Assistant blocks of the bench post (setup-site.php); without them 4a/4b are unavailable.
const VISITOR = {
	post: Number(process.env.BENCH_POST ?? ''),
	askBlock: process.env.BENCH_ASK_BLOCK ?? '',
	summaryBlock: process.env.BENCH_SUMMARY_BLOCK ?? '',
};
const HAS_VISITOR_POST =
	Number.isInteger(VISITOR.post) &&
	VISITOR.post > 0 &&
	/^[a-z0-9]{8,32}$/.test(VISITOR.askBlock) &&
	/^[a-z0-9]{8,32}$/.test(VISITOR.summaryBlock);
// Front-end pages (setup-site.php): the bench post with the blocks, and a post without the block.
const PAGES = {
	block: process.env.BENCH_POST_URL ?? '',
	plain: process.env.BENCH_PLAIN_URL ?? '',
};
const WP = new URL(opt.wp);
const UPSTREAM = opt.upstream.replace(/\/+$/, '');
const WP_AUTH =
	'Basic ' + Buffer.from(`${USER}:${APP_PASSWORD}`).toString('base64');

function fail(message) {
	process.stderr.write(`[bench] ERROR: ${message}\n`);
	process.exit(1);
}

class RequestFailed extends Error {}

// One keep-alive socket per origin: sequential requests reuse it.
const agents = new Map();
function agentFor(url) {
	if (!agents.has(url.host)) {
		agents.set(
			url.host,
			new http.Agent({ keepAlive: true, maxSockets: 1 })
		);
	}
	return agents.get(url.host);
}

const ms = (from, to) => Number(to - from) / 1e6;

// What every request of a phase carries besides its own headers (the profile phase's
// X-Bench-Trace), and the agent of the throughput phase (8 sockets instead of one).
const requestContext = { headers: {}, agent: null };

/**
 * Sends one request. onData(text, now) sees each body chunk as it arrives (for streams).
 * Resolves with status, headers, body and timings in ms from the moment before the request
 * was written: `end` when the whole body was read.
 * @param {URL}      url               Target.
 * @param {Object}   options           Request options.
 * @param {string}   [options.method]  HTTP method.
 * @param {Object}   [options.headers] Headers.
 * @param {*}        [options.body]    JSON body.
 * @param {Function} [options.onData]  Called with (chunk, ms) for each body chunk.
 */
function send(url, options = {}) {
	return sendOnce(url, options).catch((error) => {
		// A kept-alive socket the server closed just as it was reused (the fake upstream closes
		// idle ones after 5 s): the request never reached it, so it is sent again, once.
		if (error?.code === 'ECONNRESET' && error.reusedSocket) {
			return sendOnce(url, options);
		}
		throw error;
	});
}

function sendOnce(url, { method = 'GET', headers = {}, body, onData } = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const allHeaders = { ...requestContext.headers, ...headers };
		if (payload !== undefined) {
			allHeaders['content-type'] = 'application/json';
			allHeaders['content-length'] = Buffer.byteLength(payload);
		}
		const start = process.hrtime.bigint();
		const req = http.request(
			url,
			{
				method,
				headers: allHeaders,
				agent: requestContext.agent ?? agentFor(url),
			},
			(res) => {
				res.setEncoding('utf8');
				let text = '';
				res.on('data', (chunk) => {
					const now = process.hrtime.bigint();
					text += chunk;
					if (onData) {
						onData(chunk, ms(start, now));
					}
				});
				res.on('end', () =>
					resolve({
						status: res.statusCode,
						headers: res.headers,
						body: text,
						end: ms(start, process.hrtime.bigint()),
					})
				);
				res.on('error', reject);
			}
		);
		req.setTimeout(TIMEOUT_MS, () =>
			req.destroy(
				new RequestFailed(`no answer within ${TIMEOUT_MS / 1000} s`)
			)
		);
		req.on('error', (error) => {
			error.reusedSocket = req.reusedSocket;
			reject(error);
		});
		req.end(payload);
	});
}

/**
 * Incremental SSE parser: calls onEvent({event, data}, now) for each complete event.
 * @param {Function} onEvent Receives ({event, data}, ms).
 */
function sseParser(onEvent) {
	let buffer = '';
	return (chunk, now) => {
		buffer += chunk;
		let match;
		while ((match = /\r?\n\r?\n/.exec(buffer))) {
			const block = buffer.slice(0, match.index);
			buffer = buffer.slice(match.index + match[0].length);
			let event = 'message';
			const data = [];
			for (const line of block.split(/\r?\n/)) {
				if (line.startsWith('event:')) {
					event = line.slice(6).trim();
				} else if (line.startsWith('data:')) {
					data.push(line.slice(5).replace(/^ /, ''));
				}
			}
			if (data.length || event !== 'message') {
				onEvent({ event, data: data.join('\n') }, now);
			}
		}
	};
}

const snippet = (text) => JSON.stringify(String(text).slice(0, 300));

function parseJson(label, res) {
	try {
		return JSON.parse(res.body);
	} catch {
		throw new RequestFailed(
			`${label}: HTTP ${res.status}, body is not JSON: ${snippet(res.body)}`
		);
	}
}

function expectStatus(label, res, status = 200) {
	if (res.status !== status) {
		throw new RequestFailed(
			`${label}: HTTP ${res.status} (expected ${status}): ${snippet(res.body)}`
		);
	}
}

const wpUrl = (route) =>
	new URL(`${WP.pathname.replace(/\/$/, '')}/wp-json${route}`, WP);
const chatBody = (stream) => ({
	messages: [{ role: 'user', content: PROMPT }],
	provider: 'openai',
	stream,
});
let upstreamModel = opt.model ?? 'gpt-4o-mini';
const upstreamBody = (stream) => ({
	model: upstreamModel,
	messages: [{ role: 'user', content: PROMPT }],
	stream,
	...(stream ? { stream_options: { include_usage: true } } : {}),
	max_completion_tokens: MAX_COMPLETION_TOKENS,
});
const upstreamHeaders = { authorization: `Bearer ${KEY}` };

/**
 * Sends a request answered with the plugin's Server-Sent Events (`start`, `delta` {text}…, then
 * `done` or `error`) and checks the sequence: status 200, content type, `start` first, `done`
 * last, some text, no `error`.
 * Resolves with the timings in ms (first and last text event, end of the stream), the text, the
 * number of `delta` events and the `done` event's data.
 * @param {string} label   Case label, for errors.
 * @param {URL}    url     Route.
 * @param {Object} headers Headers besides `accept` (none for a visitor).
 * @param {Object} body    JSON body.
 */
async function readEventStream(label, url, headers, body) {
	const events = [];
	let first = null;
	let last = null;
	let text = '';
	let done = null;
	const res = await send(url, {
		method: 'POST',
		headers: { ...headers, accept: 'text/event-stream' },
		body,
		onData: sseParser((ev, now) => {
			events.push(ev.event);
			if (ev.event === 'delta') {
				let delta;
				try {
					delta = JSON.parse(ev.data);
				} catch {
					delta = null;
				}
				if (typeof delta?.text === 'string' && delta.text !== '') {
					first ??= now;
					last = now;
					text += delta.text;
				}
			}
			if (ev.event === 'done') {
				try {
					done = JSON.parse(ev.data);
				} catch {
					done = { unreadable: ev.data };
				}
			}
			if (ev.event === 'error') {
				last = { error: ev.data };
			}
		}),
	});
	expectStatus(label, res);
	const type = String(res.headers['content-type'] ?? '');
	if (!type.startsWith('text/event-stream')) {
		throw new RequestFailed(
			`${label}: content-type ${type || '(none)'}: ${snippet(res.body)}`
		);
	}
	if (last && typeof last === 'object') {
		throw new RequestFailed(
			`${label}: event: error ${snippet(last.error)}`
		);
	}
	if (events[0] !== 'start' || events.at(-1) !== 'done' || first === null) {
		throw new RequestFailed(
			`${label}: expected start, delta…, done; got ${events.join(', ') || 'no events'}: ${snippet(res.body)}`
		);
	}
	return {
		firstToken: first,
		lastToken: last,
		total: res.end,
		text,
		deltas: events.filter((e) => e === 'delta').length,
		done,
	};
}

// The plugin's frames of a SAVEQUERIES caller, else its last two.
const callerOf = (caller) => {
	const frames = caller.split(', ');
	const own = frames.filter((f) => f.includes('ByokAi'));
	return (own.length ? own.slice(-3) : frames.slice(-2)).join(' › ');
};

const visitorBody = (stream) => ({
	post: VISITOR.post,
	block: VISITOR.askBlock,
	question: VISITOR_QUESTION,
	stream,
});

/**
 * Loads a front-end page as a logged-out visitor and checks it is a whole HTML page.
 * @param {string} label   Case label, for errors.
 * @param {string} url     Page URL.
 * @param {Object} headers Extra headers.
 */
async function readPage(label, url, headers) {
	const res = await send(new URL(url), { headers });
	expectStatus(label, res);
	if (!res.body.includes('</html>')) {
		throw new RequestFailed(`${label}: not a whole HTML page`);
	}
	return { total: res.end };
}

/**
 * Whether a JSON value is a non-empty string (an answer's text).
 * @param {*} value Value.
 */
const isText = (value) => typeof value === 'string' && value !== '';

/**
 * Sends a request answered with JSON: checks the status, parses the body and checks the answer.
 * @param {string}   label    Case label, for errors.
 * @param {URL}      url      Request URL.
 * @param {Object}   options  send()'s options.
 * @param {Function} accept   (json) => whether the answer is the expected one.
 * @param {string}   expected What the error says before the body, e.g. 'no "text" in'.
 * @return {Promise<{res: Object, json: *}>} The response and its parsed body.
 */
async function sendJson(label, url, options, accept, expected) {
	const res = await send(url, options);
	expectStatus(label, res);
	const json = parseJson(label, res);
	if (!accept(json)) {
		throw new RequestFailed(`${label}: ${expected} ${snippet(res.body)}`);
	}
	return { res, json };
}

/**
 * Asks the mu-plugin's bare route (no plugin code behind it) and checks its answer.
 * @param {string} label   Case label.
 * @param {Object} headers Extra headers.
 */
async function readNoop(label, headers) {
	const { res } = await sendJson(
		label,
		wpUrl('/byok-ai-bench/v1/noop'),
		{ headers: { authorization: WP_AUTH, ...headers } },
		(json) => json?.ok === true,
		'unexpected body'
	);
	return { total: res.end };
}

/**
 * Asks the chat route, non-streamed, and checks the answer.
 * @param {string} label   Case label.
 * @param {Object} headers Extra headers.
 */
async function askChat(label, headers) {
	const { res, json } = await sendJson(
		label,
		wpUrl('/byok-ai/v1/chat'),
		{
			method: 'POST',
			headers: { authorization: WP_AUTH, ...headers },
			body: chatBody(false),
		},
		(answer) => isText(answer?.text),
		'no "text" in'
	);
	return { total: res.end, text: json.text, model: json.model };
}

// ---- the cases -------------------------------------------------------------------------------
// Each run() sends one request, checks the answer and returns its timings in ms.

/**
 * A case that is one call of a helper above: run() is read(label, ...args).
 * @param {string}   label Case label.
 * @param {Function} read  readNoop, readPage or askChat.
 * @param {...*}     args  The helper's arguments after the label.
 */
const caseOf = (label, read, ...args) => ({
	label,
	run: () => read(label, ...args),
});

const cases = {
	bare: caseOf('bare REST route `GET /byok-ai-bench/v1/noop`', readNoop, {}),
	bareOff: caseOf(
		'the same bare route, BYOK AI not loaded (`X-Bench-Plugin: off`)',
		readNoop,
		{ 'x-bench-plugin': 'off' }
	),
	page: caseOf(
		'front-end page without the block (logged out)',
		readPage,
		PAGES.plain,
		{}
	),
	pageOff: caseOf(
		'the same page, BYOK AI not loaded (`X-Bench-Plugin: off`)',
		readPage,
		PAGES.plain,
		{ 'x-bench-plugin': 'off' }
	),
	visitor: {
		label: 'visitor answer via the public `POST /byok-ai/v1/assistant`, logged out (ask block, stream: false)',
		async run() {
			const { res, json } = await sendJson(
				this.label,
				wpUrl('/byok-ai/v1/assistant'),
				{ method: 'POST', body: visitorBody(false) },
				(answer) => isText(answer?.text) && answer.cached === false,
				'expected {text, cached: false}, got'
			);
			return { total: res.end, text: json.text };
		},
	},
	chat: caseOf(
		'chat via WordPress `POST /byok-ai/v1/chat` (stream: false)',
		askChat,
		{}
	),
	chatBudget: caseOf(
		'the same chat with a money budget configured (`X-Bench-Budget: on`: reserve and settle run)',
		askChat,
		{ 'x-bench-budget': 'on' }
	),
	upstream: {
		label: 'same request straight to the fake upstream',
		async run() {
			const { res, json } = await sendJson(
				this.label,
				new URL(`${UPSTREAM}/chat/completions`),
				{
					method: 'POST',
					headers: upstreamHeaders,
					body: upstreamBody(false),
				},
				(answer) => isText(answer?.choices?.[0]?.message?.content),
				'no choices[0].message.content in'
			);
			return { total: res.end, text: json.choices[0].message.content };
		},
	},
	chatStream: {
		label: 'first `event: delta` via WordPress (stream: true)',
		async run() {
			const { done, ...timings } = await readEventStream(
				this.label,
				wpUrl('/byok-ai/v1/chat'),
				{ authorization: WP_AUTH },
				chatBody(true)
			);
			return timings;
		},
	},
	upstreamStream: {
		label: 'first text chunk straight from the fake upstream',
		async run() {
			let first = null;
			let last = null;
			let done = false;
			let text = '';
			let chunks = 0;
			const res = await send(new URL(`${UPSTREAM}/chat/completions`), {
				method: 'POST',
				headers: { ...upstreamHeaders, accept: 'text/event-stream' },
				body: upstreamBody(true),
				onData: sseParser((ev, now) => {
					if (ev.data === '[DONE]') {
						done = true;
						return;
					}
					let json;
					try {
						json = JSON.parse(ev.data);
					} catch {
						return;
					}
					const content = json?.choices?.[0]?.delta?.content;
					if (typeof content === 'string' && content !== '') {
						first ??= now;
						last = now;
						text += content;
						chunks++;
					}
				}),
			});
			expectStatus(this.label, res);
			if (!done || first === null) {
				throw new RequestFailed(
					`${this.label}: no content chunk or no [DONE]: ${snippet(res.body)}`
				);
			}
			return {
				firstToken: first,
				lastToken: last,
				total: res.end,
				text,
				deltas: chunks,
			};
		},
	},
	visitorStream: {
		label: 'first `event: delta` via the public `POST /byok-ai/v1/assistant`, logged out (ask block, stream: true)',
		async run() {
			// A visitor: no authorization header, no cookie, no nonce.
			const { done, ...timings } = await readEventStream(
				this.label,
				wpUrl('/byok-ai/v1/assistant'),
				{},
				visitorBody(true)
			);
			if (
				done?.cached !== false ||
				typeof done?.finish_reason !== 'string' ||
				typeof done?.history !== 'string' ||
				done.history === ''
			) {
				throw new RequestFailed(
					`${this.label}: expected done {finish_reason, history, cached: false}, got ${snippet(JSON.stringify(done))}`
				);
			}
			return timings;
		},
	},
	summaryCached: {
		label: 'stored summary via the public `POST /byok-ai/v1/assistant`, logged out (summarize block, JSON, no upstream call)',
		/**
		 * @param {Object}  [options]       Options.
		 * @param {boolean} [options.first] The first request of the run, which may write the
		 *                                  summary (cached: false); every other must find it stored.
		 */
		async run({ first = false } = {}) {
			const { res, json } = await sendJson(
				this.label,
				wpUrl('/byok-ai/v1/assistant'),
				{
					method: 'POST',
					body: { post: VISITOR.post, block: VISITOR.summaryBlock },
				},
				(answer) => isText(answer?.text),
				'no "text" in'
			);
			if (json.cached !== true && !(first && json.cached === false)) {
				throw new RequestFailed(
					`${this.label}: expected the stored summary (cached: true), got ${snippet(res.body)}`
				);
			}
			return { total: res.end, text: json.text, cached: json.cached };
		},
	},
};

/**
 * The mu-plugin's SSE probe (six events 10 ms apart): ms between the first and the last text event
 * as the client sees them (median of 3). About 50 ms: passed through; about 0: buffered by nginx.
 * @param {boolean} accel Whether the probe sends X-Accel-Buffering: no.
 */
async function probeSse(accel) {
	const spreads = [];
	for (let i = 0; i < 3; i++) {
		const times = [];
		const url = wpUrl('/byok-ai-bench/v1/sse');
		url.searchParams.set('accel', accel ? '1' : '0');
		const res = await send(url, {
			headers: { authorization: WP_AUTH },
			onData: sseParser(
				(ev, now) => ev.event === 'delta' && times.push(now)
			),
		});
		expectStatus(`GET /byok-ai-bench/v1/sse?accel=${accel ? 1 : 0}`, res);
		if (times.length !== 6) {
			throw new RequestFailed(
				`SSE probe: expected 6 delta events, got ${times.length}: ${snippet(res.body)}`
			);
		}
		spreads.push(times.at(-1) - times[0]);
	}
	return percentile(spreads, 50);
}

// ---- availability ------------------------------------------------------------------------------

async function preflight() {
	const unavailable = {};
	let env;
	{
		const res = await send(wpUrl('/byok-ai-bench/v1/env'), {
			headers: { authorization: WP_AUTH },
		});
		if (res.status === 401 || res.status === 403) {
			throw new RequestFailed(
				`WordPress refused the Application Password (HTTP ${res.status}): ${snippet(res.body)}`
			);
		}
		expectStatus('GET /byok-ai-bench/v1/env', res);
		env = parseJson('GET /byok-ai-bench/v1/env', res);
		if (
			!env.active_plugins?.includes('byok-ai/byok-ai.php') ||
			!env.byok_ai_version
		) {
			throw new RequestFailed(
				`BYOK AI is not active on the bench site: ${snippet(res.body)}`
			);
		}
	}
	await cases.bare.run();
	// The idle rows' switch: the bench mu-plugin keeps BYOK AI out of a request that asks.
	{
		const res = await send(wpUrl('/byok-ai-bench/v1/env'), {
			headers: { authorization: WP_AUTH, 'x-bench-plugin': 'off' },
		});
		expectStatus('GET /byok-ai-bench/v1/env (plugin off)', res);
		if (parseJson('env', res).byok_ai_version !== null) {
			throw new RequestFailed(
				'X-Bench-Plugin: off did not keep BYOK AI out (is the bench mu-plugin current?)'
			);
		}
	}
	await cases.bareOff.run();
	if (PAGES.plain) {
		await cases.page.run();
		await cases.pageOff.run();
	} else {
		unavailable.page = unavailable.pageOff =
			'no page without the block (BENCH_PLAIN_URL: run.sh sets it)';
	}

	const index = await send(wpUrl('/byok-ai/v1'), {
		headers: { authorization: WP_AUTH },
	});
	expectStatus('GET /byok-ai/v1 (route index)', index);
	const routes = Object.keys(
		parseJson('GET /byok-ai/v1', index).routes ?? {}
	);
	const hasChat = routes.includes('/byok-ai/v1/chat');

	const probe = await send(new URL(`${UPSTREAM}/chat/completions`), {
		method: 'POST',
		headers: upstreamHeaders,
		body: upstreamBody(false),
	});
	const upstreamHasChat = probe.status !== 404;
	if (upstreamHasChat) {
		await cases.upstream.run();
		await cases.upstreamStream.run();
	} else {
		unavailable.upstream = `the fake upstream has no chat endpoint yet (POST ${UPSTREAM}/chat/completions → 404)`;
		unavailable.upstreamStream = unavailable.upstream;
	}

	if (!hasChat) {
		unavailable.chat =
			'the plugin has no `POST /byok-ai/v1/chat` route yet';
		unavailable.chatStream = unavailable.chat;
	} else if (!upstreamHasChat) {
		unavailable.chat = unavailable.chatStream =
			'needs the fake upstream chat endpoint';
	} else {
		const chat = await cases.chat.run();
		env.chatSample = chat;
		if (!opt.model && typeof chat.model === 'string' && chat.model) {
			upstreamModel = chat.model;
		}
		await cases.chatStream.run();
	}
	// Issue 15: the budget check's cost, once the chat path reserves and settles spend.
	if (unavailable.chat) {
		unavailable.chatBudget = unavailable.chat;
	} else if (!env.budgets_in_chat) {
		unavailable.chatBudget =
			'spend budgets are not wired into the chat path of this plugin copy yet (no ByokAi\\Ai\\CallBudget)';
	} else {
		await cases.chatBudget.run();
	}

	// The public route of the AI Assistant block, asked as a logged-out visitor.
	if (!routes.includes('/byok-ai/v1/assistant')) {
		unavailable.visitorStream =
			'the plugin has no `POST /byok-ai/v1/assistant` route yet';
		unavailable.summaryCached = unavailable.visitor =
			unavailable.visitorStream;
	} else if (!HAS_VISITOR_POST) {
		unavailable.visitorStream =
			unavailable.summaryCached =
			unavailable.visitor =
				'no bench post with AI Assistant blocks (BENCH_POST, BENCH_ASK_BLOCK, BENCH_SUMMARY_BLOCK: run.sh sets them)';
	} else if (!upstreamHasChat) {
		unavailable.visitorStream =
			unavailable.summaryCached =
			unavailable.visitor =
				'needs the fake upstream chat endpoint';
	} else {
		await cases.visitorStream.run();
		await cases.visitor.run();
		// The first summary request calls the upstream and stores the summary (setup-site.php
		// cleared it); the measured ones must all find it stored.
		env.summarySample = await cases.summaryCached.run({ first: true });
		await cases.summaryCached.run();
	}
	return { env, unavailable, routes };
}

// ---- order ------------------------------------------------------------------------------------

/**
 * A seeded pseudo-random generator (Park–Miller's minimal standard: exact in doubles): numbers in
 * [0, 1), the same sequence for the same seed, so an interleaved order can be repeated.
 * @param {number} seed Non-negative integer.
 * @return {() => number} Generator.
 */
function seeded(seed) {
	const modulus = 2147483647;
	let state = (seed % (modulus - 1)) + 1;
	return () => {
		state = (state * 48271) % modulus;
		return (state - 1) / (modulus - 1);
	};
}

/**
 * A shuffled copy (Fisher–Yates).
 * @param {string[]}     items  Items.
 * @param {() => number} random Numbers in [0, 1).
 * @return {string[]} The items in a random order.
 */
function shuffle(items, random) {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

const random = seeded(Number(opt.seed));

// ---- statistics --------------------------------------------------------------------------------

/**
 * Nearest-rank percentile.
 * @param {number[]} values Samples.
 * @param {number}   p      Percentile, 0–100.
 */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
const fmt = (v, digits = 1) =>
	v === undefined || v === null || Number.isNaN(v) ? '—' : v.toFixed(digits);

// ---- main --------------------------------------------------------------------------------------

async function main() {
	const loadBefore = os.loadavg();
	const { env, unavailable } = await preflight();
	const active = Object.keys(cases).filter((name) => !unavailable[name]);
	const samples = Object.fromEntries(active.map((name) => [name, []]));

	const schedule = (count) => {
		const order = [];
		if (opt.order === 'blocked') {
			for (const name of active) {
				for (let i = 0; i < count; i++) {
					order.push(name);
				}
			}
		} else {
			for (let i = 0; i < count; i++) {
				const round =
					opt.order === 'rotated'
						? active.map((_, j) => active[(i + j) % active.length])
						: shuffle(active, random);
				order.push(...round);
			}
		}
		return order;
	};

	process.stderr.write(
		`[bench] cases: ${active.join(', ')}; ${WARMUP} warm-up + ${N} measured requests each (${opt.order})\n`
	);
	for (const name of schedule(WARMUP)) {
		await cases[name].run();
	}
	const total = N * active.length;
	const measureStart = process.hrtime.bigint();
	let done = 0;
	for (const name of schedule(N)) {
		samples[name].push(await cases[name].run());
		if (
			++done % Math.max(1, Math.floor(total / 10)) === 0 &&
			process.stderr.isTTY
		) {
			process.stderr.write(`\r[bench] ${done}/${total}`);
		}
	}
	if (process.stderr.isTTY) {
		process.stderr.write('\n');
	}
	const seconds = ms(measureStart, process.hrtime.bigint()) / 1000;
	const loadAfter = os.loadavg();
	const probe = {
		withHeader: await probeSse(true),
		withoutHeader: await probeSse(false),
	};

	// Issue 13: throughput at 8 concurrent, SQL per case, the block's JS + CSS.
	const has = (name) => active.includes(name);
	const tpRounds = Number(opt['tp-rounds']);
	let rates = null;
	if (tpRounds > 0 && has('bare')) {
		process.stderr.write(
			`[bench] throughput: ${opt.concurrency} concurrent, ${tpRounds} rounds of ${opt['tp-requests']} requests per case\n`
		);
		rates = await throughput({
			cases,
			names: ['bare', 'chat', 'visitor'].filter(has),
			context: requestContext,
			concurrency: Number(opt.concurrency),
			perRound: Number(opt['tp-requests']),
			rounds: tpRounds,
			runDir: process.env.BENCH_RUN_DIR,
		});
	}
	const sql = process.env.BENCH_TRACE_FILE
		? await profile({
				cases,
				names: [
					'bare',
					'bareOff',
					'page',
					'pageOff',
					'chat',
					'chatBudget',
					'chatStream',
					'visitor',
					'visitorStream',
					'summaryCached',
				].filter(has),
				context: requestContext,
				file: process.env.BENCH_TRACE_FILE,
			})
		: null;
	const pageAssets = {
		block: PAGES.block ? await assets(send, PAGES.block) : null,
		plain: PAGES.plain ? await assets(send, PAGES.plain) : null,
	};

	const stat = (name, field) =>
		samples[name]
			? {
					n: samples[name].length,
					p50: percentile(
						samples[name].map((s) => s[field]),
						50
					),
					p95: percentile(
						samples[name].map((s) => s[field]),
						95
					),
				}
			: null;
	const bare = stat('bare', 'total');
	const chat = stat('chat', 'total');
	const upstream = stat('upstream', 'total');
	const chatFirst = stat('chatStream', 'firstToken');
	const upstreamFirst = stat('upstreamStream', 'firstToken');
	const visitorFirst = stat('visitorStream', 'firstToken');
	const summary = stat('summaryCached', 'total');
	// A formula over the stats' p50s and over their p95s; null when a stat is missing.
	const perPercentile = (stats, formula) =>
		stats.every(Boolean)
			? {
					p50: formula(...stats.map((s) => s.p50)),
					p95: formula(...stats.map((s) => s.p95)),
				}
			: null;
	const ratio = perPercentile(
		[chat, upstream, bare],
		(viaWp, straight, bareRoute) => (viaWp - straight) / bareRoute
	);
	const firstTokenDelay = perPercentile(
		[chatFirst, upstreamFirst],
		(viaWp, straight) => viaWp - straight
	);
	// What a logged-out visitor's first token costs on the public block route beyond the
	// authenticated chat route's (block lookup, prompt, visitor limits vs. Application Password).
	const publicFirstDelta = perPercentile(
		[visitorFirst, chatFirst],
		(visitor, authenticated) => visitor - authenticated
	);

	// Buffering check: how long the deltas take from first to last, through WordPress vs. straight.
	const spread = (name) =>
		samples[name]
			? percentile(
					samples[name].map((s) => s.lastToken - s.firstToken),
					50
				)
			: null;
	const upSpread = spread('upstreamStream');
	const buffered = (name) => {
		const wpSpread = spread(name);
		return wpSpread !== null &&
			upSpread !== null &&
			upSpread >= 5 &&
			wpSpread < upSpread / 2
			? wpSpread
			: null;
	};
	// Both WordPress streams carry as many text events as the upstream's (same number of words).
	const bufferedStreams = [
		['2c', 'chatStream'],
		['4a', 'visitorStream'],
	]
		.map(([id, name]) => ({ id, spread: buffered(name) }))
		.filter((b) => b.spread !== null);
	const bufferingSuspected = bufferedStreams.length > 0;

	// Text equality (the fake answers the same to the same prompt).
	const firstText = (name) => samples[name]?.[0]?.text;
	const notes = [
		['chat text', 'chat', 'upstream'],
		['streamed text', 'chatStream', 'upstreamStream'],
	]
		.filter(
			([, viaWp, straight]) =>
				samples[viaWp] &&
				samples[straight] &&
				firstText(viaWp) !== firstText(straight)
		)
		.map(
			([what, viaWp, straight]) =>
				`${what} via WordPress ${snippet(firstText(viaWp))} differs from the upstream's ${snippet(firstText(straight))}`
		);

	// ---- print -------------------------------------------------------------------------------
	const out = [];
	const row = (...cells) => out.push(`| ${cells.join(' | ')} |`);
	const verdict = (value, goal) => (value <= goal ? 'met' : '**missed**');
	const unavailableRow = (id, name) =>
		row(
			id,
			cases[name].label,
			'—',
			'—',
			'—',
			'',
			`unavailable: ${unavailable[name]}`
		);

	out.push('## BYOK AI proxy overhead (native PHP)', '');
	out.push('| environment | |', '|---|---|');
	const opcache = env.opcache
		? `on (validate_timestamps ${env.opcache_validate ? `on, every ${env.opcache_revalidate_s} s` : 'off'}), JIT ${env.jit ? 'on' : 'off'}`
		: 'off';
	out.push(
		`| PHP | ${env.php} (${env.sapi}), opcache ${opcache}, output_buffering ${env.output_buffering || 'off'} |`
	);
	out.push(`| server | ${SERVER_INFO.server ?? env.server_software} |`);
	out.push(`| workers | ${SERVER_INFO.workers ?? '?'} |`);
	const passed = (gap) =>
		gap >= 25
			? `streamed (first→last ${fmt(gap)} ms)`
			: `**buffered** (first→last ${fmt(gap)} ms)`;
	out.push(
		`| nginx FastCGI buffering | ${SERVER_INFO.buffering ?? '?'}; SSE probe (6 events 10 ms apart): with \`X-Accel-Buffering: no\` ${passed(probe.withHeader)}, without it ${passed(probe.withoutHeader)} |`
	);
	out.push(
		`| WordPress | ${env.wordpress}, WP_ENVIRONMENT_TYPE ${env.environment_type}, WP_DEBUG ${env.wp_debug ? 'on' : 'off'}, persistent object cache ${env.persistent_obj_cache ? 'yes' : 'no'}, theme ${env.theme}, plugins: ${env.active_plugins.join(', ')} + bench mu-plugin |`
	);
	out.push(
		`| BYOK AI | ${env.byok_ai_version}${SERVER_INFO.plugin ? ` (${SERVER_INFO.plugin})` : ''} |`
	);
	out.push(
		`| fake upstream | ${UPSTREAM}, FAKE_PROVIDER_CHUNK_MS=${SERVER_INFO.chunkMs ?? '?'}, model ${upstreamModel} |`
	);
	out.push(
		`| client | Node ${process.versions.node}, node:http keep-alive (one socket per origin), sequential, ${opt.order}${opt.order === 'interleaved' ? ` (shuffled each round, seed ${opt.seed})` : ''}; auth: Application Password (HTTP Basic), none for 4a and 4b (logged-out visitor: no authorization, cookie or nonce) |`
	);
	out.push(
		`| requests | ${WARMUP} warm-up + ${N} measured per case; ${total} measured in ${seconds.toFixed(1)} s; every answer checked, none failed |`
	);
	out.push(
		`| machine | ${os.cpus().length} CPUs (${os.cpus()[0]?.model?.trim() ?? '?'}), load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after |`
	);
	out.push('');
	row('#', 'measure', 'requests', 'p50', 'p95', 'goal', 'result');
	row('---', '---', '---:', '---:', '---:', '---', '---');
	const caseRow = (id, name, s) => {
		if (s) {
			row(
				id,
				cases[name].label,
				String(s.n),
				`${fmt(s.p50)} ms`,
				`${fmt(s.p95)} ms`,
				'',
				''
			);
		} else {
			unavailableRow(id, name);
		}
	};
	for (const [id, name, s] of [
		['1', 'bare', bare],
		['2a', 'chat', chat],
		['2b', 'upstream', upstream],
		['2c', 'chatStream', chatFirst],
		['2d', 'upstreamStream', upstreamFirst],
	]) {
		caseRow(id, name, s);
	}
	// A combined figure against its goal, or unavailable without the cases it needs.
	const goalRow = (id, name, figure, show, goal, goalText, needs) =>
		row(
			id,
			name,
			'',
			figure ? show(figure.p50) : '—',
			figure ? show(figure.p95) : '—',
			goalText,
			figure
				? `p50 ${verdict(figure.p50, goal)}, p95 ${verdict(figure.p95, goal)}`
				: `unavailable (needs ${needs})`
		);
	goalRow(
		'3a',
		'overhead ratio = (2a − 2b) ÷ 1',
		ratio,
		(value) => fmt(value, 3),
		GOAL_RATIO,
		`≤ ${GOAL_RATIO.toFixed(2)}`,
		'2a and 2b'
	);
	goalRow(
		'3b',
		'first-token delay = 2c − 2d',
		firstTokenDelay,
		(value) => `${fmt(value)} ms`,
		GOAL_FIRST_TOKEN_MS,
		`≤ ${GOAL_FIRST_TOKEN_MS} ms`,
		'2c and 2d'
	);
	caseRow('4a', 'visitorStream', visitorFirst);
	caseRow('4b', 'summaryCached', summary);
	row(
		'4c',
		'public vs. authenticated first delta = 4a − 2c',
		'',
		publicFirstDelta ? `${fmt(publicFirstDelta.p50)} ms` : '—',
		publicFirstDelta ? `${fmt(publicFirstDelta.p95)} ms` : '—',
		'',
		publicFirstDelta ? '' : 'unavailable (needs 2c and 4a)'
	);
	out.push('');
	out.push(
		'p50/p95: nearest-rank percentiles of each case; 3a, 3b and 4c combine those percentiles (not per-pair differences). Goals are informational.'
	);
	if (!env.opcache) {
		out.push(
			'',
			'**Warning:** opcache is off in php-fpm: these are not production numbers.'
		);
	}
	if (samples.chatStream || samples.upstreamStream || samples.visitorStream) {
		const detail = (name, label) => {
			const s = samples[name];
			if (!s) {
				return;
			}
			const col = (f) =>
				fmt(
					percentile(
						s.map((x) => x[f]),
						50
					)
				);
			row(
				label,
				col('firstToken'),
				col('lastToken'),
				col('total'),
				fmt(
					percentile(
						s.map((x) => x.lastToken - x.firstToken),
						50
					)
				),
				String(s[0].deltas)
			);
		};
		out.push('', 'streams, p50 in ms:', '');
		row(
			'stream',
			'first text',
			'last text',
			'stream end',
			'first→last',
			'text events'
		);
		row('---', '---:', '---:', '---:', '---:', '---:');
		detail('chatStream', 'through WordPress (2c)');
		detail('visitorStream', 'public block route, logged out (4a)');
		detail('upstreamStream', 'straight from the fake upstream (2d)');
		for (const b of bufferedStreams) {
			out.push(
				'',
				`**Warning:** through WordPress (${b.id}) the text events arrive within ${fmt(b.spread)} ms of each other, straight from the upstream they are spread over ${fmt(upSpread)} ms: something buffers the stream (nginx FastCGI buffering, PHP output_buffering, or the plugin). ${b.id} then measures the buffer, not the first token.`
			);
		}
	}
	for (const note of notes) {
		out.push('', `Note: ${note}`);
	}

	const stats = Object.fromEntries(
		active.map((name) => [
			name,
			stat(
				name,
				samples[name][0]?.firstToken === undefined
					? 'total'
					: 'firstToken'
			),
		])
	);
	const goals = goalsTable({
		stats,
		throughput: rates,
		concurrency: Number(opt.concurrency),
		tpRounds,
		profile: sql,
		assets: pageAssets,
		unavailable,
	});
	out.push(...goals.lines);
	if (sql?.bare && sql?.bareOff) {
		// What the plugin adds to the idle REST route, query by query.
		const left = sql.bareOff.log.map((q) => q.sql);
		const extra = sql.bare.log.filter((q) => {
			const i = left.indexOf(q.sql);
			if (i >= 0) {
				left.splice(i, 1);
				return false;
			}
			return true;
		});
		if (extra.length) {
			out.push(
				'',
				'SQL the plugin adds to the idle bare route (caller):',
				''
			);
			for (const q of extra) {
				out.push(
					`- \`${q.sql.slice(0, 120)}\` (${callerOf(q.caller)})`
				);
			}
		}
	}
	process.stdout.write(out.join('\n') + '\n');
	if (goals.failed) {
		process.stderr.write(
			'[bench] FAIL: the plugin adds SQL queries to a request that does not use it (idle rows)\n'
		);
		process.exitCode = 3;
	}

	if (opt.json) {
		writeFileSync(
			opt.json,
			JSON.stringify(
				{
					env,
					server: SERVER_INFO,
					requests: N,
					warmup: WARMUP,
					order: opt.order,
					seed: opt.order === 'interleaved' ? Number(opt.seed) : null,
					unavailable,
					stats: {
						bare,
						chat,
						upstream,
						chatFirstToken: chatFirst,
						upstreamFirstToken: upstreamFirst,
						ratio,
						firstTokenDelay,
						visitorFirstToken: visitorFirst,
						summaryCached: summary,
						publicFirstDelta,
					},
					goals: {
						ratio: GOAL_RATIO,
						firstTokenMs: GOAL_FIRST_TOKEN_MS,
					},
					bufferingSuspected,
					sseProbe: probe,
					throughput: rates,
					sql,
					assets: pageAssets,
					samples,
				},
				null,
				1
			)
		);
		process.stderr.write(`[bench] results and samples: ${opt.json}\n`);
	}
}

main()
	.then(() => {
		for (const agent of agents.values()) {
			agent.destroy();
		}
	})
	.catch((error) => {
		fail(
			error instanceof RequestFailed
				? error.message
				: (error?.stack ?? String(error))
		);
	});
