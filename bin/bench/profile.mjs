#!/usr/bin/env node
/**
 * Summarises an Excimer profile written by the bench mu-plugin (X-Bench-Profile: <id>): what
 * share of the sampled wall time ran inside BYOK AI, split by the plugin's first frame (which
 * hook or route entered it) and by its deepest frame with the two calls below it (where the time
 * went: a query, the HTTP client, a core function).
 *
 * Usage: node bin/bench/profile.mjs /tmp/byok-ai-bench/wordpress/wp-content/bench-profile-ID.txt [rows]
 */
import { readFileSync } from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
	process.stderr.write(
		'usage: node bin/bench/profile.mjs PROFILE.txt [rows]\n'
	);
	process.exit(2);
}
const rows = Number(rowsArg ?? 15);
const ours = (frame) =>
	frame.startsWith('ByokAi\\') || frame.includes('/plugins/byok-ai/');
const first = new Map();
const deepest = new Map();
const add = (map, key, n) => map.set(key, (map.get(key) ?? 0) + n);
let total = 0;
let plugin = 0;
for (const line of readFileSync(file, 'utf8').split('\n')) {
	const match = /^(.*) (\d+)$/.exec(line.trim());
	if (!match) {
		continue;
	}
	const count = Number(match[2]);
	const frames = match[1].split(';').filter(Boolean);
	total += count;
	const indexes = frames.flatMap((frame, index) =>
		ours(frame) ? [index] : []
	);
	if (indexes.length === 0) {
		continue;
	}
	plugin += count;
	add(first, frames[indexes[0]], count);
	const last = indexes[indexes.length - 1];
	add(
		deepest,
		frames
			.slice(last, last + 3)
			.map((f) => f.split('/').pop())
			.join(' > '),
		count
	);
}
const top = (map) =>
	[...map.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, rows)
		.map(
			([key, n]) =>
				`${String(n).padStart(8)}  ${((100 * n) / plugin).toFixed(1).padStart(5)} %  ${key}`
		)
		.join('\n');
process.stdout.write(
	`samples: ${total}, in BYOK AI: ${plugin} (${((100 * plugin) / Math.max(total, 1)).toFixed(1)} %)\n\n` +
		`entered through (first plugin frame):\n${top(first)}\n\n` +
		`time spent in (deepest plugin frame > the two calls below it):\n${top(deepest)}\n`
);
