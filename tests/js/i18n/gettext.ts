/**
 * Helpers of the i18n tests: the repository's paths, WP-CLI and a small .pot/.po reader.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const WP_CLI_PHAR =
	process.env.WP_CLI_PHAR ??
	resolve(ROOT, '../shared/tools/wp-cli-2.10.0.phar');

/**
 * Runs a repository script or WP-CLI (as root with --allow-root); throws with its output when it
 * fails.
 * @param command The program.
 * @param args    Its arguments.
 */
export function run(command: string, args: string[]): string {
	try {
		return execFileSync(command, args, {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (error) {
		const e = error as { stdout?: string; stderr?: string };
		throw new Error(
			`${command} ${args.join(' ')} failed:\n${e.stdout ?? ''}${
				e.stderr ?? ''
			}`
		);
	}
}

export function wp(args: string[]): string {
	if (!existsSync(WP_CLI_PHAR)) {
		throw new Error(
			`WP-CLI is not at ${WP_CLI_PHAR}: set WP_CLI_PHAR to wp-cli-2.10.0.phar`
		);
	}
	const root = process.getuid?.() === 0 ? ['--allow-root'] : [];
	return run('php', [WP_CLI_PHAR, ...args, ...root]);
}

/**
 * Files under a folder of the repository, as repository-relative paths with forward slashes.
 * @param dir  Folder, relative to the repository.
 * @param test Which names to keep.
 */
export function filesUnder(dir: string, test: RegExp): string[] {
	const abs = join(ROOT, dir);
	if (!existsSync(abs)) {
		return [];
	}
	return readdirSync(abs)
		.flatMap((name) => {
			const path = join(abs, name);
			if (statSync(path).isDirectory()) {
				return filesUnder(relative(ROOT, path), test);
			}
			return test.test(name) ? [relative(ROOT, path)] : [];
		})
		.map((path) => path.split('\\').join('/'))
		.sort();
}

export interface PotEntry {
	context: string | null;
	msgid: string;
	plural: string | null;
	/** `#.` lines: translator and header comments. */
	comments: string[];
	/** `#:` references without line numbers, e.g. "build/settings.js". */
	files: string[];
}

/**
 * Unescapes a PO string literal.
 * @param s The text between the quotes.
 */
function unescape(s: string): string {
	return s.replace(/\\(["\\nt])/g, (_, c: string) => {
		if (c === 'n') {
			return '\n';
		}
		return c === 't' ? '\t' : c;
	});
}

/**
 * The entries of a .pot or .po file (the header entry excluded).
 * @param text The file's contents.
 */
export function parsePot(text: string): PotEntry[] {
	return text
		.split(/\n\s*\n/)
		.map((block) => {
			const lines = block.split('\n');
			const fields: Record<string, string> = {};
			let current: string | null = null;
			for (const line of lines) {
				const start =
					/^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$/.exec(
						line
					);
				const more = /^"(.*)"$/.exec(line);
				if (start) {
					current = start[1] ?? '';
					fields[current] = unescape(start[2] ?? '');
				} else if (more && current) {
					fields[current] += unescape(more[1] ?? '');
				} else {
					current = null;
				}
			}
			return {
				context: fields.msgctxt ?? null,
				msgid: fields.msgid ?? '',
				plural: fields.msgid_plural ?? null,
				comments: lines
					.filter((l) => l.startsWith('#. '))
					.map((l) => l.slice(3)),
				files: lines
					.filter((l) => l.startsWith('#: '))
					.flatMap((l) => l.slice(3).split(' '))
					.map((ref) => ref.replace(/:\d+$/, '')),
			};
		})
		.filter((entry) => entry.msgid !== '');
}

/**
 * Escapes a string for a PO literal.
 * @param s The string.
 */
export function poEscape(s: string): string {
	return s
		.replace(/\\/g, '\\\\')
		.replace(/"/g, '\\"')
		.replace(/\n/g, '\\n')
		.replace(/\t/g, '\\t');
}

/**
 * Reads a file of the repository.
 * @param path Repository-relative path.
 */
export function read(path: string): string {
	return readFileSync(join(ROOT, path), 'utf8');
}
