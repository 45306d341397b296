/**
 * What the new panels need to know about providers, derived from GET /settings.
 */
import type { KeyStatus, Provider } from '../lib/types';

const USABLE: readonly KeyStatus[] = [
	'valid',
	'not_validated',
	'environment',
	'constant',
];

/**
 * Says whether a request could use this provider now: it has a key that isn't known to be
 * broken, or it needs none (a local server, for instance).
 * @param provider
 */
export function hasUsableKey(provider: Provider): boolean {
	return !provider.requires_key || USABLE.includes(provider.key.status);
}

/**
 * The provider's label, or its id for one the settings don't list (removed since).
 * @param providers
 * @param id
 */
export function providerLabel(providers: Provider[], id: string): string {
	return providers.find((provider) => provider.id === id)?.label ?? id;
}
