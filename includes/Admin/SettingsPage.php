<?php
/**
 * Settings → BYOK AI.
 *
 * @package ByokAi
 */

namespace ByokAi\Admin;

/**
 * Registers the page, renders the root the React app mounts into, and loads the app with its
 * first REST responses preloaded (masks only: the key never reaches the page).
 */
class SettingsPage {

	public const SLUG   = 'byok-ai';
	public const HANDLE = 'byok-ai-settings';

	/** Hook suffix of the page, once registered. */
	private string $hook_suffix = '';

	/**
	 * REST requests answered from the page itself: the settings, the schemas (OPTIONS) whose
	 * bounds and choices the forms use, and the visitor question check (that one field of
	 * /wp/v2/settings). The WordPress AI route exists on 7.0+ only; a missing
	 * route is simply not preloaded.
	 */
	public const PRELOAD = array(
		'/byok-ai/v1/settings',
		array( '/byok-ai/v1/settings', 'OPTIONS' ),
		array( '/byok-ai/v1/policy', 'OPTIONS' ),
		array( '/byok-ai/v1/wordpress-ai', 'OPTIONS' ),
		'/wp/v2/settings?_fields=byok_ai_moderation',
	);

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_page' ) );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( BYOK_AI_FILE ), array( $this, 'action_links' ) );
	}

	/**
	 * Adds the page under Settings.
	 */
	public function add_page(): void {
		$suffix = add_options_page(
			__( 'BYOK AI', 'byok-ai' ),
			__( 'BYOK AI', 'byok-ai' ),
			'manage_options',
			self::SLUG,
			array( $this, 'render' )
		);

		$this->hook_suffix = is_string( $suffix ) ? $suffix : '';
	}

	/**
	 * Returns the page's URL.
	 */
	public static function url(): string {
		return admin_url( 'options-general.php?page=' . self::SLUG );
	}

	/**
	 * Adds a "Settings" link on the Plugins screen.
	 *
	 * @param array<string|int, string> $links Links.
	 * @return array<string|int, string>
	 */
	public function action_links( array $links ): array {
		array_unshift( $links, sprintf( '<a href="%s">%s</a>', esc_url( self::url() ), esc_html__( 'Settings', 'byok-ai' ) ) );
		return $links;
	}

	/**
	 * Describes how the keys on this page relate to WordPress's Settings → Connectors (7.0+):
	 * its URL, and whether the two screens share one key per provider (BYOK AI keeps the
	 * Connectors keys, encrypted) or not. Empty where WordPress has no Connectors screen.
	 *
	 * @return array{url: string, shared: bool}|array{}
	 */
	public static function connectors(): array {
		if ( ! \ByokAi\WordPressAi\Support::available() ) {
			return array();
		}
		return array(
			'url'    => admin_url( 'options-connectors.php' ),
			'shared' => ( new \ByokAi\WordPressAi\Rules() )->custody(),
		);
	}

	/**
	 * Renders the root element.
	 */
	public function render(): void {
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'BYOK AI', 'byok-ai' ); ?></h1>
			<?php $connectors = self::connectors(); ?>
			<div id="byok-ai-settings"
				<?php if ( $connectors ) : ?>
				data-connectors-url="<?php echo esc_url( $connectors['url'] ); ?>"
				data-connectors-shared="<?php echo $connectors['shared'] ? '1' : '0'; ?>"
				<?php endif; ?>
			>
				<p class="hide-if-js"><?php esc_html_e( 'This page needs JavaScript.', 'byok-ai' ); ?></p>
			</div>
		</div>
		<?php
	}

	/**
	 * Loads the app on this page only.
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue( string $hook_suffix ): void {
		if ( '' === $this->hook_suffix || $hook_suffix !== $this->hook_suffix ) {
			return;
		}
		$dir        = plugin_dir_path( BYOK_AI_FILE );
		$asset_file = $dir . 'build/settings.asset.php';
		if ( ! is_readable( $asset_file ) ) {
			return;
		}
		$asset = require $asset_file;

		wp_enqueue_script( self::HANDLE, plugins_url( 'build/settings.js', BYOK_AI_FILE ), $asset['dependencies'], $asset['version'], true );
		wp_set_script_translations( self::HANDLE, 'byok-ai', $dir . 'languages' );
		wp_enqueue_style( 'wp-components' );
		if ( is_readable( $dir . 'build/settings.css' ) ) {
			wp_enqueue_style( self::HANDLE, plugins_url( 'build/settings.css', BYOK_AI_FILE ), array( 'wp-components' ), $asset['version'] );
		}

		$preload = array();
		foreach ( self::PRELOAD as $request ) {
			// Core takes array( path, method ) too (OPTIONS, since 5.0); the stubs only say string.
			$preload = rest_preload_api_request( $preload, $request ); // @phpstan-ignore argument.type
		}
		wp_add_inline_script(
			'wp-api-fetch',
			sprintf( 'wp.apiFetch.use( wp.apiFetch.createPreloadingMiddleware( %s ) );', wp_json_encode( $preload ) ),
			'after'
		);
	}
}
