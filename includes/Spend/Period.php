<?php
/**
 * Budget periods in the site's time zone.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

use DateTimeImmutable;

/**
 * A day or a month as the site counts them (Settings → General → Timezone): a site in UTC+14
 * starts its day ten hours before UTC does, one in UTC−10 ten hours after. A period is named by
 * its local date, so nothing resets a counter: the next period simply has another name.
 */
final class Period {

	public const DAY   = 'day';
	public const MONTH = 'month';
	public const ALL   = array( self::DAY, self::MONTH );

	/**
	 * Returns the name of the period holding a moment, e.g. "d:2026-12-02" or "m:2026-12".
	 *
	 * @param string $period DAY or MONTH.
	 * @param int    $now    Unix time.
	 */
	public static function id( string $period, int $now ): string {
		$local = self::local( $now );
		return self::MONTH === $period ? 'm:' . $local->format( 'Y-m' ) : 'd:' . $local->format( 'Y-m-d' );
	}

	/**
	 * Returns when the period holding a moment ends (Unix time of the next local midnight or
	 * first of the month).
	 *
	 * @param string $period DAY or MONTH.
	 * @param int    $now    Unix time.
	 */
	public static function end( string $period, int $now ): int {
		$local = self::local( $now )->setTime( 0, 0 );
		$next  = self::MONTH === $period ? $local->modify( 'first day of next month' ) : $local->modify( '+1 day' );
		return $next->getTimestamp();
	}

	/**
	 * A moment in the site's time zone.
	 *
	 * @param int $now Unix time.
	 */
	private static function local( int $now ): DateTimeImmutable {
		return ( new DateTimeImmutable( '@' . $now ) )->setTimezone( wp_timezone() );
	}
}
