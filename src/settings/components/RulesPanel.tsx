/**
 * "Rules": which provider answers, what is tried when it fails, limits, models and who may ask.
 * The parts of the form are in rules/; the ranges come from the /policy route's schema.
 */
import { __, sprintf } from '@wordpress/i18n';
import { SelectInput } from '../../components/controls';
import type { Provider } from '../../lib/types';
import { hasUsableKey, providerLabel } from '../providers';
import { usePolicy } from '../use-policy';
import { FieldHelp } from './form/fields';
import { ResourceForm } from './form/ResourceForm';
import { AllowedModels } from './rules/AllowedModels';
import { FallbackChain } from './rules/FallbackChain';
import { Moderation } from './rules/Moderation';
import { PolicyNumber } from './rules/PolicyNumber';
import { VisitorLimits } from './rules/VisitorLimits';
import { WhoCanAsk } from './rules/WhoCanAsk';

export interface RulesPanelProps {
	/** All providers, in the settings' order. */
	providers: Provider[];
}

export function RulesPanel({ providers }: RulesPanelProps) {
	const [state, actions] = usePolicy(providers.map((item) => item.id));
	const { fieldErrors, schema } = state;

	const label = (id: string) => providerLabel(providers, id);
	const noKey = (id: string) => {
		const provider = providers.find((item) => item.id === id);
		return provider !== undefined && !hasUsableKey(provider);
	};

	return (
		<ResourceForm
			name="rules"
			title={__('Rules', 'byok-ai')}
			loadingText={__('Loading rules…', 'byok-ai')}
			submitLabel={__('Save rules', 'byok-ai')}
			state={state}
			onSave={actions.save}
			onDismiss={actions.dismiss}
		>
			{(form) => {
				const part = { form, schema, fieldErrors, actions };
				return (
					<>
						<SelectInput
							label={__('Primary provider', 'byok-ai')}
							value={form.primary}
							options={[
								{
									value: '',
									label: __('Automatic', 'byok-ai'),
								},
								...form.order.map((id) => ({
									value: id,
									label: noKey(id)
										? sprintf(
												/* translators: %s: provider name. */
												__(
													'%s (no key yet)',
													'byok-ai'
												),
												label(id)
											)
										: label(id),
								})),
							]}
							onChange={(value: string) =>
								actions.change({ primary: value })
							}
							help={
								<FieldHelp error={fieldErrors.primary}>
									{__(
										'Every request goes to this provider first. Automatic uses the first provider with a usable key.',
										'byok-ai'
									)}
								</FieldHelp>
							}
							aria-invalid={
								fieldErrors.primary ? true : undefined
							}
						/>
						<FallbackChain {...part} label={label} noKey={noKey} />
						<PolicyNumber {...part} field="max_output_tokens" />
						<PolicyNumber {...part} field="timeout" />
						<AllowedModels {...part} label={label} />
						<WhoCanAsk {...part} roles={state.roles} />
						<VisitorLimits {...part} />
						<Moderation providers={providers} />
					</>
				);
			}}
		</ResourceForm>
	);
}
