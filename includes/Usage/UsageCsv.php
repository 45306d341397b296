<?php
/**
 * The usage dashboard's CSV export.
 *
 * @package ByokAi
 */

namespace ByokAi\Usage;

/**
 * Writes a report's daily rows as RFC 4180 CSV, safe to open in a spreadsheet: a cell that starts
 * with = + - @ tab or carriage return gets a leading apostrophe, so it is never read as a formula.
 *
 * @phpstan-import-type Report from UsageReport
 */
class UsageCsv {

	/**
	 * The CSV text: a header, then one line per day, provider and cause kind.
	 *
	 * @param array $report Report.
	 *
	 * @phpstan-param Report $report
	 */
	public static function from_report( array $report ): string {
		$lines = array(
			self::line( array( 'date', 'provider', 'cause', 'requests', 'errors', 'input_tokens', 'output_tokens', 'cached_input_tokens', 'reasoning_tokens', 'cost', 'requests_with_unknown_cost' ) ),
		);
		foreach ( $report['daily'] as $row ) {
			$lines[] = self::line(
				array(
					$row['date'],
					$row['provider'],
					$row['kind'],
					(string) $row['requests'],
					(string) $row['errors'],
					(string) $row['input_tokens'],
					(string) $row['output_tokens'],
					(string) $row['cached_input_tokens'],
					(string) $row['reasoning_tokens'],
					null === $row['cost_micros'] ? '' : self::money( $row['cost_micros'] ),
					(string) $row['unknown_cost'],
				)
			);
		}
		return implode( "\r\n", $lines ) . "\r\n";
	}

	/**
	 * The file name for a period: byok-ai-usage-{last day}-{days}d.csv.
	 *
	 * @param array $report Report.
	 *
	 * @phpstan-param Report $report
	 */
	public static function filename( array $report ): string {
		$last = end( $report['dates'] );
		return sprintf( 'byok-ai-usage-%s-%dd.csv', false === $last ? 'none' : $last, $report['days'] );
	}

	/**
	 * Makes a cell safe for a spreadsheet (no formula) and for CSV (quoted when needed).
	 *
	 * @param string $value Cell.
	 */
	public static function cell( string $value ): string {
		if ( '' !== $value && false !== strpos( "=+-@\t\r", $value[0] ) ) {
			$value = "'" . $value;
		}
		if ( false !== strpbrk( $value, "\",\r\n" ) || trim( $value ) !== $value ) {
			$value = '"' . str_replace( '"', '""', $value ) . '"';
		}
		return $value;
	}

	/**
	 * One CSV line.
	 *
	 * @param string[] $cells Cells.
	 */
	private static function line( array $cells ): string {
		return implode( ',', array_map( array( self::class, 'cell' ), $cells ) );
	}

	/**
	 * Millionths of the currency as a decimal amount: 1234567 → "1.234567".
	 *
	 * @param int $micros Amount.
	 */
	private static function money( int $micros ): string {
		return intdiv( $micros, 1000000 ) . '.' . str_pad( (string) ( $micros % 1000000 ), 6, '0', STR_PAD_LEFT );
	}
}
