/**
 * Mounts the settings app into the page's root element.
 */
import { createRoot } from '@wordpress/element';
import { App } from './App';
import './settings.css';

const root = document.getElementById('byok-ai-settings');
if (root) {
	createRoot(root).render(
		<App
			connectors={
				root.dataset.connectorsUrl
					? {
							url: root.dataset.connectorsUrl,
							shared: root.dataset.connectorsShared === '1',
						}
					: undefined
			}
			initialProvider={new URLSearchParams(window.location.search).get(
				'provider'
			)}
		/>
	);
}
