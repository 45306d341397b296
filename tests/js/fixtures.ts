/**
 * Provider fixtures shaped like the REST API's answers.
 */
import type { Provider } from '../../src/lib/types';

export function provider(overrides: Partial<Provider> = {}): Provider {
	return {
		id: 'openai',
		label: 'OpenAI',
		requires_key: true,
		key: {
			source: 'none',
			status: 'missing',
			hint: null,
			validated_at: null,
			variable: 'BYOK_AI_OPENAI_API_KEY',
			message: null,
		},
		settings: { base_url: 'https://api.openai.com/v1' },
		fields: [
			{
				name: 'base_url',
				type: 'url',
				label: 'Base URL',
				required: true,
				default: 'https://api.openai.com/v1',
			},
		],
		...overrides,
	};
}

/**
 * A provider whose key is in the given state (a stored, validated one by default).
 * @param id
 * @param label
 * @param status
 */
export function providerWithKey(
	id: string,
	label: string,
	status: Provider['key']['status'] = 'valid'
): Provider {
	const base = provider({ id, label });
	return {
		...base,
		key: {
			...base.key,
			source: status === 'missing' ? 'none' : 'database',
			status,
			hint: status === 'missing' ? null : 'sk-…QRST',
		},
	};
}
