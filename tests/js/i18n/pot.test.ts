/**
 * The translation template: languages/byok-ai.pot, written by `npm run make-pot` (bin/make-pot.sh,
 * WP-CLI's `wp i18n make-pot` on the PHP, block.json and the built scripts).
 *
 * - Every msgid is written, character for character, in a source file: a template in the wrong
 *   charset (curly quotes and arrows turned into "?") or left behind by edited strings gives
 *   translations that never apply.
 * - Translator comments reach translators as extracted comments (#.), block.json strings carry
 *   their "block title"/"block description"/"block keyword" contexts, and scripts are referenced
 *   by their built files (what `wp i18n make-json` maps; see make-json.test.ts).
 * - make-pot writes the same bytes every time (no creation date, no year).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesUnder, parsePot, read, ROOT, run } from './gettext';

const pot = read('languages/byok-ai.pot');
const entries = parsePot(pot);

/** The source files strings come from, as PHP and JS read them (\' in a quoted literal is '). */
const sources = [
	'byok-ai.php',
	...filesUnder('includes', /\.php$/),
	...filesUnder('src', /\.(php|tsx?|json)$/),
].map((file) => ({ file, text: read(file).replace(/\\'/g, "'") }));

describe('languages/byok-ai.pot', () => {
	it('is UTF-8', () => {
		expect(pot).toMatch(/charset=utf-8/i);
	});

	it('has the strings of the code', () => {
		const all = sources.map((s) => s.text).join('\n');
		expect(entries.length).toBeGreaterThan(100);
		expect(
			entries
				.flatMap((e) => [e.msgid, e.plural ?? ''])
				.filter((id) => id && !all.includes(id))
		).toEqual([]);
		// Non-ASCII strings are where a wrong charset shows.
		expect(
			entries.filter((e) => /[^\x00-\x7f]/.test(e.msgid)).length
		).toBeGreaterThan(20);
	});

	it('gives translators the comments written for them', () => {
		// A translators comment, then (within a sprintf/printf or the like) a gettext call's first string.
		const pattern =
			/translators:[^\n]*?(?:\*\/|\n)\s*(?:[\w$.]+\(\s*)*(?:esc_html_|esc_attr_|esc_html|esc_attr)?(?:__|_e|_x|_ex|_n|_nx)\(\s*(['"])((?:\\.|(?!\1)[^\\])*)\1/g;
		const commented = sources.flatMap(({ text }) =>
			[...text.matchAll(pattern)].map((m) =>
				(m[2] ?? '').replace(/\\(["\\])/g, '$1')
			)
		);
		expect(commented.length).toBeGreaterThan(40);
		const inPot = commented.filter((id) =>
			entries.some((e) => e.msgid === id)
		);
		// Strings written since the last `npm run make-pot` are not in the template yet.
		expect(inPot.length).toBeGreaterThan(commented.length * 0.8);
		expect(
			inPot.filter(
				(id) =>
					!entries.some(
						(e) =>
							e.msgid === id &&
							e.comments.some((c) => /^translators:/i.test(c))
					)
			)
		).toEqual([]);
	});

	it('has the block.json strings with their contexts', () => {
		const block = JSON.parse(read('src/assistant/block.json')) as {
			title: string;
			description: string;
			keywords: string[];
		};
		const expected = [
			['block title', block.title],
			['block description', block.description],
			...block.keywords.map((k) => ['block keyword', k]),
		];
		for (const [context, msgid] of expected) {
			expect(
				entries.find(
					(e) =>
						e.context === context &&
						e.msgid === msgid &&
						e.files.includes('build/assistant/block.json')
				)
			).toBeDefined();
		}
	});

	it('references scripts by their built files', () => {
		const scripts = [...new Set(entries.flatMap((e) => e.files))].filter(
			(f) => /\.(m?jsx?|tsx?)$/.test(f)
		);
		expect(scripts.length).toBeGreaterThan(0);
		expect(scripts.filter((f) => !/^build\/.*\.js$/.test(f))).toEqual([]);
	});

	it('is written the same way every time', () => {
		const dir = mkdtempSync(join(tmpdir(), 'byok-ai-pot-'));
		try {
			run('bash', [join(ROOT, 'bin/make-pot.sh'), join(dir, 'a.pot')]);
			run('bash', [join(ROOT, 'bin/make-pot.sh'), join(dir, 'b.pot')]);
			const a = readFileSync(join(dir, 'a.pot'));
			expect(a.equals(readFileSync(join(dir, 'b.pot')))).toBe(true);
			const text = a.toString('utf8');
			expect(text).toContain('"POT-Creation-Date: \\n"');
			// No year in the header's comments (a copyright year changes every January); a
			// translators' comment (#.) may name a date as an example.
			expect(text).not.toMatch(/^#(?!\.).*\b20\d\d\b/m);
			// The committed template is one of those runs when build/ matches src/.
			expect(parsePot(text).length).toBeGreaterThan(100);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60_000);
});
