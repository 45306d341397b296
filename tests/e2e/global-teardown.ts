/**
 * The run ends with a scan: no plaintext test key anywhere in a dump of the site's MariaDB
 * database, nor in the PHP/debug log; and the dump must hold an encrypted key envelope, or the
 * scan would prove nothing. The site's php-fpm and nginx are stopped afterwards, pass or fail.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { E2E, E2E_KEYS } from './config';

function scan(): void {
	const dump = execFileSync(
		'mysqldump',
		['-uroot', '--skip-extended-insert', '--skip-comments', E2E.dbName],
		{ maxBuffer: 512 * 1024 * 1024 }
	).toString('utf8');
	const log = existsSync(E2E.debugLog)
		? readFileSync(E2E.debugLog, 'utf8')
		: '';

	if (!dump.includes('byokai1.')) {
		throw new Error(
			'The database dump holds no encrypted key (byokai1. envelope): the scan would prove nothing.'
		);
	}
	const leaks: string[] = [];
	for (const [name, key] of Object.entries(E2E_KEYS)) {
		const secret = key.slice(12);
		for (const [where, text] of Object.entries({ dump, log })) {
			if (text.includes(secret)) {
				leaks.push(`${name} in ${where}`);
			}
		}
	}
	if (leaks.length > 0) {
		throw new Error(`Plaintext test keys found: ${leaks.join(', ')}`);
	}
	process.stdout.write(
		`Database scan: ${dump.length} bytes of SQL dump (${E2E.dbName}), ${log.length} bytes of debug log, no plaintext test key.\n`
	);
}

export default function globalTeardown(): void {
	try {
		scan();
	} finally {
		execFileSync('bash', [`${E2E.repo}/bin/native-site.sh`, 'stop'], {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, NATIVE_SITE_DIR: E2E.siteDir },
		});
	}
}
