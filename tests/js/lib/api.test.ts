import apiFetch from '@wordpress/api-fetch';
import { saveKey, testKey, toRestError } from '../../../src/lib/api';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

describe('REST client', () => {
	beforeEach(() => mockedFetch.mockReset().mockResolvedValue({}));

	it('sends the key in the body of a PUT, never in the path', async () => {
		await saveKey('openai', 'sk-secret-value');
		const options = mockedFetch.mock.calls[0][0];
		expect(options).toEqual({
			path: '/byok-ai/v1/providers/openai/key',
			method: 'PUT',
			data: { key: 'sk-secret-value' },
		});
		expect(options.path).not.toContain('sk-secret');
	});

	it('asks for an unvalidated save only when told to', async () => {
		await saveKey('openai', 'k', true);
		expect(mockedFetch.mock.calls[0][0].data).toEqual({
			key: 'k',
			allow_unvalidated: true,
		});
	});

	it('encodes the provider id in paths', async () => {
		await testKey('a/b');
		expect(mockedFetch.mock.calls[0][0].path).toBe(
			'/byok-ai/v1/providers/a%2Fb/key/validation'
		);
	});

	it('keeps REST errors and replaces anything else with a readable message', () => {
		const rest = {
			code: 'byok_ai_key_invalid',
			message: 'Rejected',
			data: { status: 400 },
		};
		expect(toRestError(rest)).toBe(rest);
		const other = toRestError(new TypeError('Failed to fetch'));
		expect(other.code).toBe('byok_ai_network');
		expect(other.message).toMatch(/didn’t reach the site/);
	});
});
