/**
 * The pieces every settings form shares: a field's help with the server's message about it, a
 * group of fields with its legend, help and message, and a whole-number input whose range comes from the route's schema.
 */
import { sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import { TextInput } from '../../../components/controls';
import type { Range } from '../../schema';

/**
 * A control's help text, preceded by the message about it when there is one (help is what the
 * control's aria-describedby points at).
 * @param props
 * @param props.error
 * @param props.children
 */
export function FieldHelp({
	error,
	children,
}: {
	error: string | undefined;
	children?: ReactNode;
}) {
	return (
		<>
			{error && <span className="byok-ai-field-error">{error}</span>}
			{error && children ? ' ' : null}
			{children}
		</>
	);
}

/**
 * A help paragraph of the settings page (a group's, a section's).
 * @param props
 * @param props.id       Where an aria-describedby points at it.
 * @param props.children
 */
export function HelpText({
	id,
	children,
}: {
	id?: string | undefined;
	children: ReactNode;
}) {
	return (
		<p className="byok-ai-help" id={id}>
			{children}
		</p>
	);
}

/**
 * The message about a group of fields (a fieldset), above them.
 * @param props
 * @param props.error
 */
export function FieldError({ error }: { error: string | undefined }) {
	return error ? <p className="byok-ai-field-error">{error}</p> : null;
}

export function fieldsetClass(error: string | undefined): string {
	return error
		? 'byok-ai-fieldset byok-ai-fieldset--invalid'
		: 'byok-ai-fieldset';
}

export interface FieldsetProps {
	legend: string;
	/** The group's help, under the legend; its id is `${helpId}` (aria-describedby). */
	help?: string;
	helpId?: string;
	/** The message about the group as a whole. */
	error?: string | undefined;
	/** Added to the fieldset's classes. */
	className?: string;
	/** Disables every field in it. */
	disabled?: boolean;
	children: ReactNode;
}

/**
 * A group of fields: legend, help, the message about the group, then the fields.
 * @param props
 * @param props.legend
 * @param props.help
 * @param props.helpId
 * @param props.error
 * @param props.className
 * @param props.disabled
 * @param props.children
 */
export function Fieldset({
	legend,
	help,
	helpId,
	error,
	className,
	disabled,
	children,
}: FieldsetProps) {
	const described = help !== undefined && helpId !== undefined;
	return (
		<fieldset
			className={[fieldsetClass(error), className]
				.filter(Boolean)
				.join(' ')}
			aria-describedby={described ? helpId : undefined}
			disabled={disabled}
		>
			<legend>{legend}</legend>
			{described && <HelpText id={helpId}>{help}</HelpText>}
			<FieldError error={error} />
			{children}
		</fieldset>
	);
}

/** sprintf for a help text known here only as a string, with its two placeholders. */
const formatRange = sprintf as (
	text: string,
	min: string,
	max: string
) => string;

export interface NumberInputProps {
	label: string;
	value: string;
	/** From the route's schema; null when it states none. */
	range: Range | null;
	error: string | undefined;
	disabled?: boolean;
	onChange: (value: string) => void;
	/** The help text: %1$s and %2$s stand for the range's ends, formatted for the reader. */
	help: string;
}

/**
 * A whole-number field with its range, its help and the message about it.
 * @param props
 * @param props.label
 * @param props.value
 * @param props.range
 * @param props.error
 * @param props.disabled
 * @param props.onChange
 * @param props.help
 */
export function NumberInput({
	label,
	value,
	range,
	error,
	disabled = false,
	onChange,
	help,
}: NumberInputProps) {
	return (
		<TextInput
			label={label}
			type="number"
			{...(range && { min: range.min, max: range.max })}
			step={1}
			value={value}
			disabled={disabled}
			onChange={onChange}
			aria-invalid={error ? true : undefined}
			help={
				<FieldHelp error={error}>
					{range &&
						formatRange(
							help,
							range.min.toLocaleString(),
							range.max.toLocaleString()
						)}
				</FieldHelp>
			}
		/>
	);
}
