/**
 * wp-scripts' webpack config with the plugin's entry points.
 */
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );
const DependencyExtractionWebpackPlugin = require( '@wordpress/dependency-extraction-webpack-plugin' );

module.exports = {
	...defaultConfig,
	entry: {
		settings: './src/settings/index.tsx',
		// The block: block.json and render.php are copied to build/assistant by wp-scripts.
		'assistant/index': './src/assistant/index.tsx',
		'assistant/view': './src/assistant/view.ts',
	},
	plugins: [
		...defaultConfig.plugins.filter(
			( plugin ) => ! ( plugin instanceof DependencyExtractionWebpackPlugin )
		),
		new DependencyExtractionWebpackPlugin( {
			// The `react-jsx-runtime` script handle exists only since WordPress 6.6; bundle
			// the (1 KB) JSX runtime so the plugin works on every supported version.
			requestToExternal: ( request ) =>
				request === 'react/jsx-runtime' ? false : undefined,
		} ),
	],
};
