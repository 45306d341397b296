#!/usr/bin/env node
/**
 * Writes byok-ai.zip, the release the plugin directory receives, from an explicit list: the runtime
 * files plus the sources of the built scripts, and nothing else (no README.md, package.json,
 * tests, configs or dotfiles).
 *
 *   node bin/plugin-zip.mjs [--out=path.zip] [--list]
 *
 * `npm run plugin-zip` builds first and regenerates the .pot. Why not `wp-scripts plugin-zip`:
 * with a `files` list it uses npm-packlist, which always adds package.json and README.md; without
 * one it globs `readme.*` case-insensitively, which matches README.md as well.
 *
 * The archive is reproducible: entries in sorted order, each with a fixed timestamp and mode, so
 * the same tree gives the same bytes. Prints one line per entry with --list, then the total.
 */
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// adm-zip is what `wp-scripts plugin-zip` itself uses (a dependency of @wordpress/scripts).
// eslint-disable-next-line import/no-extraneous-dependencies -- Comes with @wordpress/scripts.
const AdmZip = require('adm-zip');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SLUG = 'byok-ai';

/** What the release holds: single files and whole folders. */
const FILES = [`${SLUG}.php`, 'uninstall.php', 'readme.txt'];
const FOLDERS = [
	'includes', // PHP classes.
	'build', // Built scripts, styles, block.json, render.php and blocks-manifest.php.
	'languages', // The translation template.
	'src', // The human-readable sources of build/ (readme.txt, "Source code").
];
/** Never shipped, wherever they appear. */
const SKIP = /(^|\/)(\.[^/]*|node_modules|Thumbs\.db|.*~)$/;
/** Files the release can't be without. */
const REQUIRED = [
	`${SLUG}.php`,
	'readme.txt',
	'includes/autoload.php',
	'build/settings.js',
	'build/settings.asset.php',
	'build/assistant/block.json',
	'build/assistant/render.php',
	'build/blocks-manifest.php',
	`languages/${SLUG}.pot`,
];
// 2026-01-01T00:00:00 local time: a fixed date for every entry (zip stores local DOS times).
const FIXED_TIME = new Date(2026, 0, 1, 0, 0, 0);

function walk(dir) {
	return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(
		(entry) => {
			const path = `${dir}/${entry.name}`;
			if (SKIP.test(path)) {
				return [];
			}
			return entry.isDirectory() ? walk(path) : [path];
		}
	);
}

const args = process.argv.slice(2);
const out = resolve(
	ROOT,
	(args.find((a) => a.startsWith('--out=')) ?? '').slice(6) || `${SLUG}.zip`
);
const missing = REQUIRED.filter((file) => !existsSync(join(ROOT, file)));
if (missing.length) {
	process.stderr.write(
		`[plugin-zip] missing ${missing.join(
			', '
		)}: run \`npm run build\` (and \`npm run make-pot\`) first\n`
	);
	process.exit(1);
}

const files = [...FILES, ...FOLDERS.flatMap(walk)]
	.map((file) => file.split(sep).join('/'))
	.sort();

const zip = new AdmZip();
for (const file of files) {
	zip.addFile(`${SLUG}/${file}`, readFileSync(join(ROOT, file)));
	const entry = zip.getEntry(`${SLUG}/${file}`);
	entry.header.time = FIXED_TIME;
	entry.attr = 0o100644 * 0x10000; // A regular file, -rw-r--r--, in the high 16 bits.
}
zip.writeZip(out);

let bytes = 0;
for (const file of files) {
	bytes += statSync(join(ROOT, file)).size;
	if (args.includes('--list')) {
		process.stdout.write(`${SLUG}/${file}\n`);
	}
}
process.stdout.write(
	`[plugin-zip] ${relative(process.cwd(), out) || out}: ${
		files.length
	} files, ${bytes} bytes unpacked, ${statSync(out).size} bytes zipped\n`
);
