/**
 * Script translations: from the template that bin/make-pot.sh writes, `wp i18n make-json` yields
 * one Jed file per built script that has strings, named the way load_script_textdomain() looks
 * for it: byok-ai-LOCALE-<md5 of the script's path in the plugin>.json, holding exactly that
 * script's messages.
 *
 * The scripts are discovered, not listed: every build/**.js whose .asset.php lists wp-i18n (a
 * classic script) or @wordpress/i18n (a script module) must get a file; a script without i18n
 * must have no strings in the template (they could never be translated). Needs `npm run build`.
 */
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	filesUnder,
	parsePot,
	poEscape,
	read,
	ROOT,
	run,
	wp,
	type PotEntry,
} from './gettext';

const LOCALE = 'de_DE';
const translate = (s: string) => `[de] ${s}`;

interface Jed {
	domain: string;
	source?: string;
	locale_data: {
		messages: Record<string, string[] | Record<string, string>>;
	};
}

/** Built scripts and whether their dependencies include the i18n package. */
function builtScripts(): { file: string; i18n: boolean }[] {
	return filesUnder('build', /\.js$/).map((file) => {
		const asset = file.replace(/\.js$/, '.asset.php');
		const deps = existsSync(join(ROOT, asset)) ? read(asset) : '';
		return {
			file,
			i18n: /['"](wp-i18n|@wordpress\/i18n)['"]/.test(deps),
		};
	});
}

function poFrom(entries: PotEntry[]): string {
	const header = [
		'msgid ""',
		'msgstr ""',
		`"Language: ${LOCALE}\\n"`,
		'"Content-Type: text/plain; charset=UTF-8\\n"',
		'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
	].join('\n');
	const body = entries.map((e) =>
		[
			...e.files.map((f) => `#: ${f}`),
			...(e.context !== null ? [`msgctxt "${poEscape(e.context)}"`] : []),
			`msgid "${poEscape(e.msgid)}"`,
			...(e.plural !== null
				? [
						`msgid_plural "${poEscape(e.plural)}"`,
						`msgstr[0] "${poEscape(translate(e.msgid))}"`,
						`msgstr[1] "${poEscape(translate(e.plural))}"`,
					]
				: [`msgstr "${poEscape(translate(e.msgid))}"`]),
		].join('\n')
	);
	return [header, ...body].join('\n\n') + '\n';
}

describe('wp i18n make-json', () => {
	let dir = '';
	let entries: PotEntry[] = [];
	let json: Record<string, Jed> = {};

	beforeAll(() => {
		if (!existsSync(join(ROOT, 'build/settings.js'))) {
			throw new Error('build/ is missing: run npm run build first');
		}
		dir = mkdtempSync(join(tmpdir(), 'byok-ai-make-json-'));
		run('bash', [join(ROOT, 'bin/make-pot.sh'), join(dir, 'byok-ai.pot')]);
		entries = parsePot(readFileSync(join(dir, 'byok-ai.pot'), 'utf8'));
		writeFileSync(join(dir, `byok-ai-${LOCALE}.po`), poFrom(entries));
		wp(['i18n', 'make-json', dir, '--no-purge']);
		json = Object.fromEntries(
			readdirSync(dir)
				.filter((f) => f.endsWith('.json'))
				.map((f) => [
					f,
					JSON.parse(readFileSync(join(dir, f), 'utf8')) as Jed,
				])
		);
	}, 60_000);

	afterAll(() => {
		if (dir) {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	const scripts = builtScripts();
	const translated = scripts.filter((s) => s.i18n);

	it('finds the built scripts with strings: the settings page and the block editor', () => {
		const block = JSON.parse(read('build/assistant/block.json')) as {
			editorScript?: string;
		};
		const editor = `build/assistant/${(block.editorScript ?? '').replace(
			/^file:\.\//,
			''
		)}`;
		expect(translated.map((s) => s.file)).toEqual(
			expect.arrayContaining(['build/settings.js', editor])
		);
	});

	it('yields one file per script with strings, named by the md5 of its path', () => {
		const expected = translated
			.filter((s) => entries.some((e) => e.files.includes(s.file)))
			.map(
				(s) =>
					`byok-ai-${LOCALE}-${createHash('md5')
						.update(s.file)
						.digest('hex')}.json`
			)
			.sort();
		expect(expected.length).toBe(translated.length);
		expect(Object.keys(json).sort()).toEqual(expected);
	});

	it.each(translated.map((s) => [s.file]))(
		'%s: the messages domain, the locale and exactly its strings',
		(file) => {
			const name = `byok-ai-${LOCALE}-${createHash('md5')
				.update(file)
				.digest('hex')}.json`;
			const jed = json[name];
			expect(jed).toBeDefined();
			expect(jed?.domain).toBe('messages');
			expect(jed?.source).toBe(file);
			const { '': header, ...messages } = jed?.locale_data.messages ?? {};
			expect(header).toEqual(
				expect.objectContaining({ domain: 'messages', lang: LOCALE })
			);
			const mine = entries.filter((e) => e.files.includes(file));
			expect(mine.length).toBeGreaterThan(0);
			expect(messages).toEqual(
				Object.fromEntries(
					mine.map((e) => [
						e.context !== null
							? `${e.context}\u0004${e.msgid}`
							: e.msgid,
						e.plural !== null
							? [translate(e.msgid), translate(e.plural)]
							: [translate(e.msgid)],
					])
				)
			);
			// The strings are really in that built file (the reference isn't stale).
			const code = read(file);
			const missing = mine.filter(
				(e) => !code.includes(JSON.stringify(e.msgid).slice(1, -1))
			);
			expect(missing.map((e) => e.msgid)).toEqual([]);
		}
	);

	it('leaves no string in a script that cannot load translations', () => {
		const without = scripts.filter((s) => !s.i18n).map((s) => s.file);
		expect(
			entries.filter((e) => e.files.some((f) => without.includes(f)))
		).toEqual([]);
	});
});
