<?php
/**
 * Server-side rendering of the AI Assistant block; see ByokAi\Assistant\Block::render().
 *
 * @package ByokAi
 *
 * @var array<mixed> $attributes Block attributes.
 * @var WP_Block     $block      Block instance.
 */

defined( 'ABSPATH' ) || exit;

$byok_ai_plugin = ByokAi\Plugin::instance();
if ( null !== $byok_ai_plugin ) {
	echo $byok_ai_plugin->block->render( $attributes, $block ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- Assembled from escaped parts in Block::render().
}
