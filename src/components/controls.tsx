/**
 * WordPress's SelectControl and TextControl as the plugin's forms show them, on the settings page
 * and in the block's sidebar alike: 40px tall (the size WordPress is moving to) and without the
 * old bottom margin (the forms space their fields themselves). The flags are set here only.
 */
import { SelectControl, TextControl } from '@wordpress/components';
import { forwardRef } from '@wordpress/element';
import type { ComponentProps, ComponentPropsWithoutRef } from 'react';

type SizeFlags = '__next40pxDefaultSize' | '__nextHasNoMarginBottom';

/** The props without the size flags; a union of props (single or multiple choice) stays one. */
type Sized<Props> = Props extends unknown ? Omit<Props, SizeFlags> : never;

export type SelectInputProps = Sized<ComponentProps<typeof SelectControl>>;

export function SelectInput(props: SelectInputProps) {
	return (
		<SelectControl
			__next40pxDefaultSize
			__nextHasNoMarginBottom
			{...props}
		/>
	);
}

export type TextInputProps = Sized<
	ComponentPropsWithoutRef<typeof TextControl>
>;

/** The input element is the ref's (to move focus to it). */
export const TextInput = forwardRef<HTMLInputElement, TextInputProps>(
	function SizedTextControl(props, ref) {
		return (
			<TextControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				ref={ref}
				{...props}
			/>
		);
	}
);
