/**
 * The bench's issue-13 phases, after the timed sequential one: throughput at 8 concurrent
 * requests, the SQL of each case (the bench mu-plugin's X-Bench-Trace log), the block's JS + CSS,
 * and the goals table that puts them side by side with the idle and added-time ratios.
 *
 * Every function takes what it needs from bench.mjs (the cases, the request context) as
 * arguments, so this file holds no state of its own.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export const GOALS = {
	idleRatio: 1.02,
	addedRatio: 1.1,
	firstTokenRatio: 1.1,
	visitorThroughput: 0.75,
	visitorWrites: 2,
	blockAssetsBytes: 6 * 1024,
};

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)];
};

/**
 * A reader of the CPU time, in ms, the bench's processes have used so far, by role: php-fpm's
 * workers and nginx's (the children of the masters whose pid files are in run.sh's run directory,
 * read once here), the fake upstream, the database server, and this client. Linux only (/proc);
 * null without the run directory (bench.mjs run by hand) or /proc.
 * @param {string|undefined} runDir run.sh's run directory.
 * @return {(() => Object<string, number>)|null} Reader: milliseconds by role.
 */
function cpuReader(runDir) {
	if (!runDir || !existsSync('/proc/self/stat')) {
		return null;
	}
	const pidIn = (file) => {
		try {
			return (
				Number(readFileSync(`${runDir}/${file}`, 'utf8').trim()) || -1
			);
		} catch {
			return -1;
		}
	};
	const fpm = pidIn('php-fpm.pid');
	const nginx = pidIn('nginx.pid');
	const upstream = pidIn('fake-provider.pid');
	const msPerTick = 1000 / clockTicks();
	return () => {
		const ticks = { php: 0, database: 0, nginx: 0, upstream: 0 };
		for (const entry of readdirSync('/proc')) {
			if (!/^[0-9]+$/.test(entry)) {
				continue;
			}
			let stat;
			try {
				stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			} catch {
				continue; // Gone meanwhile.
			}
			// "pid (comm) state ppid … utime stime …": comm may hold spaces, so split after it.
			const close = stat.lastIndexOf(')');
			const comm = stat.slice(stat.indexOf('(') + 1, close);
			const fields = stat.slice(close + 2).split(' ');
			const ppid = Number(fields[1]);
			let role = null;
			if (ppid === fpm) {
				role = 'php';
			} else if (ppid === nginx) {
				role = 'nginx';
			} else if (Number(entry) === upstream) {
				role = 'upstream';
			} else if (comm === 'mariadbd' || comm === 'mysqld') {
				role = 'database';
			}
			if (role) {
				ticks[role] += Number(fields[11]) + Number(fields[12]);
			}
		}
		const own = process.cpuUsage();
		return {
			...Object.fromEntries(
				Object.entries(ticks).map(([role, n]) => [role, n * msPerTick])
			),
			client: (own.user + own.system) / 1000,
		};
	};
}

/** Clock ticks per second of /proc's CPU times (getconf CLK_TCK; 100 on mainstream kernels). */
function clockTicks() {
	try {
		return (
			Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) ||
			100
		);
	} catch {
		return 100;
	}
}

/**
 * Requests/s of each case at `concurrency` requests in flight, interleaved by rounds: each round
 * sends `perRound` requests of every case in turn (rotating the first). A case's requests/s is
 * the median of its rounds; its ratio to the first case (bare) is the median of the rounds'
 * ratios, each taken between bursts a second apart, so a slow stretch of the shared machine moves
 * both sides of a ratio instead of one.
 * @param {Object}   o             Options.
 * @param {Object}   o.cases       The bench's cases.
 * @param {string[]} o.names       Cases to measure (the first is the reference: bare).
 * @param {Object}   o.context     bench.mjs's request context (its agent is swapped here).
 * @param {number}   o.concurrency Requests in flight.
 * @param {number}   o.perRound    Requests per case and round.
 * @param {number}   o.rounds      Rounds.
 * @param {string}   [o.runDir]    run.sh's run directory: with it, the CPU each case's requests
 *                                 cost, by process (cpuReader()), comes back as `cpu`.
 */
export async function throughput({
	cases,
	names,
	context,
	concurrency,
	perRound,
	rounds,
	runDir,
}) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	context.agent = agent;
	const rates = Object.fromEntries(names.map((name) => [name, []]));
	const readCpu = cpuReader(runDir);
	const cpu = Object.fromEntries(names.map((name) => [name, {}]));
	try {
		for (let round = 0; round < rounds; round++) {
			for (let j = 0; j < names.length; j++) {
				const name = names[(round + j) % names.length];
				let left = perRound;
				const cpuBefore = readCpu?.();
				const start = process.hrtime.bigint();
				await Promise.all(
					Array.from({ length: concurrency }, async () => {
						while (left > 0) {
							left--;
							await cases[name].run();
						}
					})
				);
				const seconds = Number(process.hrtime.bigint() - start) / 1e9;
				rates[name].push(perRound / seconds);
				if (readCpu) {
					const cpuAfter = readCpu();
					for (const role of Object.keys(cpuAfter)) {
						cpu[name][role] =
							(cpu[name][role] ?? 0) +
							(cpuAfter[role] - cpuBefore[role]) /
								(perRound * rounds);
					}
				}
			}
		}
	} finally {
		context.agent = null;
		agent.destroy();
	}
	const [reference, ...others] = names;
	return {
		...Object.fromEntries(names.map((name) => [name, median(rates[name])])),
		ratio: Object.fromEntries(
			others.map((name) => [
				name,
				median(
					rates[name].map(
						(rate, round) => rate / rates[reference][round]
					)
				),
			])
		),
		cpu: readCpu ? cpu : null,
	};
}

/**
 * Sends each case `repeat` times with X-Bench-Trace and returns the last request's trace per
 * case: SQL queries (all, writes), options read that weren't autoloaded, the plugin's classes.
 * @param {Object}   o         Options.
 * @param {Object}   o.cases   The bench's cases.
 * @param {string[]} o.names   Cases (WordPress ones; others leave no trace).
 * @param {Object}   o.context bench.mjs's request context.
 * @param {string}   o.file    The mu-plugin's trace file.
 * @param {number}   o.repeat  Requests per case (the last one counts: caches warm).
 */
export async function profile({ cases, names, context, file, repeat = 3 }) {
	const ids = {};
	for (const name of names) {
		for (let i = 0; i < repeat; i++) {
			ids[name] = `${name}-${Date.now()}-${i}`;
			context.headers = { 'x-bench-trace': ids[name] };
			try {
				await cases[name].run();
			} finally {
				context.headers = {};
			}
		}
	}
	// A stream's trace is written at shutdown, right after its last byte: wait for it briefly.
	let traces = {};
	for (let attempt = 0; attempt < 40; attempt++) {
		traces = readTraces(file);
		if (Object.values(ids).every((id) => traces[id])) {
			break;
		}
		await sleep(50);
	}
	return Object.fromEntries(
		names.map((name) => {
			const t = traces[ids[name]];
			return [
				name,
				t
					? {
							queries: t.num_queries,
							writes: t.writes,
							pluginLoaded: t.plugin_loaded,
							classes: t.classes,
							notAutoloaded: Object.entries(t.options)
								.filter(([, state]) => state !== 'autoloaded')
								.map(([option]) => option),
							log: t.queries,
						}
					: null,
			];
		})
	);
}

function readTraces(file) {
	if (!file || !existsSync(file)) {
		return {};
	}
	const traces = {};
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		if (line.trim()) {
			try {
				const t = JSON.parse(line);
				traces[t.id] = t;
			} catch {
				// A line being written: read again later.
			}
		}
	}
	return traces;
}

/**
 * The plugin's JS and CSS on a page: files under /plugins/byok-ai/ referenced by script, link,
 * module preload and import map, and inline styles/scripts whose id starts with byok-ai; each
 * gzipped (level 9) as a server would send it.
 * @param {Function} send bench.mjs's send().
 * @param {string}   url  Page URL.
 */
export async function assets(send, url) {
	const page = await send(new URL(url));
	const html = page.body;
	const urls = new Set();
	for (const m of html.matchAll(/(?:src|href)=["']([^"']+)["']/g)) {
		urls.add(m[1].replace(/&#0?38;|&amp;/g, '&'));
	}
	for (const m of html.matchAll(
		/<script[^>]*type=["']importmap["'][^>]*>([\s\S]*?)<\/script>/g
	)) {
		try {
			Object.values(JSON.parse(m[1]).imports ?? {}).forEach((u) =>
				urls.add(u)
			);
		} catch {
			// Not JSON: nothing to count.
		}
	}
	const files = [];
	for (const u of urls) {
		if (!u.includes('/plugins/byok-ai/') || !/\.(js|css)(\?|$)/.test(u)) {
			continue;
		}
		const res = await send(new URL(u, url));
		files.push({
			name: new URL(u, url).pathname.replace(/.*\/plugins\//, ''),
			bytes: Buffer.byteLength(res.body),
			gzip: gzipSync(res.body, { level: 9 }).length,
		});
	}
	for (const m of html.matchAll(
		/<(style|script)[^>]*id=["'](byok-ai[^"']*)["'][^>]*>([\s\S]*?)<\/\1>/g
	)) {
		files.push({
			name: `inline #${m[2]}`,
			bytes: Buffer.byteLength(m[3]),
			gzip: gzipSync(m[3], { level: 9 }).length,
		});
	}
	return {
		files,
		gzip: files.reduce((sum, f) => sum + f.gzip, 0),
		mentions: (html.match(/byok-ai/g) ?? []).length,
	};
}

/**
 * The goals table (markdown lines) and whether an assertion failed (the idle rows' SQL).
 * @param {Object} r Figures: p50 stats, throughput (and its rounds: tpRounds), profile, assets.
 */
export function goalsTable(r) {
	const out = [];
	let failed = false;
	const fmt = (v, d = 2) =>
		v === undefined || v === null || Number.isNaN(v) ? '—' : v.toFixed(d);
	const row = (...cells) => out.push(`| ${cells.join(' | ')} |`);
	const met = (ok) => (ok ? 'met' : '**missed**');
	const p = (name) => r.stats[name]?.p50;
	const sql = (name) => r.profile?.[name];
	out.push(
		'',
		'## Issue 13: overhead in bare routes (same run, interleaved)',
		'',
		`bare = p50 of row 1 (${fmt(p('bare'), 1)} ms); ratios of p50s. SQL from the profile phase (X-Bench-Trace, last of 3 requests per case).`,
		''
	);
	row('measure', 'value', 'goal', 'result');
	row('---', '---:', '---', '---');

	const idle = (label, on, off) => {
		const ratio = p(on) / p(off);
		const a = sql(on);
		const b = sql(off);
		const extra = a && b ? a.queries - b.queries : null;
		failed ||= extra !== null && extra > 0;
		let sqlResult = 'unknown';
		if (extra !== null) {
			sqlResult = extra === 0 ? 'ok' : '**FAIL**';
		}
		row(
			`${label}: plugin active × plugin not loaded`,
			`${fmt(ratio, 3)}×, ${extra === null ? '? SQL' : `${extra >= 0 ? '+' : ''}${extra} SQL (${a.queries} vs ${b.queries})`}`,
			`≤ ${GOALS.idleRatio}×, +0 SQL`,
			`time ${met(ratio <= GOALS.idleRatio)}, SQL ${sqlResult}`
		);
	};
	if (p('bare') && p('bareOff')) {
		idle('idle, bare REST route', 'bare', 'bareOff');
	}
	if (p('page') && p('pageOff')) {
		idle('idle, page without the block', 'page', 'pageOff');
	}
	const added = (label, value, goal) =>
		row(
			label,
			`${fmt(value)} bare`,
			goal ? `≤ ${goal.toFixed(2)}` : '',
			goal && value !== undefined ? met(value <= goal) : ''
		);
	const bare = p('bare');
	if (p('chat') && p('upstream')) {
		added(
			'time added on top of the upstream, non-streamed: chat (2a − 2b)',
			(p('chat') - p('upstream')) / bare,
			GOALS.addedRatio
		);
	}
	if (p('visitor') && p('upstream')) {
		added(
			'time added on top of the upstream, non-streamed: visitor (ask, JSON − 2b)',
			(p('visitor') - p('upstream')) / bare,
			GOALS.addedRatio
		);
	}
	if (p('chatStream') && p('upstreamStream')) {
		added(
			'first token added: chat (2c − 2d)',
			(p('chatStream') - p('upstreamStream')) / bare,
			GOALS.firstTokenRatio
		);
	}
	if (p('visitorStream') && p('upstreamStream')) {
		added(
			'first token added: visitor (4a − 2d)',
			(p('visitorStream') - p('upstreamStream')) / bare,
			GOALS.firstTokenRatio
		);
	}
	// Issue 15: what the budget check (reserve before the call, settle after) adds to a chat.
	if (p('chatBudget') && p('chat')) {
		const a = sql('chatBudget');
		const b = sql('chat');
		row(
			'budget check per chat request (issue 15): chat with a money budget − chat without',
			`${fmt((p('chatBudget') - p('chat')) / bare)} bare (${fmt(p('chatBudget') - p('chat'), 1)} ms${a && b ? `; ${a.queries - b.queries >= 0 ? '+' : ''}${a.queries - b.queries} SQL, ${a.writes - b.writes >= 0 ? '+' : ''}${a.writes - b.writes} writes` : ''})`,
			'reported (issue 15 sets no figure)',
			''
		);
	} else {
		row(
			'budget check per chat request (issue 15): chat with a money budget − chat without',
			`unavailable: ${r.unavailable?.chatBudget ?? 'not measured'}`,
			'reported (issue 15 sets no figure)',
			''
		);
	}
	if (r.throughput?.bare) {
		const t = r.throughput;
		for (const [name, label, goal] of [
			['chat', 'chat', null],
			['visitor', 'visitor (ask, JSON)', GOALS.visitorThroughput],
		]) {
			if (t[name]) {
				const ratio = t.ratio[name];
				row(
					`requests/s at ${r.concurrency} concurrent × bare: ${label}`,
					`${fmt(ratio)}× (median of ${r.tpRounds} rounds' ratios; medians ${fmt(t[name], 1)} vs ${fmt(t.bare, 1)}/s)`,
					goal ? `≥ ${goal}` : '',
					goal ? met(ratio >= goal) : ''
				);
			}
		}
		// Where each answer's extra CPU goes, by process (under the same load): the fake
		// upstream shares this machine's cores, where a real provider's work is elsewhere.
		const cpu = t.cpu;
		if (cpu?.bare) {
			const roles = [
				['php', 'php-fpm'],
				['database', 'database'],
				['nginx', 'nginx'],
				['upstream', 'fake upstream'],
				['client', 'bench client'],
			];
			for (const [name, label] of [
				['bare', 'bare'],
				['chat', 'chat'],
				['visitor', 'visitor (ask, JSON)'],
			]) {
				if (cpu[name]) {
					const parts = roles.map(([role, what]) => {
						const value = cpu[name][role] ?? 0;
						const more =
							name === 'bare'
								? ''
								: ` (${value >= cpu.bare[role] ? '+' : '−'}${fmt(Math.abs(value - cpu.bare[role]), 2)})`;
						return `${what} ${fmt(value, 2)}${more}`;
					});
					row(
						`CPU ms per request at ${r.concurrency} concurrent: ${label}`,
						parts.join(', '),
						'',
						''
					);
				}
			}
		}
	}
	for (const [name, label, goal] of [
		['visitor', 'SQL per visitor answer (ask, JSON)', GOALS.visitorWrites],
		[
			'visitorStream',
			'SQL per visitor answer (ask, stream)',
			GOALS.visitorWrites,
		],
		['chat', 'SQL per chat answer (JSON)', null],
		['chatBudget', 'SQL per chat answer with a money budget (JSON)', null],
		['summaryCached', 'SQL per stored summary (visitor)', null],
		[
			'bareOff',
			'SQL of the bare route without the plugin (reference)',
			null,
		],
	]) {
		const s = sql(name);
		if (s) {
			row(
				label,
				`${s.queries} queries, ${s.writes} writes`,
				goal === null ? '' : `≤ ${goal} writes`,
				goal === null ? '' : met(s.writes <= goal)
			);
		}
	}
	for (const [key, label, goal] of [
		[
			'block',
			'JS + CSS of the block (gzip), page with the block',
			GOALS.blockAssetsBytes,
		],
		['plain', 'JS + CSS of the plugin (gzip), page without the block', 0],
	]) {
		const a = r.assets?.[key];
		if (a) {
			row(
				label,
				`${a.gzip} B${a.files.length ? ` (${a.files.map((f) => `${f.name} ${f.gzip}`).join(', ')})` : ''}`,
				`≤ ${goal} B`,
				met(a.gzip <= goal)
			);
		}
	}
	return { lines: out, failed };
}
