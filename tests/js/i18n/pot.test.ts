/**
 * The translation template matches the code: every msgid in languages/byok-ai.pot is written,
 * character for character, in a source file. A template in the wrong charset (curly quotes and
 * arrows turned into "?") or one left behind by edited strings gives translations that never
 * apply. Regenerate it with `npm run make-pot`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) {
			return sourceFiles(path);
		}
		return /\.(php|tsx?|json)$/.test(name) ? [path] : [];
	});
}

/**
 * The msgids of a .pot file, unescaped and with continuation lines joined.
 * @param pot
 */
function msgids(pot: string): string[] {
	const ids: string[] = [];
	let current: string | null = null;
	for (const line of pot.split('\n')) {
		const start = /^msgid(?:_plural)? "(.*)"$/.exec(line);
		const more = /^"(.*)"$/.exec(line);
		if (start) {
			if (current) {
				ids.push(current);
			}
			current = start[1] ?? '';
		} else if (more && current !== null) {
			current += more[1] ?? '';
		} else {
			if (current) {
				ids.push(current);
			}
			current = null;
		}
	}
	return ids.map((id) =>
		id.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c))
	);
}

describe('languages/byok-ai.pot', () => {
	const pot = readFileSync(join(ROOT, 'languages/byok-ai.pot'), 'utf8');
	const source = [
		join(ROOT, 'byok-ai.php'),
		...sourceFiles(join(ROOT, 'includes')),
		...sourceFiles(join(ROOT, 'src')),
	]
		.map((file) => readFileSync(file, 'utf8'))
		.join('\n')
		// As PHP and JS read them: \' in a single-quoted literal is '.
		.replace(/\\'/g, "'");

	it('is UTF-8', () => {
		expect(pot).toContain('charset=utf-8');
	});

	it('has the strings of the code', () => {
		const ids = msgids(pot);
		expect(ids.length).toBeGreaterThan(100);
		expect(ids.filter((id) => !source.includes(id))).toEqual([]);
		// Non-ASCII strings are where a wrong charset shows.
		expect(
			ids.filter((id) => /[^\x00-\x7f]/.test(id)).length
		).toBeGreaterThan(20);
	});
});
