/**
 * A section of the settings page: a card whose heading names the region.
 */
import { Card, CardBody, CardHeader } from '@wordpress/components';
import type { ReactNode } from 'react';

export interface PanelProps {
	/**
	 * The section's class, next to `byok-ai-panel`, is `byok-ai-${name}`; its heading's id, which
	 * names the region, `byok-ai-${name}-title`.
	 */
	name: string;
	title: string;
	children: ReactNode;
}

export function Panel({ name, title, children }: PanelProps) {
	const className = `byok-ai-${name}`;
	const titleId = `${className}-title`;
	return (
		<section
			className={`byok-ai-panel ${className}`}
			aria-labelledby={titleId}
		>
			<Card>
				<CardHeader>
					<h2 className="byok-ai-panel__title" id={titleId}>
						{title}
					</h2>
				</CardHeader>
				<CardBody>{children}</CardBody>
			</Card>
		</section>
	);
}
