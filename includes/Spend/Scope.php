<?php
/**
 * Whose spending a call is.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

use WP_User;

/**
 * The caps a call counts against: always the overall cap and its provider's; then visitors' (a
 * block's public route) or logged-in use (all of it, and the person's own cap, set per role or
 * for everyone). A call from another plugin through WordPress's AI Client counts as logged-in
 * use when someone is logged in, otherwise only overall and per provider.
 */
final class Scope {

	public const VISITOR = 'visitor';
	public const USER    = 'user';
	public const CALLER  = 'caller';

	public string $provider;

	/** VISITOR, USER or CALLER. */
	public string $cause;

	/** The logged-in person, 0 for none. */
	public int $user_id;

	/** @var list<string> The person's roles. */
	public array $roles;

	/**
	 * Stores the parts; use the named constructors.
	 *
	 * @param string   $provider Provider id.
	 * @param string   $cause    VISITOR, USER or CALLER.
	 * @param int      $user_id  Logged-in person or 0.
	 * @param string[] $roles    Their roles.
	 */
	private function __construct( string $provider, string $cause, int $user_id, array $roles ) {
		$this->provider = $provider;
		$this->cause    = $cause;
		$this->user_id  = $user_id;
		$this->roles    = array_values( $roles );
	}

	/**
	 * A visitor's question through a block.
	 *
	 * @param string $provider Provider id.
	 */
	public static function visitor( string $provider ): self {
		return new self( $provider, self::VISITOR, 0, array() );
	}

	/**
	 * A logged-in person's call (chat, block preview).
	 *
	 * @param string  $provider Provider id.
	 * @param WP_User $user     The person.
	 */
	public static function user( string $provider, WP_User $user ): self {
		return new self( $provider, self::USER, (int) $user->ID, array_values( array_map( 'strval', $user->roles ) ) );
	}

	/**
	 * A call from another plugin through WordPress's AI Client.
	 *
	 * @param string       $provider Provider id.
	 * @param WP_User|null $user     Who is logged in, if anyone.
	 */
	public static function caller( string $provider, ?WP_User $user = null ): self {
		$id = null !== $user ? (int) $user->ID : 0;
		return new self( $provider, self::CALLER, $id, null !== $user && $id > 0 ? array_values( array_map( 'strval', $user->roles ) ) : array() );
	}

	/**
	 * The same cause with another provider: each attempt of a fallback chain reserves anew.
	 *
	 * @param string $provider Provider id.
	 */
	public function with_provider( string $provider ): self {
		return new self( $provider, $this->cause, $this->user_id, $this->roles );
	}

	/**
	 * Names the money counters this call counts against (their caps decide which are kept).
	 *
	 * @return list<string>
	 */
	public function counters(): array {
		$counters = array( 'overall', 'provider:' . $this->provider );
		if ( self::VISITOR === $this->cause ) {
			$counters[] = 'visitors';
		} elseif ( $this->user_id > 0 ) {
			$counters[] = 'users';
			$counters[] = 'user:' . $this->user_id;
		}
		return $counters;
	}
}
