<?php
/**
 * Prices per provider and model, and what a call cost.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

use WP_Error;

/**
 * The price table: shipped defaults (DefaultPrices, converted to the site currency), the
 * administrator's own prices on top (in the site currency; model '*' prices every model of a
 * provider, e.g. 0 for a local Ollama), then the `byok_ai_prices` filter.
 *
 * Usage, as providers report it (ChatResponse): `input_tokens` counts every prompt token,
 * cached ones included, and `cached_input_tokens` is the part of it read from a cache;
 * `output_tokens` counts every generated token, reasoning/thinking included, and
 * `reasoning_tokens` is the part of it spent thinking. A part larger than its whole is cut to
 * the whole, so a miscount can't make a call cheaper than its whole counted at full price.
 *
 * Costs are rounded up to the next micro, so many small calls are never counted below what
 * they cost. The option is not autoloaded: only calls and the settings page read it.
 * (Just over 300 lines: one job — look up a price, name matching of dated snapshots included,
 * and the cost arithmetic; the shipped table itself lives in DefaultPrices.)
 */
class Prices {

	public const OPTION = 'byok_ai_prices';

	/** A model name: what providers and deployments use, '*' for every model. */
	public const MODEL_PATTERN = '^(\*|[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,99})$';

	/** Highest price per million tokens accepted (in the site currency). */
	private const MAX_PRICE = 100000;

	/** Snapshot suffixes that name a dated or numbered version of a base model. */
	private const SNAPSHOT = '/-(\d{8}|\d{4}-\d{2}-\d{2}|latest|\d{3}|preview(-\d{2}-\d{4})?|exp(-\d{2}-\d{4})?)$/';

	private Currency $currency;

	/** @var array<string, array<string, array{input: float, output: float, cached_input: float, reasoning: float}>>|null Resolved table of this request. */
	private ?array $table = null;

	/**
	 * Stores the currency.
	 *
	 * @param Currency $currency Site currency.
	 */
	public function __construct( Currency $currency ) {
		$this->currency = $currency;
	}

	/**
	 * Returns the JSON schema of one price.
	 *
	 * @return array<string, mixed>
	 */
	public static function price_schema(): array {
		$price = array(
			'type'    => 'number',
			'minimum' => 0,
			'maximum' => self::MAX_PRICE,
		);
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'required'             => array( 'input', 'output' ),
			'properties'           => array(
				'input'        => $price + array( 'description' => __( 'Input tokens, per million.', 'byok-ai' ) ),
				'output'       => $price + array( 'description' => __( 'Output tokens, per million.', 'byok-ai' ) ),
				'cached_input' => array(
					'type'        => array( 'number', 'null' ),
					'minimum'     => 0,
					'maximum'     => self::MAX_PRICE,
					'description' => __( 'Cached input tokens, per million; empty means the input price.', 'byok-ai' ),
				),
				'reasoning'    => array(
					'type'        => array( 'number', 'null' ),
					'minimum'     => 0,
					'maximum'     => self::MAX_PRICE,
					'description' => __( 'Reasoning (thinking) tokens, per million; empty means the output price.', 'byok-ai' ),
				),
			),
		);
	}

	/**
	 * Returns the JSON schema of the administrator's prices: provider → model → price.
	 *
	 * @param string[] $providers Provider ids.
	 * @return array<string, mixed>
	 */
	public static function schema( array $providers ): array {
		$models = array(
			'type'                 => 'object',
			'maxProperties'        => 200,
			'patternProperties'    => array( self::MODEL_PATTERN => self::price_schema() ),
			'additionalProperties' => false,
		);
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array_fill_keys( $providers, $models ),
		);
	}

	/**
	 * Returns the administrator's prices.
	 *
	 * @return array<string, array<string, array<string, float|null>>>
	 */
	public function overrides(): array {
		$stored = get_option( self::OPTION, array() );
		return is_array( $stored ) ? $stored : array();
	}

	/**
	 * Validates and replaces the administrator's prices.
	 *
	 * @param mixed    $value     Prices from a request.
	 * @param string[] $providers Provider ids.
	 * @return true|WP_Error
	 */
	public function save( $value, array $providers ) {
		$schema = self::schema( $providers );
		$valid  = rest_validate_value_from_schema( $value, $schema, 'prices' );
		if ( is_wp_error( $valid ) ) {
			return $valid;
		}
		update_option( self::OPTION, rest_sanitize_value_from_schema( $value, $schema, 'prices' ), false );
		$this->table = null;
		return true;
	}

	/**
	 * Forgets what this request resolved (after the currency changed).
	 */
	public function flush(): void {
		$this->table = null;
	}

	/**
	 * Returns the resolved table in the site currency: provider → model → prices per million
	 * tokens, cached input and reasoning filled in.
	 *
	 * @return array<string, array<string, array{input: float, output: float, cached_input: float, reasoning: float}>>
	 */
	public function table(): array {
		if ( null !== $this->table ) {
			return $this->table;
		}
		$table = array();
		$rate  = $this->currency->usd_rate();
		if ( null !== $rate ) {
			foreach ( DefaultPrices::table() as $provider => $models ) {
				foreach ( $models as $model => $price ) {
					$table[ $provider ][ $model ] = self::complete( $price, $rate );
				}
			}
		}
		foreach ( $this->overrides() as $provider => $models ) {
			foreach ( (array) $models as $model => $price ) {
				$table[ (string) $provider ][ strtolower( (string) $model ) ] = self::complete( (array) $price, 1.0 );
			}
		}
		/**
		 * Filters the price table (site currency per million tokens) before costs are counted.
		 *
		 * @since 0.2.0
		 *
		 * @param array  $table    Provider → model → {input, output, cached_input, reasoning}.
		 * @param string $currency ISO code of the site currency.
		 */
		$filtered = apply_filters( 'byok_ai_prices', $table, $this->currency->get()['code'] );
		$table    = array();
		foreach ( is_array( $filtered ) ? $filtered : array() as $provider => $models ) {
			foreach ( is_array( $models ) ? $models : array() as $model => $price ) {
				if ( is_array( $price ) && is_numeric( $price['input'] ?? null ) && is_numeric( $price['output'] ?? null ) ) {
					$table[ (string) $provider ][ strtolower( (string) $model ) ] = self::complete( $price, 1.0 );
				}
			}
		}
		$this->table = $table;
		return $table;
	}

	/**
	 * Returns the prices of a model, or null when unknown. A dated or numbered snapshot
	 * (claude-haiku-4-5-20251001, gpt-5.4-mini-2026-03-17, gemini-2.0-flash-001) has its base
	 * model's price unless priced itself; '*' prices any other model of the provider.
	 *
	 * @param string $provider Provider id.
	 * @param string $model    Model (or Azure deployment) name.
	 * @return array{input: float, output: float, cached_input: float, reasoning: float}|null
	 */
	public function price( string $provider, string $model ): ?array {
		$models = $this->table()[ $provider ] ?? array();
		$model  = strtolower( $model );
		if ( 0 === strpos( $model, 'models/' ) ) {
			$model = (string) substr( $model, 7 );
		}
		for ( $name = $model, $i = 0; $i < 3; $i++ ) {
			if ( isset( $models[ $name ] ) ) {
				return $models[ $name ];
			}
			$base = (string) preg_replace( self::SNAPSHOT, '', $name );
			if ( $base === $name ) {
				break;
			}
			$name = $base;
		}
		return $models['*'] ?? null;
	}

	/**
	 * Returns what a call cost in micros of the site currency, or null when the model's price
	 * is unknown.
	 *
	 * @param string               $provider Provider id.
	 * @param string               $model    Model that answered.
	 * @param array<string, mixed> $usage    input_tokens, output_tokens, cached_input_tokens, reasoning_tokens.
	 */
	public function cost_micros( string $provider, string $model, array $usage ): ?int {
		$price = $this->price( $provider, $model );
		if ( null === $price ) {
			return null;
		}
		$input     = self::count( $usage, 'input_tokens' );
		$cached    = min( $input, self::count( $usage, 'cached_input_tokens' ) );
		$output    = self::count( $usage, 'output_tokens' );
		$reasoning = min( $output, self::count( $usage, 'reasoning_tokens' ) );
		// Micro-units per million tokens × tokens = micros × 10^6.
		$total = ( $input - $cached ) * self::units( $price['input'] )
			+ $cached * self::units( $price['cached_input'] )
			+ ( $output - $reasoning ) * self::units( $price['output'] )
			+ $reasoning * self::units( $price['reasoning'] );
		return intdiv( $total + 999999, 1000000 );
	}

	/**
	 * Returns the most a call can cost: every input token uncached, every output token at the
	 * dearer of the output and reasoning prices. Null when the price is unknown.
	 *
	 * @param string $provider      Provider id.
	 * @param string $model         Model.
	 * @param int    $input_tokens  Input estimate (estimate_tokens()).
	 * @param int    $output_tokens The output cap sent upstream (thinking headroom included).
	 */
	public function worst_case_micros( string $provider, string $model, int $input_tokens, int $output_tokens ): ?int {
		$price = $this->price( $provider, $model );
		if ( null === $price ) {
			return null;
		}
		$total = max( 0, $input_tokens ) * self::units( $price['input'] )
			+ max( 0, $output_tokens ) * self::units( max( $price['output'], $price['reasoning'] ) );
		return intdiv( $total + 999999, 1000000 );
	}

	/**
	 * Estimates the input tokens of a prompt from above: one token per two bytes plus a little
	 * per call (tokenizers give about four characters of English, or one CJK character of three
	 * bytes, per token), so a reservation covers the prompt without a tokenizer.
	 *
	 * @param string $text Everything sent: system prompt and messages.
	 */
	public static function estimate_tokens( string $text ): int {
		return (int) ceil( strlen( $text ) / 2 ) + 16;
	}

	/**
	 * Fills in the optional prices and converts them.
	 *
	 * @param array<string, mixed> $price Price with input and output.
	 * @param float                $rate  Conversion factor.
	 * @return array{input: float, output: float, cached_input: float, reasoning: float}
	 */
	private static function complete( array $price, float $rate ): array {
		$input  = (float) $price['input'];
		$output = (float) $price['output'];
		return array(
			'input'        => $input * $rate,
			'output'       => $output * $rate,
			'cached_input' => ( is_numeric( $price['cached_input'] ?? null ) ? (float) $price['cached_input'] : $input ) * $rate,
			'reasoning'    => ( is_numeric( $price['reasoning'] ?? null ) ? (float) $price['reasoning'] : $output ) * $rate,
		);
	}

	/**
	 * A price per million tokens in micro-units (exact for prices with up to six decimals).
	 *
	 * @param float $price Price.
	 */
	private static function units( float $price ): int {
		return (int) round( max( 0.0, $price ) * 1000000 );
	}

	/**
	 * A token count from a usage array; missing or negative counts are 0.
	 *
	 * @param array<string, mixed> $usage Usage.
	 * @param string               $key   Key.
	 */
	private static function count( array $usage, string $key ): int {
		return is_numeric( $usage[ $key ] ?? null ) ? max( 0, (int) $usage[ $key ] ) : 0;
	}
}
