/**
 * wp-scripts' webpack configs with the plugin's entry points. The build runs with
 * `--experimental-modules`, so wp-scripts exports two configs: classic scripts (the settings
 * page, the block's editor script) and script modules (block.json's viewScriptModule, the
 * block's front end, with @wordpress/interactivity left to WordPress as an external module).
 */
const [
	scriptConfig,
	moduleConfig,
] = require( '@wordpress/scripts/config/webpack.config' );

if ( ! moduleConfig ) {
	throw new Error( 'Build with `wp-scripts build --experimental-modules`.' );
}

module.exports = [
	{
		...scriptConfig,
		name: 'scripts',
		entry: {
			settings: './src/settings/index.tsx',
			// block.json and render.php are copied to build/assistant by wp-scripts.
			'assistant/index': './src/assistant/index.tsx',
		},
		output: {
			...scriptConfig.output,
			// wp-scripts cleans nothing with two configs (they would delete each other's files):
			// this one, built first, cleans build/.
			clean: { keep: /^(fonts|images)\// },
		},
	},
	{
		...moduleConfig,
		name: 'modules',
		// After the scripts, whose clean must not remove the modules.
		dependencies: [ 'scripts' ],
		// assistant/view, from block.json's viewScriptModule.
	},
];
