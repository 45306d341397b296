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
