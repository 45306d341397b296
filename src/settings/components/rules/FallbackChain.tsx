/**
 * Rules → "Fallback chain": the providers tried, in order, when the primary one fails.
 */
import { Button, CheckboxControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import type { RulesPartProps } from './PolicyNumber';
import { RulesFieldset } from './RulesFieldset';

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

/**
 * "Move up" and "Move down" for one provider of the chain. Each stays focusable at its end of
 * the list (aria-disabled), so focus isn't lost after a move.
 * @param props
 * @param props.name   The provider's name.
 * @param props.first  It is at the top.
 * @param props.last   It is at the bottom.
 * @param props.onMove
 */
function MoveButtons({
	name,
	first,
	last,
	onMove,
}: {
	name: string;
	first: boolean;
	last: boolean;
	onMove: (step: -1 | 1) => void;
}) {
	/* translators: %s: provider name. */
	const up = sprintf(__('Move %s up', 'byok-ai'), name);
	/* translators: %s: provider name. */
	const down = sprintf(__('Move %s down', 'byok-ai'), name);
	const moves: [
		-1 | 1,
		boolean,
		'arrow-up-alt2' | 'arrow-down-alt2',
		string,
	][] = [
		[-1, first, 'arrow-up-alt2', up],
		[1, last, 'arrow-down-alt2', down],
	];
	return (
		<span className="byok-ai-fallback__moves">
			{moves.map(([step, edge, icon, text]) => (
				<Button
					key={step}
					icon={icon}
					size="small"
					label={text}
					aria-disabled={edge}
					onClick={() => edge || onMove(step)}
				/>
			))}
		</span>
	);
}

export function FallbackChain({
	form,
	fieldErrors,
	actions,
	label,
	noKey,
}: FallbackChainProps) {
	return (
		<RulesFieldset name="fallback" error={fieldErrors.fallback}>
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
							<MoveButtons
								name={label(id)}
								first={first}
								last={last}
								onMove={(step) => actions.move(id, step)}
							/>
						</li>
					);
				})}
			</ol>
		</RulesFieldset>
	);
}
