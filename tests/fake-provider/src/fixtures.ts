/**
 * Recorded provider transcripts (tests/fixtures/providers), replayed byte for byte: the status,
 * the headers a `.http` recording names, and the body in the write sizes that were recorded (or
 * one event per write for a stream without recorded sizes). What the fake says on its own must
 * agree with these recordings; where it didn't, the recording won.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';

/** Where the transcripts and their manifest live. */
export const FIXTURE_DIR = resolve(
	process.env.FAKE_PROVIDER_FIXTURES ??
		join(__dirname, '..', '..', 'fixtures', 'providers')
);

interface ManifestEntry {
	file: string;
	status?: number;
	contentType?: string;
	/** Recorded write sizes in bytes. */
	chunks?: number[];
}

/** A transcript ready to be written. */
export interface Recording {
	name: string;
	status: number;
	headers: Record<string, string>;
	/** The body, split into the writes that carry it. */
	chunks: Buffer[];
}

/** `[[fixture:provider/name]]` in a prompt asks for a transcript. */
const MARKER = /\[\[fixture:([A-Za-z0-9_./-]+)\]\]/;

let manifest: Record<string, ManifestEntry> | undefined;

function entries(): Record<string, ManifestEntry> {
	if (!manifest) {
		const path = join(FIXTURE_DIR, 'manifest.json');
		const parsed = existsSync(path)
			? (JSON.parse(readFileSync(path, 'utf8')) as {
					fixtures?: Record<string, ManifestEntry>;
				})
			: {};
		manifest = parsed.fixtures ?? {};
	}
	return manifest;
}

/** Every transcript's name, e.g. `gemini/streaming-failure-error-mid-stream`. */
export function fixtureNames(): string[] {
	return Object.keys(entries()).sort();
}

/** The fake's route provider each transcript folder belongs to. */
const FOLDER_ROUTES: Record<string, string[]> = {
	anthropic: ['anthropic'],
	// The Chat Completions format: OpenAI's transcripts fit its relatives too.
	openai: ['openai', 'azure', 'compat'],
	gemini: ['gemini'],
	azure_openai: ['azure'],
	openai_compatible: ['compat'],
};

/**
 * Whether a transcript speaks a route's format (its folder names the provider), so one prompt
 * can travel down a fallback chain and be replayed only where it belongs.
 * @param name
 * @param routeProvider
 */
export function fixtureFits(name: string, routeProvider: string): boolean {
	const folder = name.split('/')[0] ?? '';
	return FOLDER_ROUTES[folder]?.includes(routeProvider) ?? false;
}

/**
 * The transcript a prompt names with `[[fixture:NAME]]`, if any.
 * @param text
 */
export function fixtureInText(text: string): string | undefined {
	return MARKER.exec(text)?.[1];
}

/**
 * Splits a stream body after each event's blank line (LF LF, CRLF CRLF or CR CR); what follows
 * the last blank line (a bare JSON document, an unterminated event) is one more write.
 * @param body
 */
function eventWrites(body: Buffer): Buffer[] {
	const text = body.toString('latin1');
	const writes: Buffer[] = [];
	const blank = /\r\n\r\n|\n\n|\r\r/g;
	let start = 0;
	for (const match of text.matchAll(blank)) {
		const end = (match.index ?? 0) + match[0].length;
		writes.push(body.subarray(start, end));
		start = end;
	}
	if (start < body.length) {
		writes.push(body.subarray(start));
	}
	return writes;
}

/**
 * Splits a body by recorded write sizes.
 * @param body
 * @param sizes
 */
function sizedWrites(body: Buffer, sizes: number[]): Buffer[] {
	const writes: Buffer[] = [];
	let start = 0;
	for (const size of sizes) {
		writes.push(body.subarray(start, start + size));
		start += size;
	}
	if (start < body.length) {
		writes.push(body.subarray(start));
	}
	return writes;
}

/**
 * Reads a transcript by name, or returns undefined for an unknown name.
 * @param name
 */
export function loadFixture(name: string): Recording | undefined {
	const entry = entries()[name];
	if (!entry) {
		return undefined;
	}
	const path = resolve(FIXTURE_DIR, entry.file);
	if (!path.startsWith(FIXTURE_DIR + '/') || !existsSync(path)) {
		return undefined;
	}
	const bytes = readFileSync(path);
	let status = entry.status ?? 200;
	const headers: Record<string, string> = {};
	let body = bytes;
	if (entry.file.endsWith('.http')) {
		const end = bytes.indexOf('\r\n\r\n');
		const head = bytes.subarray(0, end).toString('latin1').split('\r\n');
		status = Number(head[0]?.split(' ')[1] ?? status);
		for (const line of head.slice(1)) {
			const colon = line.indexOf(':');
			headers[line.slice(0, colon).trim().toLowerCase()] = line
				.slice(colon + 1)
				.trim();
		}
		body = bytes.subarray(end + 4);
	}
	if (entry.contentType) {
		headers['content-type'] = entry.contentType;
	}
	headers['content-type'] ??= 'application/json';
	const streamed = headers['content-type'].startsWith('text/event-stream');
	let chunks: Buffer[] = [body];
	if (entry.chunks) {
		chunks = sizedWrites(body, entry.chunks);
	} else if (streamed) {
		chunks = eventWrites(body);
	}
	return { name, status, headers, chunks };
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/**
 * Writes a transcript: status and headers, then each recorded write, `chunkMs` apart.
 * @param res
 * @param recording
 * @param chunkMs
 * @param gone      Whether the client has left (nothing more is written then).
 */
export async function replay(
	res: ServerResponse,
	recording: Recording,
	chunkMs: number,
	gone: () => boolean
): Promise<void> {
	res.writeHead(recording.status, recording.headers);
	res.flushHeaders();
	for (let i = 0; i < recording.chunks.length; i++) {
		if (i > 0) {
			await sleep(chunkMs);
		}
		if (gone()) {
			return;
		}
		res.write(recording.chunks[i]);
	}
	res.end();
}
