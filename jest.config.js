const defaultConfig = require( '@wordpress/scripts/config/jest-unit.config.js' );

// Some deps of @wordpress/components 41 are ESM-only (uuid >= 12, the
// @wordpress/theme .mjs build), and so is @wordpress/interactivity (the
// assistant block's view module) with Preact. Jest 30 can only require() ESM
// natively on Node >= 24.9, so let babel-jest (wp-scripts' transform) compile them.
const babelTransform = require.resolve( '@wordpress/scripts/config/babel-transform' );

module.exports = {
	...defaultConfig,
	transform: {
		// Its entry has a top-level await (Preact's debug hooks) that CommonJS can't hold.
		'/@wordpress/interactivity/build-module/index\\.mjs$':
			'<rootDir>/tests/js/assistant/interactivity-transform.cjs',
		'\\.[mc]?[jt]sx?$': babelTransform,
	},
	// Its package.json exports only an `import` condition.
	moduleNameMapper: {
		'^@wordpress/interactivity$':
			'<rootDir>/node_modules/@wordpress/interactivity/build-module/index.mjs',
	},
	transformIgnorePatterns: [
		'/node_modules/(?!(uuid|@wordpress/theme|@wordpress/interactivity|preact|@preact)/)',
	],
};
