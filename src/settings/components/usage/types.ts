/**
 * GET byok-ai/v1/usage?days=30|90: the usage dashboard's data (see includes/Rest/UsageController.php).
 */
import type { UsageResponse } from '../../../lib/types';

export type Period = 30 | 90;

export type CauseKind = 'user' | 'block' | 'plugin' | 'other';

/** Sums of a group of calls; cost_micros is null when none of them had a known price. */
export interface UsageSums {
	requests: number;
	errors: number;
	input_tokens: number;
	output_tokens: number;
	cached_input_tokens: number;
	reasoning_tokens: number;
	/** Millionths of the site currency. */
	cost_micros: number | null;
	/** Calls whose cost is unknown. */
	unknown_cost: number;
}

export interface DailyRow extends UsageSums {
	/** Y-m-d in the site's time zone. */
	date: string;
	provider: string;
	kind: CauseKind;
}

export interface CauseRow extends UsageSums {
	kind: CauseKind;
	source: string;
	label: string;
}

export interface PostRow extends UsageSums {
	post_id: number;
	block_id: string;
	title: string;
}

export interface ErrorRow {
	outcome: string;
	requests: number;
}

export interface Currency {
	code: string;
	symbol: string;
	decimals: number;
}

/** A cap of spend control (Spend\Budget) and what its current period spent. */
export interface BudgetBar {
	/** overall, visitors, users, tokens or provider:{id}. */
	counter: string;
	period: 'day' | 'month';
	/** micros: millionths of the site currency. */
	unit: 'micros' | 'tokens';
	spent: number;
	limit: number;
}

export interface UsageReport extends UsageResponse {
	days: Period;
	timezone: string;
	/** Every day of the period, oldest first. */
	dates: string[];
	daily: DailyRow[];
	causes: CauseRow[];
	top_posts: PostRow[];
	errors: ErrorRow[];
	currency: Currency;
	budgets: BudgetBar[];
}

export type Metric = 'cost' | 'requests' | 'tokens';
