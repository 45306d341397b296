import apiFetch from '@wordpress/api-fetch';
import {
	choicesOf,
	fetchSchema,
	propertiesOf,
	rangeOf,
	wholeNumberError,
} from '../../../src/settings/schema';

jest.mock('@wordpress/api-fetch', () => ({
	__esModule: true,
	default: jest.fn(),
}));

const mockedFetch = apiFetch as unknown as jest.Mock;

describe('schema', () => {
	beforeEach(() => mockedFetch.mockReset());

	it('asks the route with OPTIONS and reads schema.properties', async () => {
		mockedFetch.mockResolvedValue({
			namespace: 'byok-ai/v1',
			methods: ['GET', 'PUT'],
			schema: {
				type: 'object',
				properties: {
					timeout: { type: 'integer', minimum: 5, maximum: 300 },
				},
			},
		});
		const schema = await fetchSchema('/byok-ai/v1/policy');
		expect(mockedFetch).toHaveBeenCalledWith(
			expect.objectContaining({
				path: '/byok-ai/v1/policy',
				method: 'OPTIONS',
			})
		);
		expect(rangeOf(schema, 'timeout')).toEqual({ min: 5, max: 300 });
		expect(rangeOf(schema, 'primary')).toBeNull();
	});

	it("falls back to the PUT endpoint's arguments, the schema winning", () => {
		const schema = propertiesOf({
			endpoints: [
				{ methods: ['GET'], args: { timeout: { minimum: 99 } } },
				{
					methods: ['POST', 'PUT', 'PATCH'],
					args: {
						timeout: { minimum: 1, maximum: 2 },
						proxy_header: { enum: ['', 'X-Real-IP'] },
					},
				},
			],
			schema: { properties: { timeout: { minimum: 5, maximum: 300 } } },
		});
		expect(rangeOf(schema, 'timeout')).toEqual({ min: 5, max: 300 });
		expect(choicesOf(schema, 'proxy_header')).toEqual(['', 'X-Real-IP']);
		expect(choicesOf(schema, 'timeout')).toBeNull();
	});

	it('leaves the checks to the server when the route states no schema', async () => {
		mockedFetch.mockRejectedValue({ code: 'rest_no_route', message: 'No' });
		expect(await fetchSchema('/byok-ai/v1/policy')).toEqual({});
		expect(propertiesOf(null)).toEqual({});
		expect(wholeNumberError('abc', null)).toBeNull();
	});

	it('checks a whole number against its range', () => {
		const range = { min: 0, max: 10000 };
		expect(wholeNumberError('0', range)).toBeNull();
		expect(wholeNumberError('10000', range)).toBeNull();
		for (const text of ['', ' ', '-1', '10001', '2.5', 'abc']) {
			expect(wholeNumberError(text, range)).toBe(
				'Enter a whole number from 0 to 10,000.'
			);
		}
	});
});
