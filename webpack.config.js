/**
 * wp-scripts' webpack config with the plugin's entry points.
 */
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );

module.exports = {
	...defaultConfig,
	entry: {
		settings: './src/settings/index.tsx',
		// The block: block.json and render.php are copied to build/assistant by wp-scripts.
		'assistant/index': './src/assistant/index.tsx',
		'assistant/view': './src/assistant/view.ts',
	},
};
