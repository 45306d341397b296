<?php
/**
 * The site's currency for prices and budgets.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

use WP_Error;

/**
 * Money in this plugin is counted in micros: millionths of the site's currency, as integers.
 *
 * Shipped prices are in US dollars. A site in another currency states how many units of its
 * currency one dollar buys (`usd_rate`); shipped prices are multiplied by it. Prices the
 * administrator enters are in the site's currency and never converted. With a currency other
 * than USD and no rate (0), shipped prices are not used at all: those models' cost is unknown
 * (covered by the token budget) rather than counted in the wrong unit.
 *
 * Kept in an option that is not autoloaded: only calls, the settings page and alerts read it.
 */
final class Currency {

	public const OPTION = 'byok_ai_currency';

	private const DEFAULTS = array(
		'code'     => 'USD',
		'symbol'   => '$',
		'usd_rate' => 1.0,
		'decimals' => 2,
	);

	/**
	 * Settings read in this request.
	 *
	 * @var array{code: string, symbol: string, usd_rate: float, decimals: int}|null
	 */
	private ?array $settings = null;

	/**
	 * Returns the JSON schema of the setting.
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'code'     => array(
					'description' => __( 'ISO 4217 code of the site currency.', 'byok-ai' ),
					'type'        => 'string',
					'pattern'     => '^[A-Z]{3}$',
					'minLength'   => 3,
					'maxLength'   => 3,
				),
				'symbol'   => array(
					'description' => __( 'Symbol shown before amounts.', 'byok-ai' ),
					'type'        => 'string',
					'maxLength'   => 8,
				),
				'usd_rate' => array(
					'description' => __( 'Units of the site currency per US dollar, applied to the shipped prices; 0 leaves them unused.', 'byok-ai' ),
					'type'        => 'number',
					'minimum'     => 0,
					'maximum'     => 1000000,
				),
				'decimals' => array(
					'description' => __( 'Decimals shown.', 'byok-ai' ),
					'type'        => 'integer',
					'minimum'     => 0,
					'maximum'     => 6,
				),
			),
		);
	}

	/**
	 * Returns the settings, defaults filled in.
	 *
	 * @return array{code: string, symbol: string, usd_rate: float, decimals: int}
	 */
	public function get(): array {
		if ( null === $this->settings ) {
			$stored         = get_option( self::OPTION, array() );
			$stored         = is_array( $stored ) ? $stored : array();
			$this->settings = array(
				'code'     => is_string( $stored['code'] ?? null ) ? $stored['code'] : self::DEFAULTS['code'],
				'symbol'   => is_string( $stored['symbol'] ?? null ) ? $stored['symbol'] : self::DEFAULTS['symbol'],
				'usd_rate' => is_numeric( $stored['usd_rate'] ?? null ) ? (float) $stored['usd_rate'] : self::DEFAULTS['usd_rate'],
				'decimals' => is_numeric( $stored['decimals'] ?? null ) ? (int) $stored['decimals'] : self::DEFAULTS['decimals'],
			);
		}
		return $this->settings;
	}

	/**
	 * Validates and stores new settings (fields left out keep their value).
	 *
	 * @param mixed $value Settings from a request.
	 * @return true|WP_Error
	 */
	public function save( $value ) {
		$schema = self::schema();
		$valid  = rest_validate_value_from_schema( $value, $schema, 'currency' );
		if ( is_wp_error( $valid ) ) {
			return $valid;
		}
		$value = (array) rest_sanitize_value_from_schema( $value, $schema, 'currency' );
		update_option( self::OPTION, array_merge( $this->get(), $value ), false );
		$this->settings = null;
		return true;
	}

	/**
	 * How many micros of the site currency one US dollar micro is worth; null when shipped
	 * (dollar) prices can't be used.
	 */
	public function usd_rate(): ?float {
		$settings = $this->get();
		if ( 'USD' === $settings['code'] ) {
			return 1.0;
		}
		return $settings['usd_rate'] > 0 ? $settings['usd_rate'] : null;
	}

	/**
	 * Formats an amount for people, e.g. "$12.50" or "12.50 EUR" when there is no symbol.
	 *
	 * @param int $micros Amount in micros.
	 */
	public function format( int $micros ): string {
		$settings = $this->get();
		$amount   = number_format_i18n( $micros / 1000000, $settings['decimals'] );
		return '' !== $settings['symbol'] ? $settings['symbol'] . $amount : $amount . ' ' . $settings['code'];
	}

	/**
	 * Converts an amount in the currency (as the administrator enters it) to micros.
	 *
	 * @param float $amount Amount.
	 */
	public static function to_micros( float $amount ): int {
		return (int) round( $amount * 1000000 );
	}
}
