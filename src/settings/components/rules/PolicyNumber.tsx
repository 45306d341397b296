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
	/** The help text: %1$s and %2$s stand for the range's ends. */
	help: string;
}

/**
 * @param props
 * @param props.field
 * @param props.label
 * @param props.help
 * @param props.form
 * @param props.schema
 * @param props.fieldErrors
 * @param props.actions
 */
export function PolicyNumber({
	field,
	label,
	help,
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
			help={help}
		/>
	);
}
