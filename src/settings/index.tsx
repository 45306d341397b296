/**
 * Mounts the settings app into the page's root element.
 */
import * as element from '@wordpress/element';
import { App } from './App';
import './settings.css';

const root = document.getElementById('byok-ai-settings');
if (root) {
	// createRoot arrived in WordPress 6.2 (React 18); 6.1 still ships React 17's render().
	if ('createRoot' in element && typeof element.createRoot === 'function') {
		element.createRoot(root).render(<App />);
	} else {
		(
			element as unknown as {
				render: (node: JSX.Element, container: Element) => void;
			}
		).render(<App />, root);
	}
}
