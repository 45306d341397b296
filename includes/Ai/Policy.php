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
 * The fields' JSON schema, the one source of their bounds, and the checks made with it are in
 * PolicySchema; schema() and field_schema() here hand it the registry's providers and defaults().
 *
 * Over 300 lines (about 370) on purpose: the roles' capability (chat_roles() to revoke_all_roles(),
 * about 100 lines) is a field of the same resource (PUT /policy writes it with the option's fields),
 * and chain()/model()/max_tokens() read the option; moving them out would split one resource's
 * reads and writes over two files.
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

	private Registry $registry;

	private PolicySchema $schema;

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
		$this->schema   = new PolicySchema( $registry );
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
			return $this->schema->invalid( 'chat_roles', __( 'Choose roles that exist on this site.', 'byok-ai' ) );
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
	 * JSON schema of the policy's fields: the one source of their bounds (PolicySchema). PUT
	 * /policy takes its arguments from it, OPTIONS /policy publishes it to the settings app, and
	 * check() validates with it. chat_roles is kept on the roles, not in the option.
	 *
	 * @return array<string, mixed>
	 */
	public function schema(): array {
		return $this->schema->resource( $this->field_schema() );
	}

	/**
	 * The schema of each stored field.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	protected function field_schema(): array {
		return $this->schema->fields( $this->defaults() );
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
		return $this->schema->check( $values, $base, $this->fields );
	}
}
