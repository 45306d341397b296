/**
 * Rules → "Fallback chain": the providers tried, in order, when the primary one fails.
 */
import { Button, CheckboxControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { FieldError, fieldsetClass } from '../form/fields';
import type { RulesPartProps } from './PolicyNumber';

export interface FallbackChainProps extends Omit<RulesPartProps, 'schema'> {
	/** A provider's name. */
	label: (id: string) => string;
	/** True when the provider has no usable key yet. */
	noKey: (id: string) => boolean;
}

function fallbackNote(isPrimary: boolean, noKey: boolean): string | undefined {
	if (isPrimary) {
		return __('This is the primary provider.', 'byok-ai');
	}
	return noKey ? __('No usable key yet.', 'byok-ai') : undefined;
}

export function FallbackChain({
	form,
	fieldErrors,
	actions,
	label,
	noKey,
}: FallbackChainProps) {
	return (
		<fieldset
			className={fieldsetClass(fieldErrors.fallback)}
			aria-describedby="byok-ai-fallback-help"
		>
			<legend>{__('Fallback chain', 'byok-ai')}</legend>
			<p className="byok-ai-help" id="byok-ai-fallback-help">
				{__(
					'When the primary provider fails or is rate-limited, the providers ticked here are tried in this order.',
					'byok-ai'
				)}
			</p>
			<FieldError error={fieldErrors.fallback} />
			<ol className="byok-ai-fallback">
				{form.order.map((id, index) => {
					const isPrimary = id === form.primary;
					const first = index === 0;
					const last = index === form.order.length - 1;
					return (
						<li key={id} className="byok-ai-fallback__item">
							<CheckboxControl
								__nextHasNoMarginBottom
								label={sprintf(
									/* translators: %s: provider name. */
									__('Use %s as fallback', 'byok-ai'),
									label(id)
								)}
								help={fallbackNote(isPrimary, noKey(id))}
								checked={
									!isPrimary && form.fallback.includes(id)
								}
								disabled={isPrimary}
								onChange={(checked: boolean) =>
									actions.setFallback(id, checked)
								}
							/>
							<span className="byok-ai-fallback__moves">
								<Button
									icon="arrow-up-alt2"
									size="small"
									label={sprintf(
										/* translators: %s: provider name. */
										__('Move %s up', 'byok-ai'),
										label(id)
									)}
									// Stays focusable at the top, so focus isn't lost after a move.
									aria-disabled={first}
									onClick={() =>
										first || actions.move(id, -1)
									}
								/>
								<Button
									icon="arrow-down-alt2"
									size="small"
									label={sprintf(
										/* translators: %s: provider name. */
										__('Move %s down', 'byok-ai'),
										label(id)
									)}
									aria-disabled={last}
									onClick={() => last || actions.move(id, 1)}
								/>
							</span>
						</li>
					);
				})}
			</ol>
		</fieldset>
	);
}
