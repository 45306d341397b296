<?php
/**
 * The spend-control services, built together.
 *
 * @package ByokAi
 */

namespace ByokAi\Spend;

use ByokAi\Providers\Registry;

/**
 * Builds prices, budgets and alerts around one ledger. Constructing them reads nothing: options
 * are read on first use, so requests that never call a model pay nothing for spend control.
 */
final class Services {

	public Currency $currency;

	public Prices $prices;

	public BudgetRules $rules;

	public Ledger $ledger;

	public Alerts $alerts;

	public Budget $budget;

	/**
	 * Builds the services.
	 *
	 * @param Registry $registry Providers.
	 */
	public function __construct( Registry $registry ) {
		$this->currency = new Currency();
		$this->prices   = new Prices( $this->currency );
		$this->rules    = new BudgetRules();
		$this->ledger   = new Ledger();
		$this->alerts   = new Alerts( $this->ledger, $this->currency, $registry );
		$this->budget   = new Budget( $this->rules, $this->ledger, $this->alerts );
	}

	/**
	 * Removes the table and the options of the current site (uninstall).
	 */
	public function uninstall(): void {
		$this->ledger->uninstall();
		foreach ( array( Currency::OPTION, Prices::OPTION, BudgetRules::OPTION, Alerts::HINT_OPTION ) as $option ) {
			delete_option( $option );
		}
	}
}
