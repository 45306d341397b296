/**
 * What each part of the Rules form is given, and a whole-number policy field in it.
 */
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
	label: string;
	/** The help text, given the field's range formatted for the reader. */
	describe: (min: string, max: string) => string;
}

/**
 * @param props
 * @param props.field
 * @param props.label
 * @param props.describe
 * @param props.form
 * @param props.schema
 * @param props.fieldErrors
 * @param props.actions
 */
export function PolicyNumber({
	field,
	label,
	describe,
	form,
	schema,
	fieldErrors,
	actions,
}: PolicyNumberProps) {
	return (
		<NumberInput
			label={label}
			value={form[field]}
			range={rangeOf(schema, field)}
			error={fieldErrors[field]}
			onChange={(value) => actions.change({ [field]: value })}
			describe={describe}
		/>
	);
}
