// @wordpress/block-editor ships no type declarations: these cover what the plugin uses, as
// it exists in WordPress 6.6 (the plugin's floor).
declare module '@wordpress/block-editor' {
	import type { ComponentType, ReactNode } from 'react';
	import type { ReduxStoreConfig, StoreDescriptor } from '@wordpress/data';

	export function useBlockProps(
		props?: Record<string, unknown>
	): Record<string, unknown>;

	export const InspectorControls: ComponentType<{ children?: ReactNode }>;

	interface BlockEditorSelectors {
		/** Every block's client id, inner blocks included, in document order. */
		getClientIdsWithDescendants: (state: unknown) => string[];
		getBlockName: (state: unknown, clientId: string) => string | null;
		getBlockAttributes: (
			state: unknown,
			clientId: string
		) => Record<string, unknown> | null;
	}

	interface BlockEditorActions {
		/** Private-ish; present in every supported version, but checked before use. */
		__unstableMarkNextChangeAsNotPersistent?: () => unknown;
	}

	export const store: StoreDescriptor<
		ReduxStoreConfig<unknown, BlockEditorActions, BlockEditorSelectors>
	>;
}
