import { newBlockId } from '../../../src/assistant/components/block-id';
import { answerLength } from '../../../src/assistant/components/inspector/ModelSettings';
import {
	cleanSuggestions,
	ownAttributes,
} from '../../../src/assistant/components/attributes';

// The real package doesn't load in jest (ESM-only dependencies); only its store name is used.
jest.mock('@wordpress/block-editor', () => ({
	__esModule: true,
	store: 'core/block-editor',
}));

describe('newBlockId', () => {
	it('makes 12 characters from [a-z0-9], different each time', () => {
		const ids = new Set<string>();
		for (let i = 0; i < 200; i++) {
			const id = newBlockId();
			expect(id).toMatch(/^[a-z0-9]{12}$/);
			ids.add(id);
		}
		expect(ids.size).toBe(200);
	});

	it('draws from the browser’s cryptographic generator, skipping biased bytes', () => {
		const spy = jest
			.spyOn(crypto, 'getRandomValues')
			.mockImplementationOnce((array) => {
				// 252..255 would favour the first characters: they must be skipped.
				const bytes = array as unknown as Uint8Array;
				bytes.fill(255);
				bytes.set([0, 1, 35, 36, 252]);
				return array;
			});
		const id = newBlockId();
		expect(id.startsWith('ab9a')).toBe(true);
		expect(id).toMatch(/^[a-z0-9]{12}$/);
		expect(spy).toHaveBeenCalledTimes(2);
		spy.mockRestore();
	});
});

describe('answerLength', () => {
	it.each([
		// The slider never stores "no limit" (0): that is the toggle's.
		[0, 16],
		[-5, 16],
		[1, 16],
		[16, 16],
		[512.4, 512],
		[4096, 4096],
		[9000, 4096],
	])('stores %s as %s with a cap of 4096', (value, stored) => {
		expect(answerLength(value, 4096)).toBe(stored);
	});
});

describe('cleanSuggestions', () => {
	it('trims, drops empty ones and keeps at most the limit', () => {
		expect(cleanSuggestions([' a ', '', '  ', 'b', 'c', 'd'], 3)).toEqual([
			'a',
			'b',
			'c',
		]);
	});
});

describe('ownAttributes', () => {
	it('keeps exactly the attributes block.json declares', () => {
		const own = ownAttributes({
			blockId: 'abcdef123456',
			mode: 'ask',
			grounded: false,
			instructions: 'x',
			provider: '',
			model: '',
			maxTokens: 0,
			label: '',
			placeholder: '',
			buttonText: '',
			suggestions: [],
			// From the block's supports.
			...({ align: 'wide', style: { color: {} } } as object),
		});
		expect(Object.keys(own).sort()).toEqual(
			[
				'blockId',
				'buttonText',
				'grounded',
				'instructions',
				'label',
				'maxTokens',
				'mode',
				'model',
				'placeholder',
				'provider',
				'suggestions',
			].sort()
		);
	});
});
