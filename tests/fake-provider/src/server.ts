/**
 * The fake provider's HTTP server. Listens on loopback only.
 */
import {
	createServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import {
	complete,
	type ChatDialect,
	type ChatRequest,
	type Completion,
	type Frame,
	type Reply,
} from './chat';
import {
	fixtureFits,
	fixtureInText,
	fixtureNames,
	loadFixture,
	replay,
} from './fixtures';
import { routes } from './providers';
import { scenarioFor, scenarioInText, type Scenario } from './scenario';

export interface RecordedCall {
	provider: string;
	method: string;
	path: string;
	/** The URL's query parameters; a `key` parameter's value is never kept. */
	query: Record<string, string>;
	/** Names only, never values. */
	headerNames: string[];
	keyInUrl: boolean;
	/** The request body parsed as JSON; null when empty or not JSON. */
	body: unknown;
	/** Whether a streamed answer was asked for. */
	stream: boolean;
	scenario: Scenario;
	/** The recorded transcript replayed instead of the fake's own answer, or null. */
	fixture: string | null;
	/** False while the answer is being written, and for good if the client left before its end. */
	completed: boolean;
	/** True once the client closed the connection before the answer's end. */
	disconnected: boolean;
}

export interface FakeProvider {
	server: Server;
	port: number;
	calls: RecordedCall[];
	close: () => Promise<void>;
}

export interface FakeProviderOptions {
	/** Port to listen on; 0 (the default) picks a free one. */
	port?: number;
	/** Delay before the `slow` scenario answers, in ms (default 3000). */
	slowMs?: number;
	/** Delay between streamed text chunks, in ms (default 0). */
	chunkMs?: number;
}

/** What the `malformed` scenario answers instead of a JSON body. */
const NOT_JSON = '{"malformed": true, this is not JSON';

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function isReply(value: ChatRequest | Reply): value is Reply {
	return 'status' in value;
}

function queryOf(url: URL): Record<string, string> {
	const query: Record<string, string> = {};
	for (const [name, value] of url.searchParams) {
		query[name] = name === 'key' ? '[redacted]' : value;
	}
	return query;
}

function send(res: ServerResponse, reply: Reply, scenario: Scenario): void {
	res.writeHead(reply.status, {
		'content-type': 'application/json',
		...reply.headers,
	});
	if (reply.raw) {
		res.end(reply.raw);
		return;
	}
	const json = JSON.stringify(reply.body);
	if (reply.status === 200 && scenario === 'malformed') {
		res.end(NOT_JSON);
	} else if (reply.status === 200 && scenario === 'truncated') {
		res.end(json.slice(0, Math.floor(json.length / 2)));
	} else {
		res.end(json);
	}
}

interface StreamContext {
	res: ServerResponse;
	dialect: ChatDialect;
	request: ChatRequest;
	completion: Completion;
	scenario: Scenario;
	url: URL;
	chunkMs: number;
	/** Whether the client has gone: nothing more is written then. */
	gone: () => boolean;
}

/**
 * Streams an answer: the opening frames and the first text chunk at once, every later chunk and
 * the ending after `chunkMs`. `malformed`, `truncated` and `midstream` break off early.
 * @param context
 */
async function stream(context: StreamContext): Promise<void> {
	const { res, completion, scenario, chunkMs, gone } = context;
	const shape = context.dialect.stream(completion, context.request);
	const encoder = context.dialect.encoder(context.url);
	res.writeHead(200, {
		'content-type': encoder.contentType,
		'cache-control': 'no-cache',
	});
	res.flushHeaders();

	let index = 0;
	const write = (frames: Frame[], close = ''): boolean => {
		if (gone()) {
			return false;
		}
		const text =
			frames.map((frame) => encoder.encode(frame, index++)).join('') +
			close;
		if (text) {
			res.write(text);
		}
		return true;
	};

	const { chunks } = completion;
	const whole =
		scenario !== 'malformed' &&
		scenario !== 'truncated' &&
		scenario !== 'midstream';
	let count = chunks.length;
	if (scenario === 'malformed') {
		count = Math.min(1, count);
	} else if (!whole) {
		count = Math.min(2, count);
	}

	if (!write(shape.head)) {
		return;
	}
	for (let i = 0; i < count; i++) {
		if (i > 0) {
			await sleep(chunkMs);
		}
		const last = whole && i === chunks.length - 1;
		if (!write([shape.chunk(chunks[i] ?? '', i, last)])) {
			return;
		}
	}
	await sleep(chunkMs);

	let written = true;
	if (scenario === 'midstream') {
		written = write([shape.error], encoder.close);
	} else if (scenario === 'malformed') {
		// A frame cut in half: its data is not JSON.
		const frame = shape.chunk(chunks[1] ?? ' broken', 1, false);
		written = write([
			{
				...frame,
				data: frame.data.slice(0, Math.floor(frame.data.length / 2)),
			},
		]);
	} else if (whole) {
		written = write(shape.tail, encoder.close);
	}
	if (written) {
		res.end();
	}
}

/**
 * Starts the fake provider. The old positional form `(port, slowMs)` still works.
 * @param options
 * @param slowMs
 */
export async function startFakeProvider(
	options: FakeProviderOptions | number = {},
	slowMs?: number
): Promise<FakeProvider> {
	const settings: FakeProviderOptions =
		typeof options === 'number' ? { port: options, slowMs } : options;
	const port = settings.port ?? 0;
	const slowDelay = settings.slowMs ?? 3000;
	const chunkMs = settings.chunkMs ?? 0;
	const calls: RecordedCall[] = [];

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = req.method ?? 'GET';
		const raw = await readBody(req);

		if (url.pathname === '/__health') {
			res.writeHead(200, { 'content-type': 'text/plain' });
			res.end('ok');
			return;
		}
		if (url.pathname === '/__calls') {
			if (method === 'DELETE') {
				calls.length = 0;
			}
			send(
				res,
				{ status: 200, body: { count: calls.length, calls } },
				'ok'
			);
			return;
		}

		if (url.pathname === '/__fixtures') {
			send(
				res,
				{ status: 200, body: { fixtures: fixtureNames() } },
				'ok'
			);
			return;
		}

		const route = routes.find((candidate) =>
			candidate.match(method, url.pathname)
		);
		if (!route) {
			send(
				res,
				{
					status: 404,
					body: {
						error: {
							message: `No fake route for ${method} ${url.pathname}`,
						},
					},
				},
				'ok'
			);
			return;
		}

		let body: unknown = null;
		let json = true;
		if (raw.trim() !== '') {
			try {
				body = JSON.parse(raw);
			} catch {
				json = false;
			}
		}
		const dialect = route.chat;
		const read = dialect && json ? dialect.read(body, url) : undefined;
		const request = read && !isReply(read) ? read : undefined;

		const key = route.key(req, url);
		let scenario = scenarioFor(key, route.keyRequired);
		if (scenario === 'ok' && request) {
			scenario = scenarioInText(request.lastUserText) ?? 'ok';
		}
		const streamed = dialect ? dialect.streams(body, url) : false;
		const asked = req.headers['x-fake-fixture'];
		const named =
			(Array.isArray(asked) ? asked[0] : asked) ??
			(request ? fixtureInText(request.lastUserText) : undefined);
		const fixtureName =
			named !== undefined && fixtureFits(named, route.provider)
				? named
				: undefined;

		const call: RecordedCall = {
			provider: route.provider,
			method,
			path: url.pathname,
			query: queryOf(url),
			headerNames: Object.keys(req.headers).sort(),
			keyInUrl:
				url.searchParams.has('key') ||
				(!!key && (req.url ?? '').includes(key)),
			body,
			stream: streamed,
			scenario,
			fixture: fixtureName ?? null,
			completed: false,
			disconnected: false,
		};
		calls.push(call);
		res.on('finish', () => {
			call.completed = true;
		});
		let gone = false;
		res.on('close', () => {
			gone = !res.writableFinished;
			call.disconnected = gone;
		});

		if (fixtureName !== undefined) {
			const recording = loadFixture(fixtureName);
			if (!recording) {
				send(
					res,
					{
						status: 404,
						body: {
							error: {
								message: `No fixture named ${fixtureName}`,
							},
						},
					},
					'ok'
				);
				return;
			}
			await replay(res, recording, chunkMs, () => gone);
			return;
		}

		if (scenario === 'slow') {
			await sleep(slowDelay);
			if (gone) {
				return;
			}
		}

		const failure = route.failure(
			scenario === 'midstream' && !streamed ? 'overloaded' : scenario,
			key ?? ''
		);
		if (failure) {
			send(res, failure, scenario);
			return;
		}
		if (!dialect) {
			const reply = route.respond
				? route.respond(body, key ?? '')
				: route.reply?.();
			send(res, reply ?? { status: 204, body: null }, scenario);
			return;
		}
		if (!json) {
			send(res, dialect.badJson(), scenario);
			return;
		}
		if (!request) {
			send(res, read as Reply, scenario);
			return;
		}
		const completion = complete(request, dialect.idPrefix);
		if (streamed) {
			await stream({
				res,
				dialect,
				request,
				completion,
				scenario,
				url,
				chunkMs,
				gone: () => gone,
			});
			return;
		}
		send(
			res,
			{ status: 200, body: dialect.answer(completion, request) },
			scenario
		);
	};

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			process.stderr.write(`fake-provider: ${String(error)}\n`);
			if (!res.headersSent) {
				res.writeHead(500, { 'content-type': 'text/plain' });
			}
			res.end();
		});
	});

	await new Promise<void>((resolve) =>
		server.listen(port, '127.0.0.1', resolve)
	);
	const address = server.address();
	const actualPort =
		typeof address === 'object' && address ? address.port : port;

	return {
		server,
		port: actualPort,
		calls,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
