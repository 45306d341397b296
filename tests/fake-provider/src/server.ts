/**
 * The fake provider's HTTP server. Listens on loopback only.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { routes } from './providers';
import { scenarioFor } from './scenario';

export interface RecordedCall {
	provider: string;
	method: string;
	path: string;
	headerNames: string[];
	keyInUrl: boolean;
}

export interface FakeProvider {
	server: Server;
	port: number;
	calls: RecordedCall[];
	close: () => Promise<void>;
}

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

export async function startFakeProvider(
	port = 0,
	slowMs = 3000
): Promise<FakeProvider> {
	const calls: RecordedCall[] = [];

	const server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = req.method ?? 'GET';
		await readBody(req);

		const send = (
			status: number,
			body: unknown,
			headers: Record<string, string> = {}
		) => {
			res.writeHead(status, {
				'content-type': 'application/json',
				...headers,
			});
			res.end(JSON.stringify(body));
		};

		if (url.pathname === '/__health') {
			res.writeHead(200, { 'content-type': 'text/plain' });
			res.end('ok');
			return;
		}
		if (url.pathname === '/__calls') {
			if (method === 'DELETE') {
				calls.length = 0;
			}
			send(200, { count: calls.length, calls });
			return;
		}

		const route = routes.find((candidate) =>
			candidate.match(method, url.pathname)
		);
		if (!route) {
			send(404, {
				error: {
					message: `No fake route for ${method} ${url.pathname}`,
				},
			});
			return;
		}

		const key = route.key(req, url);
		calls.push({
			provider: route.provider,
			method,
			path: url.pathname,
			headerNames: Object.keys(req.headers).sort(),
			keyInUrl:
				url.searchParams.has('key') ||
				(!!key && (req.url ?? '').includes(key)),
		});

		const scenario = scenarioFor(key, route.keyRequired);
		if (scenario === 'slow') {
			await sleep(slowMs);
		}
		const reply = route.reply(scenario, key ?? '', url.pathname);
		send(reply.status, reply.body, reply.headers);
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
