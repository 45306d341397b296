/**
 * Rules → "Allowed models": the model ids each provider may be asked for.
 */
import { __, sprintf } from '@wordpress/i18n';
import { TextInput } from '../../../components/controls';
import { FieldHelp } from '../form/fields';
import type { RulesPartProps } from './PolicyNumber';
import { RulesFieldset } from './RulesFieldset';

export interface AllowedModelsProps extends Omit<RulesPartProps, 'schema'> {
	/** A provider's name. */
	label: (id: string) => string;
}

export function AllowedModels({ label, ...part }: AllowedModelsProps) {
	const { form, fieldErrors, actions } = part;
	return (
		<RulesFieldset name="models" error={fieldErrors.models}>
			{Object.keys(form.models).map((id) => {
				const error = fieldErrors[`models.${id}`];
				return (
					<TextInput
						key={id}
						label={sprintf(
							/* translators: %s: provider name. */
							__('%s models', 'byok-ai'),
							label(id)
						)}
						value={form.models[id] ?? ''}
						onChange={(value: string) =>
							actions.setModels(id, value)
						}
						spellCheck={false}
						autoComplete="off"
						aria-invalid={error ? true : undefined}
						help={error && <FieldHelp error={error} />}
					/>
				);
			})}
		</RulesFieldset>
	);
}
