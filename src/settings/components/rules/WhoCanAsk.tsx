/**
 * Rules → "Who can use AI in the editor": the roles, and each person's hourly limit.
 */
import { CheckboxControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { Role } from '../../../lib/types';
import { Fieldset } from '../form/fields';
import { PolicyNumber, type RulesPartProps } from './PolicyNumber';

export interface WhoCanAskProps extends RulesPartProps {
	roles: Role[];
}

export function WhoCanAsk({ roles, ...part }: WhoCanAskProps) {
	const { form, fieldErrors, actions } = part;
	return (
		<Fieldset
			legend={__('Who can use AI in the editor', 'byok-ai')}
			error={fieldErrors.chat_roles}
		>
			{roles.map((role) => (
				<CheckboxControl
					__nextHasNoMarginBottom
					key={role.slug}
					label={role.name}
					checked={form.chat_roles.includes(role.slug)}
					onChange={(checked: boolean) =>
						actions.setRole(role.slug, checked)
					}
				/>
			))}
			<PolicyNumber {...part} field="user_hourly_limit" />
		</Fieldset>
	);
}
