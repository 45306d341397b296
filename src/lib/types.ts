/**
 * Shapes of the plugin's REST resources (byok-ai/v1), one file per resource in types/.
 */
export type * from './types/settings';
export type * from './types/chat';
export type * from './types/policy';
export type * from './types/assistant';
export type * from './types/wordpress-ai';
