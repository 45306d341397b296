/**
 * What the plugin directory receives: the release zip (bin/plugin-zip.mjs) and the verdict of
 * bin/plugin-check.sh (bin/plugin-check-rules.php: the newer directory rules and the allowed
 * list). The Plugin Check run itself needs a WordPress site: `bash bin/plugin-check.sh`.
 */
import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, run } from '../i18n/gettext';

interface Finding {
	type: string;
	code: string;
	file: string;
	line: number;
}

function tree(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'byok-ai-rules-'));
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, 'byok-ai', path)), { recursive: true });
		writeFileSync(join(dir, 'byok-ai', path), text);
	}
	return dir;
}

const README = `=== X ===
Tested up to: 7.1

Short enough.

== Description ==
`;

describe('release zip', () => {
	let dir = '';
	let listing: string[] = [];

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'byok-ai-zip-'));
		listing = run('node', [
			join(ROOT, 'bin/plugin-zip.mjs'),
			`--out=${join(dir, 'a.zip')}`,
			'--list',
		])
			.split('\n')
			.filter((line) => line.startsWith('byok-ai/'));
		run('node', [
			join(ROOT, 'bin/plugin-zip.mjs'),
			`--out=${join(dir, 'b.zip')}`,
		]);
	}, 60_000);

	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('holds the plugin, its built scripts, the .pot and the sources', () => {
		for (const file of [
			'byok-ai/byok-ai.php',
			'byok-ai/uninstall.php',
			'byok-ai/readme.txt',
			'byok-ai/includes/autoload.php',
			'byok-ai/build/settings.js',
			'byok-ai/build/assistant/block.json',
			'byok-ai/build/blocks-manifest.php',
			'byok-ai/languages/byok-ai.pot',
			'byok-ai/src/settings/index.tsx',
		]) {
			expect(listing).toContain(file);
		}
	});

	it('holds nothing else', () => {
		expect(
			listing.filter(
				(f) =>
					!/^byok-ai\/(byok-ai\.php|uninstall\.php|readme\.txt|(includes|build|languages|src)\/.+)$/.test(
						f
					) || /\/\.|node_modules|README\.md|package\.json/i.test(f)
			)
		).toEqual([]);
	});

	it('is the same bytes every time', () => {
		expect(
			readFileSync(join(dir, 'a.zip')).equals(
				readFileSync(join(dir, 'b.zip'))
			)
		).toBe(true);
	});
});

describe('bin/plugin-check-rules.php', () => {
	const rules = (files: Record<string, string>): Finding[] => {
		const dir = tree(files);
		try {
			return JSON.parse(
				run('php', [
					join(ROOT, 'bin/plugin-check-rules.php'),
					'rules',
					join(dir, 'byok-ai'),
					'7.1',
				])
			) as Finding[];
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	};
	const codes = (found: Finding[]) =>
		found.map((f) => `${f.code} ${f.file}`).sort();

	it('wants a direct-access guard only where code runs on load', () => {
		expect(
			codes(
				rules({
					'readme.txt': README,
					'a.php': '<?php\nnamespace A;\nuse B\\C;\nclass D {}\n',
					'b.asset.php':
						"<?php return array('dependencies' => array('wp-i18n'), 'version' => 'x');\n",
					'c.php':
						"<?php\nnamespace A;\n\ndefined( 'ABSPATH' ) || exit;\n\nf();\n",
					'd.php':
						"<?php\nif ( ! defined( 'ABSPATH' ) ) {\n\texit;\n}\necho 1;\n",
					'e.php': '<?php\nfunction byok_ai_e() {}\n',
					'f.php': '<?php\nspl_autoload_register( "x" );\n',
					'g.php':
						'<?php\nclass G {\n\tfunction h() { ?><p>HTML</p><?php }\n}\n',
					// A string whose text is a lone bracket is no bracket: the class stays one statement.
					'h.php':
						'<?php\nnamespace A;\nclass H {\n\tfunction q( $p ) { return "IN ({$p})"; }\n\tfunction r() {}\n}\n',
					'uninstall.php':
						"<?php\nif ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {\n\texit;\n}\nf();\n",
				})
			)
		).toEqual([
			'missing_direct_file_access_protection e.php',
			'missing_direct_file_access_protection f.php',
		]);
	});

	it('flags load_plugin_textdomain, ini_set, AI hosts, Connectors keys and the readme', () => {
		const found = rules({
			'readme.txt': `=== X ===\nTested up to: 7.0\n\n${'x'.repeat(
				151
			)}\n\n== Description ==\n`,
			'a.php': [
				'<?php',
				"defined( 'ABSPATH' ) || exit;",
				"load_plugin_textdomain( 'x' );",
				"ini_set( 'zlib.output_compression', '0' );",
				"$u = 'https://api.openai.com/v1';",
				"$k = get_option( 'connectors_ai_openai_api_key' );",
				'$o->ini_set( 1 );',
				'',
			].join('\n'),
			'build/x.js': `${'var a=1;'.repeat(100)}\n`,
		});
		expect(codes(found)).toEqual([
			'PluginCheck.CodeAnalysis.AIProvider.DirectIntegration a.php',
			'PluginCheck.Security.AIConnectorAPIKey.DirectAIConnectorAPIKeyAccess a.php',
			'ini_set_found a.php',
			'load_plugin_textdomain_found a.php',
			'minified_js_without_source build/x.js',
			'outdated_tested_upto_header readme.txt',
			'readme_short_description_too_long readme.txt',
		]);
		expect(found.find((f) => f.code === 'ini_set_found')?.line).toBe(4);
	});

	it('accepts minified scripts whose sources ship in src/', () => {
		expect(
			rules({
				'readme.txt': README,
				'build/x.js': `${'var a=1;'.repeat(100)}\n`,
				'src/x.ts': 'export const a = 1;\n',
			})
		).toEqual([]);
	});

	describe('report', () => {
		const report = (
			output: string,
			allowed: unknown[],
			log = 'plugins/other/a.php'
		): { status: number; text: string } => {
			const dir = tree({ 'readme.txt': README });
			writeFileSync(join(dir, 'out'), output);
			writeFileSync(join(dir, 'allowed.json'), JSON.stringify(allowed));
			writeFileSync(
				join(dir, 'debug.log'),
				`[02-Dec-2026 03:00:00 UTC] PHP Deprecated:  x in /s/wp-content/${log} on line 1\n`
			);
			try {
				return {
					status: 0,
					text: run('php', [
						join(ROOT, 'bin/plugin-check-rules.php'),
						'report',
						join(dir, 'out'),
						join(dir, 'byok-ai'),
						join(dir, 'allowed.json'),
						join(dir, 'debug.log'),
						'7.1',
					]),
				};
			} catch (e) {
				return { status: 1, text: String(e) };
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		};
		const warning =
			'Setting up runtime environment.\nFILE: includes/a.php\n[{"line":3,"column":1,"type":"WARNING","code":"Some.Code","message":"m","docs":""}]\n\n';

		it('passes a clean run', () => {
			const { status, text } = report(
				'Setting up runtime environment.\nSuccess: Checks complete. No errors found.\n',
				[]
			);
			expect(status).toBe(0);
			expect(text).toMatch(/^Plugin Check: PASS — 0 errors, 0 warnings/m);
		});

		it('fails on a PHP notice from the plugin during the run', () => {
			const clean =
				'Setting up runtime environment.\nSuccess: Checks complete. No errors found.\n';
			const { status, text } = report(clean, [], 'plugins/byok-ai/a.php');
			expect(status).toBe(1);
			expect(text).toMatch(/php_notice/);
		});

		it('fails on a warning that is not allowed', () => {
			const { status, text } = report(warning, []);
			expect(status).toBe(1);
			expect(text).toMatch(/Plugin Check: FAIL — 0 errors, 1 warnings/);
		});

		it('passes a warning allowed with a reason', () => {
			const { status, text } = report(warning, [
				{
					code: 'Some.Code',
					file: 'includes/*.php',
					reason: 'Because.',
				},
			]);
			expect(status).toBe(0);
			expect(text).toMatch(/PASS — 0 errors, 0 warnings; 1 allowed/);
		});

		it('fails on an allowed entry that matches nothing, or has no reason', () => {
			expect(
				report(warning, [
					{
						code: 'Some.Code',
						file: 'includes/*.php',
						reason: 'Because.',
					},
					{ code: 'Gone', file: 'x.php', reason: 'Old.' },
				]).text
			).toMatch(/FAIL .*1 stale allowed entries/);
			expect(
				report(warning, [{ code: 'Some.Code', file: 'includes/*.php' }])
					.status
			).toBe(1);
		});
	});
});
