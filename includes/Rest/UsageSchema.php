<?php
/**
 * The JSON schema of GET byok-ai/v1/usage.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Usage\UsageReport;

/**
 * The usage dashboard's answer: totals, the report for a period, the currency and the budget
 * bars. UsageController serves it as the route's schema (OPTIONS) and takes `days` from it.
 */
final class UsageSchema {

	/**
	 * JSON schema of GET /usage's answer.
	 *
	 * @return array<string, mixed>
	 */
	public static function usage(): array {
		$count  = array(
			'type'    => 'integer',
			'minimum' => 0,
		);
		$sums   = array(
			'requests'            => $count,
			'errors'              => $count,
			'input_tokens'        => $count,
			'output_tokens'       => $count,
			'cached_input_tokens' => $count,
			'reasoning_tokens'    => $count,
			'cost_micros'         => array(
				'description' => __( 'Cost in millionths of the site currency; null when no call of the group had a known price.', 'byok-ai' ),
				'type'        => array( 'integer', 'null' ),
				'minimum'     => 0,
			),
			'unknown_cost'        => array(
				'description' => __( 'Calls whose cost is unknown (no price for their model).', 'byok-ai' ),
			) + $count,
		);
		$totals = self::rows(
			array(
				'provider'      => array( 'type' => 'string' ),
				'requests'      => $count,
				'errors'        => $count,
				'input_tokens'  => $count,
				'output_tokens' => $count,
			)
		);
		$kind   = array(
			'type' => 'string',
			'enum' => UsageReport::KINDS,
		);

		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'byok-ai-usage',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'today'        => $totals,
				'last_30_days' => $totals,
				'days'         => array(
					'description' => __( 'Days in the report, today included.', 'byok-ai' ),
					'type'        => 'integer',
					'enum'        => UsageReport::PERIODS,
				),
				'timezone'     => array(
					'description' => __( 'The site time zone the days are counted in.', 'byok-ai' ),
					'type'        => 'string',
				),
				'dates'        => array(
					'type'  => 'array',
					'items' => array(
						'type'   => 'string',
						'format' => 'date',
					),
				),
				'daily'        => self::rows(
					array(
						'date'     => array( 'type' => 'string' ),
						'provider' => array( 'type' => 'string' ),
						'kind'     => $kind,
					) + $sums
				),
				'causes'       => self::rows(
					array(
						'kind'   => $kind,
						'source' => array( 'type' => 'string' ),
						'label'  => array( 'type' => 'string' ),
					) + $sums
				),
				'top_posts'    => self::rows(
					array(
						'post_id'  => $count,
						'block_id' => array( 'type' => 'string' ),
						'title'    => array( 'type' => 'string' ),
					) + $sums
				),
				'errors'       => self::rows(
					array(
						'outcome'  => array( 'type' => 'string' ),
						'requests' => $count,
					)
				),
				'currency'     => array(
					'type'                 => 'object',
					'additionalProperties' => false,
					'properties'           => array(
						'code'     => array( 'type' => 'string' ),
						'symbol'   => array( 'type' => 'string' ),
						'decimals' => $count,
					),
				),
				'budgets'      => self::rows(
					array(
						'counter' => array(
							'description' => __( 'What the cap counts: overall, visitors, users, tokens or provider:{id}.', 'byok-ai' ),
							'type'        => 'string',
						),
						'period'  => array(
							'type' => 'string',
							'enum' => array( 'day', 'month' ),
						),
						'unit'    => array(
							'description' => __( 'micros: millionths of the site currency; tokens.', 'byok-ai' ),
							'type'        => 'string',
							'enum'        => array( 'micros', 'tokens' ),
						),
						'spent'   => $count,
						'limit'   => $count,
					)
				),
			),
		);
	}

	/**
	 * An array of objects with these properties.
	 *
	 * @param array<string, array<string, mixed>> $properties Properties.
	 * @return array<string, mixed>
	 */
	private static function rows( array $properties ): array {
		return array(
			'type'  => 'array',
			'items' => array(
				'type'                 => 'object',
				'additionalProperties' => false,
				'properties'           => $properties,
			),
		);
	}
}
