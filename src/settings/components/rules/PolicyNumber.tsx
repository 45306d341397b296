/**
 * What each part of the Rules form is given, and a whole-number policy field in it, with each
 * such field's label and help in one table.
 */
import { __ } from '@wordpress/i18n';
import type { SchemaProperties } from '../../schema';
import { rangeOf } from '../../schema';
import type { NumberField, PolicyActions, PolicyForm } from '../../use-policy';
import { NumberInput } from '../form/fields';

export interface RulesPartProps {
	form: PolicyForm;
	/** The /policy route's schema properties. */
	schema: SchemaProperties;
	/** Messages by fieldKey(). */
	fieldErrors: Record<string, string>;
	actions: PolicyActions;
}

export interface PolicyNumberProps extends RulesPartProps {
	field: NumberField;
}

/** A field's label, and its help text, where %1$s and %2$s stand for the range's ends. */
type NumberText = [label: string, help: string];

const texts = (): Record<NumberField, NumberText> => ({
	max_output_tokens: [
		__('Maximum output tokens', 'byok-ai'),
		/* translators: 1: smallest allowed number, 2: largest allowed number. */
		__(
			'The longest answer one request may get, from %1$s to %2$s tokens.',
			'byok-ai'
		),
	],
	timeout: [
		__('Timeout (seconds)', 'byok-ai'),
		/* translators: 1: smallest allowed number, 2: largest allowed number. */
		__(
			'How long to wait for a provider before giving up or falling back, from %1$s to %2$s seconds.',
			'byok-ai'
		),
	],
	user_hourly_limit: [
		__('Requests per person per hour', 'byok-ai'),
		/* translators: 1: smallest allowed number, 2: largest allowed number. */
		__(
			'How many requests one signed-in person may send per hour, in the editor and in Try it, from %1$s to %2$s. 0 allows none.',
			'byok-ai'
		),
	],
	visitor_ip_limit: [
		__('Questions per visitor', 'byok-ai'),
		/* translators: 1: smallest allowed number, 2: largest allowed number. */
		__(
			'How many questions one visitor (one IP address) may ask per time window, from %1$s to %2$s. 0 turns the assistant off for visitors.',
			'byok-ai'
		),
	],
	visitor_ip_window: [
		__('Time window (minutes)', 'byok-ai'),
		/* translators: 1: smallest allowed number, 2: largest allowed number. */
		__(
			'The period the questions per visitor are counted over, from %1$s to %2$s minutes (one day).',
			'byok-ai'
		),
	],
	visitor_block_limit: [
		__('Requests per block per hour', 'byok-ai'),
		/* translators: 1: smallest allowed number, 2: largest allowed number. */
		__(
			'How many requests one assistant block may receive per hour from all visitors together, from %1$s to %2$s.',
			'byok-ai'
		),
	],
	visitor_daily_cap: [
		__('Visitor requests per day', 'byok-ai'),
		/* translators: 1: smallest allowed number, 2: largest allowed number. */
		__(
			'How many requests all visitors together may make per day on this site, from %1$s to %2$s. The count starts again at 00:00 UTC.',
			'byok-ai'
		),
	],
});

/**
 * A whole-number policy field, with its label and help from the table above.
 * @param props
 * @param props.field
 * @param props.form
 * @param props.schema
 * @param props.fieldErrors
 * @param props.actions
 */
export function PolicyNumber({
	field,
	form,
	schema,
	fieldErrors,
	actions,
}: PolicyNumberProps) {
	const [label, help] = texts()[field];
	return (
		<NumberInput
			label={label}
			value={form[field]}
			range={rangeOf(schema, field)}
			error={fieldErrors[field]}
			onChange={(value) => actions.change({ [field]: value })}
			help={help}
		/>
	);
}
