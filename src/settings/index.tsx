/**
 * Mounts the settings app into the page's root element.
 */
import { createRoot } from '@wordpress/element';
import { App } from './App';
import './settings.css';

const root = document.getElementById('byok-ai-settings');
if (root) {
	createRoot(root).render(<App />);
}
