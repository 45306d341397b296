/**
 * Rules → "Visitors": the limits on questions asked through the AI Assistant block, and where
 * the visitor's address is read.
 */
import { Notice } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { SelectInput } from '../../../components/controls';
import type { ProxyHeader } from '../../../lib/types';
import { choicesOf } from '../../schema';
import { FieldHelp } from '../form/fields';
import { PolicyNumber, type RulesPartProps } from './PolicyNumber';
import { RulesFieldset } from './RulesFieldset';

function headerLabel(header: string): string {
	return header === ''
		? __('The connection’s address (no proxy)', 'byok-ai')
		: sprintf(
				/* translators: %s: HTTP header name, e.g. X-Forwarded-For. */
				__('The %s header', 'byok-ai'),
				header
			);
}

export function VisitorLimits(part: RulesPartProps) {
	const { form, schema, fieldErrors, actions } = part;
	// The headers the route accepts ('' = the connection's address); the saved one at least.
	const headers = choicesOf(schema, 'proxy_header') ?? [form.proxy_header];
	return (
		<RulesFieldset name="visitors" className="byok-ai-rules__visitors">
			<PolicyNumber {...part} field="visitor_ip_limit" />
			<PolicyNumber {...part} field="visitor_ip_window" />
			<PolicyNumber {...part} field="visitor_block_limit" />
			<PolicyNumber {...part} field="visitor_daily_cap" />
			<SelectInput
				label={__('Visitor address', 'byok-ai')}
				value={form.proxy_header}
				options={headers.map((header) => ({
					value: header,
					label: headerLabel(header),
				}))}
				onChange={(value: string) =>
					actions.change({
						proxy_header: toProxyHeader(headers, value),
					})
				}
				aria-invalid={fieldErrors.proxy_header ? true : undefined}
				help={
					<FieldHelp error={fieldErrors.proxy_header}>
						{__(
							'Where the per-visitor limit reads the visitor’s IP address. Only choose a header when every request really reaches this site through a proxy or CDN that sets it (and replaces any value the visitor sent); otherwise anyone can send that header with a made-up address and get around the limit.',
							'byok-ai'
						)}
					</FieldHelp>
				}
			/>
			{form.proxy_header !== '' && (
				<Notice status="warning" isDismissible={false}>
					{sprintf(
						/* translators: %s: HTTP header name, e.g. X-Forwarded-For. */
						__(
							'Visitors are told apart by the %s header. Keep this only if your proxy or CDN always sets it.',
							'byok-ai'
						),
						form.proxy_header
					)}
				</Notice>
			)}
		</RulesFieldset>
	);
}

function toProxyHeader(headers: string[], value: string): ProxyHeader {
	return headers.find((header) => header === value) ?? '';
}
