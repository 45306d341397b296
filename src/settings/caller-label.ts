/**
 * How a WordPress AI caller ("plugin:akismet") reads on screen; shared by the rules and the usage table.
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * A caller as people read it: "Plugin: akismet", "Theme: twentytwentyfive", "WordPress".
 * @param caller
 */
export function callerLabel(caller: string): string {
	const at = caller.indexOf(':');
	const kind = at < 0 ? caller : caller.slice(0, at);
	const slug = at < 0 ? '' : caller.slice(at + 1);
	switch (kind) {
		case 'core':
			return __('WordPress', 'byok-ai');
		case 'plugin':
			/* translators: %s: plugin folder name. */
			return sprintf(__('Plugin: %s', 'byok-ai'), slug);
		case 'mu-plugin':
			/* translators: %s: must-use plugin file name. */
			return sprintf(__('Must-use plugin: %s', 'byok-ai'), slug);
		case 'theme':
			/* translators: %s: theme folder name. */
			return sprintf(__('Theme: %s', 'byok-ai'), slug);
	}
	return caller;
}
