import { registerBlockType } from '@wordpress/blocks';
import metadata from '../../../src/assistant/block.json';

jest.mock('@wordpress/blocks', () => ({
	__esModule: true,
	registerBlockType: jest.fn(),
}));

jest.mock('../../../src/assistant/edit', () => ({
	__esModule: true,
	Edit: () => null,
}));

describe('the block’s registration', () => {
	it('registers block.json’s metadata with a dynamic save', () => {
		jest.isolateModules(() => {
			require('../../../src/assistant/index');
		});
		const register = registerBlockType as unknown as jest.Mock;
		expect(register).toHaveBeenCalledTimes(1);
		const [meta, settings] = register.mock.calls[0];
		expect(meta).toEqual(metadata);
		expect(meta.name).toBe('byok-ai/assistant');
		// Rendered by the server: nothing is saved but the attributes.
		expect(settings.save()).toBeNull();
		expect(typeof settings.edit).toBe('function');
	});
});
