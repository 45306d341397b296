/**
 * Jest transform for @wordpress/interactivity's ESM entry: babel-jest (wp-scripts' transform)
 * compiles it to CommonJS, which can't hold its one top-level await, `if (SCRIPT_DEBUG) await
 * import("preact/debug")` (browsers load the package as a module). Tests don't need Preact's
 * debug hooks: the block is removed, the rest is compiled as usual. If the package changes that
 * line, this throws rather than let the test run on something else.
 */
const babelTransform = require('@wordpress/scripts/config/babel-transform');

const DEBUG_IMPORT =
	/if \(globalThis\.SCRIPT_DEBUG\) \{\s*await import\("preact\/debug"\);\s*\}/;

function withoutDebug(source, filename) {
	if (!DEBUG_IMPORT.test(source)) {
		throw new Error(
			`${filename}: the SCRIPT_DEBUG import this transform removes has changed; update tests/js/assistant/interactivity-transform.cjs.`
		);
	}
	return source.replace(DEBUG_IMPORT, '');
}

module.exports = {
	process: (source, filename, options) =>
		babelTransform.process(
			withoutDebug(source, filename),
			filename,
			options
		),
	getCacheKey: (source, filename, options) =>
		babelTransform.getCacheKey(
			withoutDebug(source, filename),
			filename,
			options
		) + ':no-debug',
};
