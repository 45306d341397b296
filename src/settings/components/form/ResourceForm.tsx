/**
 * The frame of a form that edits a REST resource (useResourceForm): a panel that says it is
 * loading or why it couldn't load, then the form with its notice, its fields and its save button;
 * after a failed save, keyboard focus goes to the first field that needs fixing.
 */
import { Button, Notice } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import type { ReactNode } from 'react';
import type { ResourceFormState } from '../../use-resource-form';
import { Loading } from '../Loading';
import { Panel } from '../Panel';

export interface ResourceFormProps<Form> {
	/** The panel's name (Panel). */
	name: string;
	title: string;
	loadingText: string;
	/** Added to the form's `byok-ai-rules__form` (the layout every such form shares). */
	formClassName?: string;
	/** The form's own messages, next to the fields, instead of the browser's bubble. */
	noValidate?: boolean;
	submitLabel: string;
	state: ResourceFormState<unknown, Form>;
	onSave: () => void;
	onDismiss: () => void;
	/** The fields, given the form being edited. */
	children: (form: Form) => ReactNode;
}

export function ResourceForm<Form>({
	name,
	title,
	loadingText,
	formClassName,
	noValidate = false,
	submitLabel,
	state,
	onSave,
	onDismiss,
	children,
}: ResourceFormProps<Form>) {
	const formRef = useRef<HTMLFormElement>(null);
	const { form, fieldErrors } = state;

	useEffect(() => {
		if (Object.keys(fieldErrors).length === 0) {
			return;
		}
		formRef.current
			?.querySelector<HTMLElement>(
				'[aria-invalid="true"], .byok-ai-fieldset--invalid input'
			)
			?.focus();
	}, [fieldErrors]);

	let body: ReactNode;
	if (state.loading && form === null) {
		body = <Loading>{loadingText}</Loading>;
	} else if (form === null) {
		body = (
			<Notice status="error" isDismissible={false}>
				{state.loadError}
			</Notice>
		);
	} else {
		body = (
			<form
				ref={formRef}
				className={['byok-ai-rules__form', formClassName]
					.filter(Boolean)
					.join(' ')}
				noValidate={noValidate}
				onSubmit={(event) => {
					event.preventDefault();
					onSave();
				}}
			>
				{state.notice && (
					<Notice status={state.notice.status} onRemove={onDismiss}>
						{state.notice.message}
					</Notice>
				)}
				{children(form)}
				<Button
					__next40pxDefaultSize
					variant="primary"
					type="submit"
					isBusy={state.saving}
					disabled={state.saving}
				>
					{submitLabel}
				</Button>
			</form>
		);
	}

	return (
		<Panel name={name} title={title}>
			{body}
		</Panel>
	);
}
