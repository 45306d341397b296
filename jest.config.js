const defaultConfig = require( '@wordpress/scripts/config/jest-unit.config.js' );

// Some deps of @wordpress/components 41 are ESM-only (uuid >= 12, the
// @wordpress/theme .mjs build). Jest 30 can only require() ESM natively on
// Node >= 24.9, so let babel-jest (wp-scripts' transform) compile them.
const babelTransform = require.resolve( '@wordpress/scripts/config/babel-transform' );

module.exports = {
	...defaultConfig,
	transform: { '\\.[mc]?[jt]sx?$': babelTransform },
	transformIgnorePatterns: [ '/node_modules/(?!(uuid|@wordpress/theme)/)' ],
};
