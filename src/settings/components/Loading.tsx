/**
 * "Loading …" with a spinner, announced to screen readers; every settings panel shows it the same way.
 */
import { Spinner } from '@wordpress/components';
import type { ReactNode } from 'react';

export function Loading({ children }: { children: ReactNode }) {
	return (
		<p className="byok-ai-loading" role="status">
			<Spinner />
			{children}
		</p>
	);
}
