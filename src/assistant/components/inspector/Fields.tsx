/**
 * The sidebar panels' wrapper.
 */
import type { ReactNode } from 'react';

/**
 * A panel's controls, spaced by the panel rather than by each control's own bottom margin
 * (which @wordpress/components drops with __nextHasNoMarginBottom, its default from 7.0).
 * @param props
 * @param props.children
 */
export function Fields({ children }: { children: ReactNode }) {
	return (
		<div className="byok-ai-assistant-inspector__fields">{children}</div>
	);
}
