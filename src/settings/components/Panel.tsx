/**
 * A section of the settings page: a card whose heading names the region.
 */
import { Card, CardBody, CardHeader } from '@wordpress/components';
import type { ReactNode } from 'react';

export interface PanelProps {
	/** Added to `byok-ai-panel`. */
	className: string;
	/** The heading's id, which names the region. */
	titleId: string;
	title: string;
	children: ReactNode;
}

export function Panel({ className, titleId, title, children }: PanelProps) {
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
