<?php
/**
 * Tells the administrator when a cap is nearly or fully used.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

use ByokAi\Providers\Registry;

/**
 * At 80 % and at 100 % of a cap, once per cap and period: an email to the site's admin email
 * and a notice on the admin screens. "Once" holds under concurrency: the alert is marked sent
 * on the counter's row by one conditional update (Ledger::mark), and only the request that
 * marked it sends it. A call refused by a cap that is at least 80 % used counts as reaching it.
 *
 * The notice reads the marked rows of the current periods; an autoloaded option holding when
 * the last alerted period ends keeps every other admin screen from querying at all.
 */
class Alerts {

	/** Bits in the counter row's `alerted` column. */
	public const NEARLY  = 1;
	public const REACHED = 2;

	/** Autoloaded while a notice may be due: the Unix time the last alerted period ends. */
	public const HINT_OPTION = 'byok_ai_spend_alert';

	private Ledger $ledger;

	private Currency $currency;

	private Registry $registry;

	/**
	 * Stores the dependencies.
	 *
	 * @param Ledger   $ledger   Counters.
	 * @param Currency $currency Site currency, for amounts.
	 * @param Registry $registry Providers, for names.
	 */
	public function __construct( Ledger $ledger, Currency $currency, Registry $registry ) {
		$this->ledger   = $ledger;
		$this->currency = $currency;
		$this->registry = $registry;
	}

	/**
	 * Adds the admin notice.
	 */
	public function register(): void {
		add_action( 'admin_notices', array( $this, 'render_notices' ) );
	}

	/**
	 * Sends what a counter's new amount makes due (after a call was settled).
	 *
	 * @param string $bucket    Counter and period.
	 * @param int    $cap       Its cap.
	 * @param bool   $in_tokens Whether it counts tokens.
	 */
	public function check( string $bucket, int $cap, bool $in_tokens ): void {
		if ( $cap <= 0 ) {
			return;
		}
		if ( $this->ledger->mark( $bucket, self::NEARLY, self::nearly( $cap ) ) ) {
			$this->send( $bucket, $cap, $in_tokens, self::NEARLY );
		}
		if ( $this->ledger->mark( $bucket, self::REACHED, $cap ) ) {
			$this->send( $bucket, $cap, $in_tokens, self::REACHED );
		}
	}

	/**
	 * Checks several counters after they moved: one query reads them all, and only a counter
	 * past an alert's threshold without its mark goes on to check() (whose mark decides, under
	 * concurrency, which request sends it).
	 *
	 * @since 0.2.0
	 *
	 * @param array<string, int> $caps      Counter and period => its cap.
	 * @param bool               $in_tokens Whether they count tokens.
	 */
	public function check_all( array $caps, bool $in_tokens ): void {
		$caps = array_filter( $caps, static fn( int $cap ): bool => $cap > 0 );
		foreach ( $this->ledger->read( array_keys( $caps ) ) as $bucket => $state ) {
			$cap = $caps[ $bucket ];
			$due = ( $state['amount'] >= self::nearly( $cap ) && 0 === ( $state['alerted'] & self::NEARLY ) )
				|| ( $state['amount'] >= $cap && 0 === ( $state['alerted'] & self::REACHED ) );
			if ( $due ) {
				$this->check( $bucket, $cap, $in_tokens );
			}
		}
	}

	/**
	 * A call was refused by a counter: when it is at least 80 % used, the cap counts as reached.
	 *
	 * @param string $bucket    Counter and period.
	 * @param int    $cap       Its cap.
	 * @param bool   $in_tokens Whether it counts tokens.
	 */
	public function refused( string $bucket, int $cap, bool $in_tokens ): void {
		if ( $cap > 0 && $this->ledger->mark( $bucket, self::REACHED, self::nearly( $cap ) ) ) {
			$this->send( $bucket, $cap, $in_tokens, self::REACHED );
		}
	}

	/**
	 * Names a counter's cap for people, e.g. "The monthly budget for OpenAI".
	 *
	 * @param string $bucket Counter and period ("provider:openai@m:2026-12").
	 */
	public function label( string $bucket ): string {
		list( $counter, $period ) = array_pad( explode( '@', $bucket, 2 ), 2, '' );
		$monthly                  = 0 === strpos( $period, 'm:' );
		if ( 0 === strpos( $counter, 'provider:' ) ) {
			$provider = $this->registry->get( substr( $counter, 9 ) );
			$name     = null !== $provider ? $provider->label() : substr( $counter, 9 );
			/* translators: %s: provider name. */
			return sprintf( $monthly ? __( 'The monthly budget for %s', 'byok-ai' ) : __( 'The daily budget for %s', 'byok-ai' ), $name );
		}
		if ( 0 === strpos( $counter, 'user:' ) ) {
			return $monthly ? __( 'Your monthly AI budget', 'byok-ai' ) : __( 'Your daily AI budget', 'byok-ai' );
		}
		switch ( $counter ) {
			case 'visitors':
				return $monthly ? __( 'The monthly budget for visitors', 'byok-ai' ) : __( 'The daily budget for visitors', 'byok-ai' );
			case 'users':
				return $monthly ? __( 'The monthly budget for logged-in use', 'byok-ai' ) : __( 'The daily budget for logged-in use', 'byok-ai' );
			case 'tokens':
				return $monthly ? __( 'The monthly token budget for calls of unknown cost', 'byok-ai' ) : __( 'The daily token budget for calls of unknown cost', 'byok-ai' );
			default:
				return $monthly ? __( 'The monthly AI budget', 'byok-ai' ) : __( 'The daily AI budget', 'byok-ai' );
		}
	}

	/**
	 * Shows the alerts of the current periods to administrators.
	 */
	public function render_notices(): void {
		$hint = wp_load_alloptions()[ self::HINT_OPTION ] ?? null;
		if ( null === $hint || ! current_user_can( 'manage_options' ) ) {
			return;
		}
		if ( (int) $hint < time() ) {
			delete_option( self::HINT_OPTION );
			return;
		}
		foreach ( $this->ledger->alerted( time() ) as $bucket => $row ) {
			$reached = 0 !== ( $row['alerted'] & self::REACHED );
			printf(
				'<div class="notice notice-%1$s"><p>%2$s</p></div>',
				esc_attr( $reached ? 'error' : 'warning' ),
				esc_html( $this->message( $bucket, $reached ) )
			);
		}
	}

	/**
	 * The alert's sentence.
	 *
	 * @param string $bucket  Counter and period.
	 * @param bool   $reached 100 % rather than 80 %.
	 */
	private function message( string $bucket, bool $reached ): string {
		$label = 0 === strpos( $bucket, 'user:' ) ? $this->person_label( $bucket ) : $this->label( $bucket );
		return $reached
			/* translators: %s: which budget, e.g. "The monthly budget for OpenAI". */
			? sprintf( __( 'BYOK AI: %s has been reached. Requests it covers are refused until it resets.', 'byok-ai' ), $label )
			/* translators: %s: which budget, e.g. "The monthly budget for OpenAI". */
			: sprintf( __( 'BYOK AI: %s is 80 %% used.', 'byok-ai' ), $label );
	}

	/**
	 * Names one person's cap for the administrator.
	 *
	 * @param string $bucket Counter and period ("user:12@d:2026-12-02").
	 */
	private function person_label( string $bucket ): string {
		$user = get_userdata( (int) substr( $bucket, 5 ) );
		$name = false !== $user ? $user->display_name : '#' . (int) substr( $bucket, 5 );
		$day  = false !== strpos( $bucket, '@d:' );
		/* translators: %s: a person's display name. */
		return sprintf( $day ? __( 'The daily budget of %s', 'byok-ai' ) : __( 'The monthly budget of %s', 'byok-ai' ), $name );
	}

	/**
	 * Emails the administrator and leaves the notice hint.
	 *
	 * @param string $bucket    Counter and period.
	 * @param int    $cap       Its cap.
	 * @param bool   $in_tokens Whether it counts tokens.
	 * @param int    $which     NEARLY or REACHED.
	 */
	private function send( string $bucket, int $cap, bool $in_tokens, int $which ): void {
		$row     = $this->ledger->read( array( $bucket ) )[ $bucket ] ?? array( 'amount' => $cap );
		$spent   = $in_tokens ? number_format_i18n( $row['amount'] ) : $this->currency->format( $row['amount'] );
		$limit   = $in_tokens ? number_format_i18n( $cap ) : $this->currency->format( $cap );
		$message = $this->message( $bucket, self::REACHED === $which );
		$body    = $message . "\n\n" . sprintf(
			/* translators: 1: amount spent, 2: the cap. */
			__( 'Spent so far: %1$s of %2$s.', 'byok-ai' ),
			$spent,
			$limit
		) . "\n\n" . admin_url( 'options-general.php?page=byok-ai&tab=budgets' );
		wp_mail( (string) get_option( 'admin_email' ), wp_strip_all_tags( $message ), $body );
		$ends = $this->ledger->period_end( $bucket );
		if ( $ends > (int) get_option( self::HINT_OPTION, 0 ) ) {
			update_option( self::HINT_OPTION, $ends, true );
		}
	}

	/**
	 * The amount from which a cap counts as nearly used (80 %, rounded up).
	 *
	 * @param int $cap Cap.
	 */
	private static function nearly( int $cap ): int {
		return intdiv( $cap * 4 + 4, 5 );
	}
}
