<?php
/**
 * The administrator's rules for AI use.
 *
 * @package ByokAi
 */

namespace ByokAi\Ai;

use ByokAi\Providers\Provider;
use ByokAi\Providers\Registry;
use WP_Error;

/**
 * Stores and enforces, server-side, what callers may not choose: which provider answers first
 * and which take over, which models each provider may use, the largest answer, the timeout, and
 * which roles may use AI while editing.
 *
 * Roles are kept where WordPress keeps them, as the capability CAPABILITY on each role, so role
 * editors and the `user_has_cap` filter work as usual.
 *
 * The visitor limits (questions per IP address per window, requests per block per hour, public
 * requests per day, and which proxy header names the client) apply to the AI Assistant block.
 * The per-person limit (user_hourly_limit: requests per hour, 0 allows none) applies to what
 * logged-in people spend through /chat and the block preview (UserLimit).
 *
 * Over 300 lines on purpose: schema() is the one source of every field's bounds (PUT /policy's
 * arguments, OPTIONS for the settings app, check() here), and the roles' capability is part of
 * the same resource; splitting them would put one rule in two files again.
 *
 * @phpstan-type PolicyData array{primary: string, fallback: list<string>, max_output_tokens: int, timeout: int, models: array<string, list<string>>, visitor_ip_limit: int, visitor_ip_window: int, visitor_block_limit: int, visitor_daily_cap: int, proxy_header: string, user_hourly_limit: int}
 */
class Policy {

	public const OPTION     = 'byok_ai_policy';
	public const CAPABILITY = 'byok_ai_use';

	public const DEFAULT_MAX_OUTPUT_TOKENS = 1024;
	public const DEFAULT_TIMEOUT           = 60;
	public const MAX_TIMEOUT               = 300;
	public const MIN_TIMEOUT               = 5;
	public const MAX_MODELS                = 20;

	/** Visitor limits of a fresh install: per IP address per window, per block per hour, per day. */
	public const DEFAULT_VISITOR_IP_LIMIT    = 20;
	public const DEFAULT_VISITOR_IP_WINDOW   = 60;
	public const DEFAULT_VISITOR_BLOCK_LIMIT = 200;
	public const DEFAULT_VISITOR_DAILY_CAP   = 1000;

	/** AI requests each logged-in person may make per hour (chat, block preview) on a fresh install. */
	public const DEFAULT_USER_HOURLY_LIMIT = 60;
	public const MAX_USER_HOURLY_LIMIT     = 10000;

	/** Headers an administrator may name as carrying the client address ('' = the connection's). */
	public const PROXY_HEADERS = array( '', 'X-Forwarded-For', 'X-Real-IP', 'CF-Connecting-IP', 'True-Client-IP' );

	/** Bounds of the whole-number fields: the schema's minimum and maximum. */
	private const NUMBERS = array(
		'max_output_tokens'   => array( 1, ChatRequest::MAX_TOKENS_LIMIT ),
		'timeout'             => array( self::MIN_TIMEOUT, self::MAX_TIMEOUT ),
		'visitor_ip_limit'    => array( 0, 10000 ),
		'visitor_ip_window'   => array( 1, 1440 ),
		'visitor_block_limit' => array( 0, 100000 ),
		'visitor_daily_cap'   => array( 0, 1000000 ),
		'user_hourly_limit'   => array( 0, self::MAX_USER_HOURLY_LIMIT ),
	);

	private Registry $registry;

	/**
	 * The fields' schema, built once: get() checks the stored option with it on every read.
	 *
	 * @var array<string, array<string, mixed>>|null
	 */
	private ?array $fields = null;

	/**
	 * The stored option get() last cleaned, and what it gave (a chat reads the policy 4–7 times).
	 *
	 * @var array<mixed>|null
	 */
	private ?array $seen_raw = null;

	/** @var PolicyData|null */
	private ?array $seen_clean = null;

	/**
	 * Stores the registry.
	 *
	 * @param Registry $registry Providers.
	 */
	public function __construct( Registry $registry ) {
		$this->registry = $registry;
	}

	/**
	 * Returns the policy, with defaults for anything unset or no longer valid.
	 *
	 * @return PolicyData
	 */
	public function get(): array {
		$stored = get_option( self::OPTION, array() );
		$stored = is_array( $stored ) ? $stored : array();
		// The same stored value (compared by value: an update_option() in between shows) is
		// cleaned once: validating every field against the schema is most of a read's cost.
		if ( null !== $this->seen_clean && $stored === $this->seen_raw ) {
			return $this->seen_clean;
		}
		$clean            = $this->check( $stored, $this->defaults() );
		$clean            = is_wp_error( $clean ) ? $this->defaults() : $clean;
		$this->seen_raw   = $stored;
		$this->seen_clean = $clean;
		return $clean;
	}

	/**
	 * Validates and saves some of the policy's fields; the others keep their values.
	 *
	 * @param array<string, mixed> $values Fields to change.
	 * @return PolicyData|WP_Error Saved policy, or the first problem (data: status, field).
	 */
	public function update( array $values ) {
		$clean = $this->check( $values, $this->get() );
		if ( is_wp_error( $clean ) ) {
			return $clean;
		}
		update_option( self::OPTION, $clean, true );
		return $clean;
	}

	/**
	 * Returns the ordered providers to try: the requested (or primary) provider, then the
	 * fallback chain. An empty primary means the first provider, in display order, for which
	 * $usable says yes.
	 *
	 * @param string|null            $requested Provider named by the caller, already checked.
	 * @param callable(string): bool $usable    Whether a provider has what it needs (a key).
	 * @return list<string>
	 */
	public function chain( ?string $requested, callable $usable ): array {
		$policy = $this->get();
		$first  = $requested ?? $policy['primary'];
		if ( '' === $first ) {
			foreach ( $this->registry->ids() as $id ) {
				if ( $usable( $id ) ) {
					$first = $id;
					break;
				}
			}
		}
		$chain = '' === $first ? array() : array( $first );
		foreach ( $policy['fallback'] as $id ) {
			if ( ! in_array( $id, $chain, true ) ) {
				$chain[] = $id;
			}
		}
		return $chain;
	}

	/**
	 * Returns the model to use with a provider: the requested one if the administrator allows it,
	 * otherwise the first allowed model, otherwise the provider's default.
	 *
	 * @param Provider              $provider  Adapter.
	 * @param array<string, string> $settings  Its settings.
	 * @param string|null           $requested Model asked for (only honoured for the first provider).
	 * @return string|WP_Error byok_ai_model_not_allowed or byok_ai_model_missing.
	 */
	public function model( Provider $provider, array $settings, ?string $requested ) {
		$allowed = $this->allowed_models( $provider, $settings );
		if ( null !== $requested && '' !== $requested ) {
			if ( in_array( $requested, $allowed, true ) && $provider->accepts_model( $requested ) ) {
				return $requested;
			}
			return new WP_Error(
				'byok_ai_model_not_allowed',
				/* translators: 1: model name, 2: provider name. */
				sprintf( __( 'The model “%1$s” isn’t allowed for %2$s on this site.', 'byok-ai' ), $requested, $provider->label() ),
				array( 'status' => 400 )
			);
		}
		if ( $allowed ) {
			return $allowed[0];
		}
		return new WP_Error(
			'byok_ai_model_missing',
			/* translators: %s: provider name. */
			sprintf( __( 'No model is set for %s. An administrator needs to name one on Settings → BYOK AI.', 'byok-ai' ), $provider->label() ),
			array(
				'status'   => 503,
				'provider' => $provider->id(),
			)
		);
	}

	/**
	 * Lists the models callers may ask for with a provider; the first is the default.
	 *
	 * @param Provider              $provider Adapter.
	 * @param array<string, string> $settings Its settings.
	 * @return list<string>
	 */
	public function allowed_models( Provider $provider, array $settings ): array {
		$policy = $this->get();
		$models = $policy['models'][ $provider->id() ] ?? array();
		if ( $models ) {
			return $models;
		}
		$default = $provider->default_model( $settings );
		return '' === $default ? array() : array( $default );
	}

	/**
	 * Returns the output cap for a request: what was asked for, never above the administrator's cap.
	 *
	 * @param int|null $requested Tokens asked for.
	 */
	public function max_tokens( ?int $requested ): int {
		$cap = $this->get()['max_output_tokens'];
		return null === $requested ? $cap : max( 1, min( $cap, $requested ) );
	}

	/**
	 * Returns the upstream timeout in seconds.
	 */
	public function timeout(): int {
		/**
		 * Filters the seconds an upstream chat call may take (the administrator's setting by default).
		 *
		 * @since 0.1.0
		 *
		 * @param int $timeout Seconds.
		 */
		return max( 1, (int) apply_filters( 'byok_ai_request_timeout', $this->get()['timeout'] ) );
	}

	/**
	 * Lists the roles that may use AI while editing.
	 *
	 * @return list<string>
	 */
	public function chat_roles(): array {
		$roles = array();
		foreach ( wp_roles()->role_objects as $slug => $role ) {
			if ( $role->has_cap( self::CAPABILITY ) ) {
				$roles[] = (string) $slug;
			}
		}
		return $roles;
	}

	/**
	 * Grants the capability to exactly these roles and takes it from the others.
	 *
	 * @param mixed $roles Role slugs.
	 * @return list<string>|WP_Error The roles that now have it.
	 */
	public function set_chat_roles( $roles ) {
		$schema = $this->schema()['properties']['chat_roles'];
		if ( ! is_array( $roles ) || array_values( $roles ) !== $roles || is_wp_error( rest_validate_value_from_schema( $roles, $schema, 'chat_roles' ) ) ) {
			return $this->invalid( 'chat_roles', __( 'Choose roles that exist on this site.', 'byok-ai' ) );
		}
		foreach ( wp_roles()->role_objects as $slug => $role ) {
			$wanted = in_array( $slug, $roles, true );
			if ( $wanted && ! $role->has_cap( self::CAPABILITY ) ) {
				$role->add_cap( self::CAPABILITY );
			} elseif ( ! $wanted && $role->has_cap( self::CAPABILITY ) ) {
				$role->remove_cap( self::CAPABILITY );
			}
		}
		return $this->chat_roles();
	}

	/**
	 * Grants the capability to every role that can publish posts: the default on first install.
	 * Contributors and other roles whose work an editor reviews don't spend the site's budget
	 * unless an administrator says so.
	 */
	public function grant_default_roles(): void {
		foreach ( wp_roles()->role_objects as $role ) {
			if ( $role->has_cap( 'publish_posts' ) ) {
				$role->add_cap( self::CAPABILITY );
			}
		}
	}

	/**
	 * Upgrade from the old default (every role that can edit posts): when exactly those roles
	 * have the capability, the administrator never changed it, so the roles that can't publish
	 * lose it. Any other set of roles was chosen and stays.
	 *
	 * @return list<string> The roles that lost it.
	 */
	public function narrow_old_default_roles(): array {
		$editing = array();
		foreach ( wp_roles()->role_objects as $slug => $role ) {
			if ( $role->has_cap( 'edit_posts' ) ) {
				$editing[] = (string) $slug;
			}
		}
		$current = $this->chat_roles();
		sort( $editing );
		sort( $current );
		if ( $editing !== $current ) {
			return array();
		}
		$removed = array();
		foreach ( wp_roles()->role_objects as $slug => $role ) {
			if ( $role->has_cap( self::CAPABILITY ) && ! $role->has_cap( 'publish_posts' ) ) {
				$role->remove_cap( self::CAPABILITY );
				$removed[] = (string) $slug;
			}
		}
		return $removed;
	}

	/**
	 * Takes the capability from every role (uninstall).
	 */
	public function revoke_all_roles(): void {
		foreach ( wp_roles()->role_objects as $role ) {
			$role->remove_cap( self::CAPABILITY );
		}
	}

	/**
	 * JSON schema of the policy's fields: the one source of their bounds. PUT /policy takes its
	 * arguments from it, OPTIONS /policy publishes it to the settings app, and check() validates
	 * with it. chat_roles is kept on the roles, not in the option.
	 *
	 * @return array<string, mixed>
	 */
	public function schema(): array {
		$properties               = $this->field_schema();
		$properties['chat_roles'] = array(
			'description' => __( 'Roles that may use AI while editing.', 'byok-ai' ),
			'type'        => 'array',
			'items'       => array(
				'type' => 'string',
				'enum' => array_map( 'strval', array_keys( wp_roles()->role_objects ) ),
			),
			'uniqueItems' => true,
		);
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'byok-ai-policy',
			'type'                 => 'object',
			'properties'           => $properties,
			'additionalProperties' => false,
		);
	}

	/**
	 * The schema of each stored field.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	protected function field_schema(): array {
		$ids        = $this->registry->ids();
		$defaults   = $this->defaults();
		$properties = array(
			'primary'  => array(
				'description' => __( 'Provider to ask first; empty for the first one with a key.', 'byok-ai' ),
				'type'        => 'string',
				'enum'        => array_merge( array( '' ), $ids ),
			),
			'fallback' => array(
				'description' => __( 'Providers that take over, in order.', 'byok-ai' ),
				'type'        => 'array',
				'items'       => array(
					'type' => 'string',
					'enum' => $ids,
				),
				'uniqueItems' => true,
			),
		);
		foreach ( self::NUMBERS as $name => $range ) {
			$properties[ $name ] = array(
				'type'    => 'integer',
				'minimum' => $range[0],
				'maximum' => $range[1],
			);
		}
		$properties['user_hourly_limit']['description'] = __( 'AI requests each logged-in person may make per hour (chat and block preview); 0 allows none.', 'byok-ai' );
		$per_provider                                   = array(
			'type'     => 'array',
			'items'    => array( 'type' => 'string' ),
			'maxItems' => self::MAX_MODELS,
		);
		$properties['models']                           = array(
			'description'          => __( 'Allowed models per provider; the first is the default.', 'byok-ai' ),
			'type'                 => 'object',
			'properties'           => array_fill_keys( $ids, $per_provider ),
			'additionalProperties' => false,
		);
		$properties['proxy_header']                     = array(
			'description' => __( 'Header that carries the visitor’s address behind a proxy; empty for the connection’s.', 'byok-ai' ),
			'type'        => 'string',
			'enum'        => self::PROXY_HEADERS,
		);
		foreach ( $properties as $name => $property ) {
			$properties[ $name ]['default'] = $defaults[ $name ];
		}
		return $properties;
	}

	/**
	 * The policy of a fresh install.
	 *
	 * @return PolicyData
	 */
	public function defaults(): array {
		return array(
			'primary'             => '',
			'fallback'            => array(),
			'max_output_tokens'   => self::DEFAULT_MAX_OUTPUT_TOKENS,
			'timeout'             => self::DEFAULT_TIMEOUT,
			'models'              => array(),
			'visitor_ip_limit'    => self::DEFAULT_VISITOR_IP_LIMIT,
			'visitor_ip_window'   => self::DEFAULT_VISITOR_IP_WINDOW,
			'visitor_block_limit' => self::DEFAULT_VISITOR_BLOCK_LIMIT,
			'visitor_daily_cap'   => self::DEFAULT_VISITOR_DAILY_CAP,
			'proxy_header'        => '',
			'user_hourly_limit'   => self::DEFAULT_USER_HOURLY_LIMIT,
		);
	}

	/**
	 * Checks submitted fields on top of a base policy.
	 *
	 * @param array<mixed> $values Fields.
	 * @param array        $base   Values for fields not submitted.
	 *
	 * @phpstan-param PolicyData $base
	 * @return PolicyData|WP_Error
	 */
	private function check( array $values, array $base ) {
		if ( null === $this->fields ) {
			$this->fields = $this->field_schema();
		}
		$schema  = $this->fields;
		$unknown = array_diff( array_map( 'strval', array_keys( $values ) ), array_keys( $schema ) );
		if ( $unknown ) {
			return $this->invalid( (string) reset( $unknown ), __( 'This setting doesn’t exist.', 'byok-ai' ) );
		}
		$policy = $base;
		foreach ( $values as $name => $value ) {
			$name  = (string) $name;
			$valid = rest_validate_value_from_schema( $value, $schema[ $name ], $name );
			if ( is_wp_error( $valid ) || ( 'fallback' === $name && array_values( (array) $value ) !== $value ) ) {
				return $this->invalid( $name, $this->message( $name, $value, $schema[ $name ] ) );
			}
			$policy[ $name ] = rest_sanitize_value_from_schema( $value, $schema[ $name ], $name );
		}
		// Cross-field: each model name must suit its provider.
		if ( array_key_exists( 'models', $values ) ) {
			$models = $this->check_models( $policy['models'] );
			if ( is_wp_error( $models ) ) {
				return $models;
			}
			$policy['models'] = $models;
		}
		/**
		 * Every field was validated against its schema above.
		 *
		 * @phpstan-var PolicyData $policy
		 */
		return $policy;
	}

	/**
	 * What a refused field says.
	 *
	 * @param string               $name   Field.
	 * @param mixed                $value  The refused value.
	 * @param array<string, mixed> $schema The field's schema.
	 */
	private function message( string $name, $value, array $schema ): string {
		if ( 'integer' === $schema['type'] ) {
			/* translators: 1: smallest allowed value, 2: largest allowed value. */
			return sprintf( __( 'Enter a whole number from %1$d to %2$d.', 'byok-ai' ), $schema['minimum'], $schema['maximum'] );
		}
		$messages = array(
			'primary'      => __( 'Choose one of the providers, or automatic.', 'byok-ai' ),
			'fallback'     => __( 'The fallback chain must list each provider at most once.', 'byok-ai' ),
			'proxy_header' => __( 'Choose one of the listed headers, or the connection’s address.', 'byok-ai' ),
			'chat_roles'   => __( 'Choose roles that exist on this site.', 'byok-ai' ),
		);
		if ( 'models' === $name && ! is_array( $value ) ) {
			return __( 'Allowed models must be listed per provider.', 'byok-ai' );
		}
		/* translators: %d: maximum number of models. */
		return $messages[ $name ] ?? sprintf( __( 'List at most %d models for each provider.', 'byok-ai' ), self::MAX_MODELS );
	}

	/**
	 * Checks that each allowed model suits its provider (the schema checked the shape).
	 *
	 * @param array<string, list<string>> $models Provider id => list of model names.
	 * @return array<string, list<string>>|WP_Error
	 */
	private function check_models( array $models ) {
		$clean = array();
		foreach ( $models as $id => $names ) {
			$provider = $this->registry->get( (string) $id );
			if ( null === $provider ) {
				continue;
			}
			foreach ( $names as $name ) {
				if ( ! $provider->accepts_model( $name ) ) {
					return $this->invalid(
						'models.' . $provider->id(),
						/* translators: 1: the model name as typed, 2: provider name. */
						sprintf( __( '“%1$s” isn’t a valid model name for %2$s.', 'byok-ai' ), $name, $provider->label() )
					);
				}
			}
			if ( $names ) {
				$clean[ $provider->id() ] = array_values( array_unique( $names ) );
			}
		}
		return $clean;
	}

	/**
	 * Builds a validation error naming its field.
	 *
	 * @param string $field   Field name.
	 * @param string $message Translated message.
	 */
	private function invalid( string $field, string $message ): WP_Error {
		return new WP_Error(
			'byok_ai_invalid_policy',
			$message,
			array(
				'status' => 400,
				'field'  => $field,
			)
		);
	}
}
