/**
 * The run ends with a scan: no plaintext test key anywhere in a dump of the site's database,
 * nor in the raw database file, nor in the debug log.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E, E2E_KEYS } from './config';

export default function globalTeardown(): void {
	const database = join(E2E.siteDir, 'wp-content', 'database', '.ht.sqlite');
	if (!existsSync(database)) {
		throw new Error(`No database at ${database}: the scan can't run.`);
	}
	const dump = execFileSync('sqlite3', [database, '.dump'], {
		maxBuffer: 512 * 1024 * 1024,
	}).toString('utf8');
	const raw = readFileSync(database).toString('latin1');
	const logFile = join(E2E.siteDir, 'wp-content', 'debug.log');
	const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';

	if (!dump.includes('byokai1.')) {
		throw new Error(
			'The database dump holds no encrypted key: the scan would prove nothing.'
		);
	}
	const leaks: string[] = [];
	for (const [name, key] of Object.entries(E2E_KEYS)) {
		const secret = key.slice(12);
		for (const [where, text] of Object.entries({ dump, raw, log })) {
			if (text.includes(secret)) {
				leaks.push(`${name} in ${where}`);
			}
		}
	}
	if (leaks.length > 0) {
		throw new Error(`Plaintext test keys found: ${leaks.join(', ')}`);
	}
	process.stdout.write(
		`Database scan: ${dump.length} bytes of SQL dump, ${raw.length} bytes of database file, no plaintext test key.\n`
	);
}
