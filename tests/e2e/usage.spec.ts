/**
 * Settings → BYOK AI → Usage: the dashboard from seeded usage rows. The rows go straight into
 * the site's usage table (MariaDB), one and two days old so the "Today" table other specs read
 * stays theirs, and are removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { test, expect } from './fixtures';
import { E2E } from './config';

const CAUSE = 'php:e2e-dashboard';

function sql(statement: string): string {
	return execFileSync('mysql', [
		'-uroot',
		'-N',
		'-e',
		statement,
		E2E.dbName,
	]).toString('utf8');
}

test.describe('Usage dashboard', () => {
	test.beforeAll(() => {
		sql(
			'INSERT INTO wp_byok_ai_usage (created_at, provider, model, input_tokens, output_tokens, outcome, cause, cost_micros) VALUES ' +
				`(UTC_TIMESTAMP() - INTERVAL 2 DAY, 'openai', 'e2e-model', 1000, 200, 'ok', '${CAUSE}', 420000), ` +
				`(UTC_TIMESTAMP() - INTERVAL 1 DAY, 'openai', 'e2e-model', 500, 100, 'ok', '${CAUSE}', 80000), ` +
				`(UTC_TIMESTAMP() - INTERVAL 1 DAY, 'anthropic', 'e2e-unpriced', 300, 0, 'byok_ai_e2e_error', '${CAUSE}', NULL)`
		);
	});

	test.afterAll(() => {
		sql(`DELETE FROM wp_byok_ai_usage WHERE cause = '${CAUSE}'`);
	});

	test('renders the chart, its data, the tables and the CSV export from seeded usage', async ({
		page,
	}) => {
		await page.goto('/wp-admin/options-general.php?page=byok-ai&tab=usage');
		const usage = page.getByRole('region', { name: 'Usage', exact: true });

		// The chart's chunk (uPlot) loads on demand and draws on a canvas.
		await expect(
			usage.locator('.byok-ai-usage-chart canvas').first()
		).toBeVisible();
		await expect(usage.locator('.u-title')).toHaveText(
			'Cost per day, by provider'
		);

		const causes = usage.getByRole('table', { name: 'By cause' });
		await expect(
			causes.getByRole('row', { name: /PHP: e2e-dashboard/ })
		).toContainText('+ 1 unknown');
		await expect(
			usage.getByRole('table', { name: 'Errors by kind' })
		).toContainText('byok_ai_e2e_error');

		// The chart's text alternative, shown on request.
		const data = usage.getByRole('table', {
			name: 'Cost per day, by provider',
		});
		await expect(data).toHaveClass(/screen-reader-text/);
		await usage
			.getByRole('button', { name: 'Show the chart’s data as a table' })
			.click();
		await expect(data).toBeVisible();
		await expect(
			data.getByRole('columnheader', { name: 'OpenAI' })
		).toBeVisible();

		// 90 days.
		await usage.getByLabel('Period').selectOption('90');
		await expect(data.getByRole('row')).toHaveCount(91);

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			usage.getByRole('button', { name: 'Export CSV' }).click(),
		]);
		expect(download.suggestedFilename()).toMatch(
			/^byok-ai-usage-\d{4}-\d{2}-\d{2}-90d\.csv$/
		);
	});
});
