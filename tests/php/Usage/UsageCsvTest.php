<?php
/**
 * The CSV export's text.
 *
 * @package ByokAi\Tests
 */

namespace ByokAi\Tests\Usage;

use ByokAi\Tests\TestCase;
use ByokAi\Usage\UsageCsv;

/**
 * Formula-safe, quoted cells and the daily rows.
 */
class UsageCsvTest extends TestCase {

	/**
	 * Cells that a spreadsheet would read as formulas get an apostrophe; CSV quoting applies.
	 */
	public function test_cells_are_safe_in_a_spreadsheet(): void {
		$this->assertSame( "'=1+2", UsageCsv::cell( '=1+2' ) );
		$this->assertSame( "'+1", UsageCsv::cell( '+1' ) );
		$this->assertSame( "'-1", UsageCsv::cell( '-1' ) );
		$this->assertSame( "'@SUM(A1)", UsageCsv::cell( '@SUM(A1)' ) );
		$this->assertSame( "'\tx", UsageCsv::cell( "\tx" ) );
		$this->assertSame( "\"'\rx\"", UsageCsv::cell( "\rx" ) );
		$this->assertSame( '"\'=HYPERLINK(""http://x"",""y"")"', UsageCsv::cell( '=HYPERLINK("http://x","y")' ) );
		$this->assertSame( '"a,b"', UsageCsv::cell( 'a,b' ) );
		$this->assertSame( 'plain', UsageCsv::cell( 'plain' ) );
		$this->assertSame( '', UsageCsv::cell( '' ) );
		$this->assertSame( 'a=b', UsageCsv::cell( 'a=b' ) );
	}

	/**
	 * A header, one line per daily row; an unknown cost is an empty cell, a known one a decimal.
	 */
	public function test_the_daily_rows(): void {
		$sums   = array(
			'requests'            => 2,
			'errors'              => 1,
			'input_tokens'        => 30,
			'output_tokens'       => 4,
			'cached_input_tokens' => 5,
			'reasoning_tokens'    => 6,
		);
		$report = array(
			'days'      => 30,
			'timezone'  => 'UTC',
			'dates'     => array( '2026-06-09', '2026-06-10' ),
			'daily'     => array(
				array(
					'date'         => '2026-06-10',
					'provider'     => 'openai',
					'kind'         => 'user',
					'cost_micros'  => 1234567,
					'unknown_cost' => 0,
				) + $sums,
				array(
					'date'         => '2026-06-10',
					'provider'     => '=cmd',
					'kind'         => 'plugin',
					'cost_micros'  => null,
					'unknown_cost' => 2,
				) + $sums,
				array(
					'date'         => '2026-06-10',
					'provider'     => 'gemini',
					'kind'         => 'block',
					'cost_micros'  => 42,
					'unknown_cost' => 0,
				) + $sums,
			),
			'causes'    => array(),
			'top_posts' => array(),
			'errors'    => array(),
		);
		$this->assertSame(
			"date,provider,cause,requests,errors,input_tokens,output_tokens,cached_input_tokens,reasoning_tokens,cost,requests_with_unknown_cost\r\n"
			. "2026-06-10,openai,user,2,1,30,4,5,6,1.234567,0\r\n"
			. "2026-06-10,'=cmd,plugin,2,1,30,4,5,6,,2\r\n"
			. "2026-06-10,gemini,block,2,1,30,4,5,6,0.000042,0\r\n",
			UsageCsv::from_report( $report )
		);
		$this->assertSame( 'byok-ai-usage-2026-06-10-30d.csv', UsageCsv::filename( $report ) );
	}
}
