/**
 * The block's stable instance id: set once on insert, renewed when a copy repeats another's.
 *
 * The server finds a visitor's block in the saved post by this id and counts the per-block
 * limit under it, so two blocks in one post must never share one.
 */
import { store as blockEditorStore } from '@wordpress/block-editor';
import { useDispatch, useSelect } from '@wordpress/data';
import { useEffect } from '@wordpress/element';

export const BLOCK_NAME = 'byok-ai/assistant';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const LENGTH = 12;

/**
 * A random id of LENGTH characters from [a-z0-9], without modulo bias.
 */
export function newBlockId(): string {
	let id = '';
	// 252 is the largest multiple of 36 under 256: bytes above it are drawn again.
	const bytes = new Uint8Array(LENGTH * 2);
	while (id.length < LENGTH) {
		crypto.getRandomValues(bytes);
		for (const byte of bytes) {
			if (byte < 252 && id.length < LENGTH) {
				id += ALPHABET[byte % ALPHABET.length];
			}
		}
	}
	return id;
}

/**
 * Says whether the block needs a new id: it has none, or a block of the same kind earlier in
 * the document has the same one (the later copy of a duplicated or pasted block changes).
 * @param clientId
 * @param blockId
 */
function useNeedsNewId(clientId: string, blockId: string): boolean {
	return useSelect(
		(select) => {
			if (blockId === '') {
				return true;
			}
			const editor = select(blockEditorStore);
			for (const id of editor.getClientIdsWithDescendants()) {
				if (id === clientId) {
					return false;
				}
				if (
					editor.getBlockName(id) === BLOCK_NAME &&
					editor.getBlockAttributes(id)?.blockId === blockId
				) {
					return true;
				}
			}
			return false;
		},
		[clientId, blockId]
	);
}

export function useBlockId(
	clientId: string,
	blockId: string,
	setAttributes: (attributes: { blockId: string }) => void
): void {
	const needsNewId = useNeedsNewId(clientId, blockId);
	const { __unstableMarkNextChangeAsNotPersistent: markNotPersistent } =
		useDispatch(blockEditorStore);

	useEffect(() => {
		if (!needsNewId) {
			return;
		}
		// Not an undo step of its own: undoing it would only bring the duplicate back.
		if (typeof markNotPersistent === 'function') {
			markNotPersistent();
		}
		setAttributes({ blockId: newBlockId() });
		// Only a change of the answer matters; the callbacks are stable enough.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [needsNewId]);
}
