/**
 * The sections of the Rules tab that explain themselves: each one's legend and help in one table,
 * and the Fieldset that shows them, its help paragraph's id being `byok-ai-<name>-help`.
 */
import { __ } from '@wordpress/i18n';
import { Fieldset, type FieldsetProps } from '../form/fields';

export type RulesSection = 'fallback' | 'models' | 'visitors' | 'moderation';

const texts = (): Record<RulesSection, [legend: string, help: string]> => ({
	fallback: [
		__('Fallback chain', 'byok-ai'),
		__(
			'When the primary provider fails or is rate-limited, the providers ticked here are tried in this order.',
			'byok-ai'
		),
	],
	models: [
		__('Allowed models', 'byok-ai'),
		__(
			'Model ids separated by commas. The first one is the default; leave a field empty to use the provider’s default model.',
			'byok-ai'
		),
	],
	visitors: [
		__('Visitors', 'byok-ai'),
		__(
			'Limits for questions asked by visitors through the AI Assistant block. Each question is billed to your key; a visitor who reaches a limit is asked to wait.',
			'byok-ai'
		),
	],
	moderation: [
		__('Visitor questions', 'byok-ai'),
		__(
			'Saved as soon as you switch it; “Save rules” is not needed.',
			'byok-ai'
		),
	],
});

export interface RulesFieldsetProps extends Omit<
	FieldsetProps,
	'legend' | 'help' | 'helpId'
> {
	name: RulesSection;
}

/**
 * A Rules section: its legend and help from the table, the rest as Fieldset takes it.
 * @param props
 * @param props.name
 */
export function RulesFieldset({ name, ...fieldset }: RulesFieldsetProps) {
	const [legend, help] = texts()[name];
	return (
		<Fieldset
			{...fieldset}
			legend={legend}
			help={help}
			helpId={`byok-ai-${name}-help`}
		/>
	);
}
