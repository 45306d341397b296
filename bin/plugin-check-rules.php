<?php
/**
 * The verdict of bin/plugin-check.sh, plus the directory rules newer than Plugin Check 1.2.0.
 *
 *   php bin/plugin-check-rules.php report OUTPUT PLUGIN_DIR ALLOWED_JSON DEBUG_LOG WP_VERSION
 *   php bin/plugin-check-rules.php rules PLUGIN_DIR [WP_VERSION]     (the newer rules alone, as JSON)
 *
 * OUTPUT is what `wp plugin check --format=json` printed ("FILE: path" lines, each followed by a
 * JSON array of results). The newer rules, as ../shared/tools/README.md lists them (Plugin Check
 * 1.8+ and the directory's review), run on the unpacked plugin:
 *
 *  - missing_direct_file_access_protection: a PHP file with code that runs when loaded (anything
 *    but namespace/use/declare and class, interface, trait or enum declarations, or a bare
 *    `return` of data like wp-scripts' *.asset.php) needs `defined( 'ABSPATH' ) || exit;` (or the
 *    `if ( ! defined( 'ABSPATH' ) ) { exit; }` form) before that code. uninstall.php has its own
 *    guard (WP_UNINSTALL_PLUGIN).
 *  - load_plugin_textdomain_found: WordPress loads a plugin's translations just in time since 4.6.
 *  - ini_set_found: plugins must not change PHP's configuration.
 *  - readme_short_description_too_long: more than 150 characters (the directory cuts it).
 *  - outdated_tested_upto_header: `Tested up to` older than the WordPress this check runs on.
 *  - minified_js_without_source: built (minified) JS with neither its sources (src/) shipped nor a
 *    link to them in readme.txt.
 *  - PluginCheck.CodeAnalysis.AIProvider.DirectIntegration (warning): a PHP string holding the URL
 *    of an AI provider's API, where the WordPress 7 AI Client could serve.
 *  - PluginCheck.Security.AIConnectorAPIKey.DirectAIConnectorAPIKeyAccess: get_option() (and its
 *    site/network/plural forms) of a literal connectors_ai_*_api_key option, core's plaintext
 *    Connectors keys.
 *  - php_notice (error): a PHP notice, warning or deprecation logged from the plugin's files while
 *    Plugin Check loaded the site and ran.
 *
 * Every finding, from Plugin Check or these rules, fails unless an entry of ALLOWED_JSON matches it
 * (same code, file matching the entry's glob, message containing the entry's "message" if given)
 * and gives a reason. An entry that matches nothing fails too. Exit status 0 only when clean.
 *
 * @package ByokAi
 */

// phpcs:disable -- A command-line tool of the repository, never shipped in the plugin.

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}

const BYOK_AI_PC_AI_HOSTS = array(
	'api.openai.com',
	'api.anthropic.com',
	'generativelanguage.googleapis.com',
	'api.x.ai',
	'api.mistral.ai',
	'api.cohere.ai',
	'api.cohere.com',
	'api.groq.com',
	'api.perplexity.ai',
	'api.deepseek.com',
	'openrouter.ai',
);

/**
 * Lists files under a directory, relative to it, sorted.
 *
 * @return string[]
 */
function byok_ai_pc_files( string $dir, string $ext ): array {
	$out = array();
	$it  = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $dir, FilesystemIterator::SKIP_DOTS ) );
	foreach ( $it as $file ) {
		if ( $file->isFile() && ( '' === $ext || substr( $file->getFilename(), -strlen( $ext ) - 1 ) === '.' . $ext ) ) {
			$out[] = substr( $file->getPathname(), strlen( rtrim( $dir, '/' ) ) + 1 );
		}
	}
	sort( $out );
	return $out;
}

/**
 * The top-level statements of a PHP file, each as the list of its significant tokens.
 *
 * @return array<int, array<int, array{0:int|string,1:string,2:int}>>
 */
function byok_ai_pc_statements( string $code ): array {
	$statements = array();
	$current    = array();
	$depth      = 0;
	foreach ( token_get_all( $code ) as $token ) {
		if ( is_string( $token ) ) {
			$token = array( $token, $token, 0 );
		}
		if ( in_array( $token[0], array( T_OPEN_TAG, T_CLOSE_TAG, T_WHITESPACE, T_COMMENT, T_DOC_COMMENT, T_INLINE_HTML ), true ) ) {
			if ( T_INLINE_HTML === $token[0] && 0 === $depth && '' !== trim( $token[1] ) ) {
				$statements[] = array( $token ); // Output at the top level: code that runs.
			}
			continue;
		}
		$current[] = $token;
		// Only punctuation counts: a string's text can be a lone ")" too, e.g. "IN ({$places})".
		$punct = ! is_int( $token[0] );
		if ( ( $punct && in_array( $token[1], array( '{', '(', '[' ), true ) ) || T_CURLY_OPEN === $token[0] || T_DOLLAR_OPEN_CURLY_BRACES === $token[0] ) {
			++$depth;
		} elseif ( $punct && in_array( $token[1], array( '}', ')', ']' ), true ) ) {
			--$depth;
			// A class/function body or a braced namespace ends the statement.
			if ( 0 === $depth && '}' === $token[1] ) {
				$statements[] = $current;
				$current      = array();
			}
		} elseif ( 0 === $depth && $punct && ';' === $token[1] ) {
			$statements[] = $current;
			$current      = array();
		}
	}
	if ( $current ) {
		$statements[] = $current;
	}
	return $statements;
}

/**
 * Whether a statement is `defined( 'ABSPATH' ) || exit;` or `if ( ! defined( 'ABSPATH' ) ) { exit; }`.
 *
 * @param array<int, array{0:int|string,1:string,2:int}> $statement Tokens.
 */
function byok_ai_pc_is_guard( array $statement ): bool {
	$text = strtolower( implode( '', array_column( $statement, 1 ) ) );
	return (bool) preg_match( '/^defined\(([\'"])(abspath|wpinc)\1\)(\|\||or)(exit|die)(\(.*\))?;$/', $text )
		|| (bool) preg_match( '/^if\(!defined\(([\'"])(abspath|wpinc)\1\)\)\{?(exit|die)(\(.*\))?;\}?$/', $text );
}

/**
 * Whether a file needs a direct-access guard and lacks it.
 */
function byok_ai_pc_unguarded( string $code ): bool {
	foreach ( byok_ai_pc_statements( $code ) as $statement ) {
		$first = $statement[0][0];
		if ( byok_ai_pc_is_guard( $statement ) ) {
			return false;
		}
		if ( in_array( $first, array( T_NAMESPACE, T_USE, T_DECLARE ), true ) ) {
			if ( T_NAMESPACE === $first && '}' === end( $statement )[1] ) {
				// namespace X { … }: look inside.
				$open = array_search( '{', array_column( $statement, 1 ), true );
				$body = array_slice( $statement, (int) $open + 1, -1 );
				return byok_ai_pc_unguarded( '<?php ' . implode( '', array_column( $body, 1 ) ) );
			}
			continue;
		}
		$kinds = array( T_CLASS, T_INTERFACE, T_TRAIT, T_ABSTRACT, T_FINAL );
		if ( defined( 'T_ENUM' ) ) {
			$kinds[] = T_ENUM;
		}
		if ( defined( 'T_READONLY' ) ) {
			$kinds[] = T_READONLY;
		}
		if ( in_array( $first, $kinds, true ) ) {
			continue;
		}
		if ( T_RETURN === $first ) {
			// wp-scripts' *.asset.php: `return array( … );` of literals only.
			$calls = array_filter(
				$statement,
				static function ( $t ) {
					return T_STRING === $t[0] || T_VARIABLE === $t[0];
				}
			);
			$words = array_map( 'strtolower', array_column( $calls, 1 ) );
			if ( array() === array_diff( $words, array( 'array', 'true', 'false', 'null' ) ) ) {
				continue;
			}
		}
		return true; // Code that runs before any guard.
	}
	return false;
}

/**
 * The directory's newer rules, on an unpacked plugin.
 *
 * @return array<int, array<string, mixed>>
 */
function byok_ai_pc_newer_rules( string $dir, string $wp_version ): array {
	$found = array();
	$add   = static function ( string $type, string $code, string $file, int $line, string $message ) use ( &$found ) {
		$found[] = compact( 'type', 'code', 'file', 'line', 'message' ) + array( 'source' => 'newer rules (bin/plugin-check-rules.php)' );
	};

	foreach ( byok_ai_pc_files( $dir, 'php' ) as $file ) {
		$code = (string) file_get_contents( "$dir/$file" );
		if ( 'uninstall.php' !== $file && byok_ai_pc_unguarded( $code ) ) {
			$add( 'ERROR', 'missing_direct_file_access_protection', $file, 0, "PHP file should prevent direct access. Add a check like: defined( 'ABSPATH' ) || exit;" );
		}
		$tokens = token_get_all( $code );
		foreach ( $tokens as $i => $token ) {
			if ( ! is_array( $token ) ) {
				continue;
			}
			if ( T_STRING === $token[0] && in_array( strtolower( $token[1] ), array( 'load_plugin_textdomain', 'ini_set' ), true ) ) {
				$next = $tokens[ $i + 1 ] ?? '';
				$prev = $tokens[ $i - 1 ] ?? '';
				if ( '(' === ( is_array( $next ) ? $next[1] : $next ) && ! ( is_array( $prev ) && in_array( $prev[0], array( T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION ), true ) ) ) {
					if ( 'ini_set' === strtolower( $token[1] ) ) {
						$add( 'ERROR', 'ini_set_found', $file, $token[2], 'ini_set() changes PHP’s configuration; plugins must not.' );
					} else {
						$add( 'ERROR', 'load_plugin_textdomain_found', $file, $token[2], 'load_plugin_textdomain() is not needed: WordPress loads translations just in time since 4.6.' );
					}
				}
			}
			if ( T_STRING === $token[0] && in_array( strtolower( $token[1] ), array( 'get_option', 'get_site_option', 'get_network_option', 'get_options' ), true ) ) {
				// The option named by a literal argument (get_network_option: the second).
				$strings = array();
				for ( $j = $i + 1, $depth = 0; isset( $tokens[ $j ] ); $j++ ) {
					$t = $tokens[ $j ];
					$v = is_array( $t ) ? $t[1] : $t;
					if ( '(' === $v || '[' === $v ) {
						++$depth;
					} elseif ( ')' === $v || ']' === $v ) {
						if ( --$depth <= 0 ) {
							break;
						}
					} elseif ( is_array( $t ) && T_CONSTANT_ENCAPSED_STRING === $t[0] ) {
						$strings[] = trim( $t[1], '\'"' );
					}
				}
				foreach ( $strings as $option ) {
					if ( preg_match( '/^connectors_ai_[a-z0-9_]+_api_key$/i', $option ) ) {
						$add( 'ERROR', 'PluginCheck.Security.AIConnectorAPIKey.DirectAIConnectorAPIKeyAccess', $file, $token[2], 'Your plugin reads WordPress AI Connector API keys directly from the options table. Use the WordPress AI Client instead.' );
					}
				}
			}
			if ( in_array( $token[0], array( T_CONSTANT_ENCAPSED_STRING, T_ENCAPSED_AND_WHITESPACE, T_START_HEREDOC ), true )
				&& preg_match( '/https?:\/\/(' . implode( '|', array_map( 'preg_quote', BYOK_AI_PC_AI_HOSTS ) ) . ')\b/i', $token[1], $m ) ) {
				$add( 'WARNING', 'PluginCheck.CodeAnalysis.AIProvider.DirectIntegration', $file, $token[2], "Direct integration with a third-party AI provider ({$m[1]}) detected. Consider the WordPress AI Client (wp_ai_client_prompt()) introduced in WordPress 7.0." );
			}
		}
	}

	$readme = is_readable( "$dir/readme.txt" ) ? (string) file_get_contents( "$dir/readme.txt" ) : '';
	// The short description: the first paragraph after the header fields, before the first section.
	$head = preg_split( '/^==\s*[^=]+==\s*$/m', $readme )[0] ?? '';
	$rest = preg_split( "/\n\s*\n/", trim( (string) preg_replace( '/^===.*===\s*$/m', '', $head ) ) );
	$short = '';
	foreach ( (array) $rest as $block ) {
		if ( ! preg_match( '/^[A-Za-z ]+:\s/', $block ) ) {
			$short = trim( $block );
		}
	}
	if ( function_exists( 'mb_strlen' ) ? mb_strlen( $short ) > 150 : strlen( $short ) > 150 ) {
		$add( 'ERROR', 'readme_short_description_too_long', 'readme.txt', 0, sprintf( 'The short description has %d characters; the directory shows at most 150.', mb_strlen( $short ) ) );
	}
	if ( preg_match( '/^Tested up to:\s*([0-9.]+)/mi', $readme, $m ) ) {
		$newest = implode( '.', array_slice( explode( '.', $wp_version ), 0, 2 ) );
		if ( version_compare( $m[1], $newest, '<' ) ) {
			$add( 'ERROR', 'outdated_tested_upto_header', 'readme.txt', 0, "Tested up to: {$m[1]} is older than WordPress $newest." );
		}
	} else {
		$add( 'ERROR', 'outdated_tested_upto_header', 'readme.txt', 0, 'readme.txt has no "Tested up to".' );
	}

	$sources_shipped = is_dir( "$dir/src" ) && array() !== array_filter(
		byok_ai_pc_files( "$dir/src", '' ),
		static function ( $f ) {
			return (bool) preg_match( '/\.(jsx?|tsx?|mjs)$/', $f );
		}
	);
	$sources_linked = (bool) preg_match( '/source[^\n]*https?:\/\/\S+/i', $readme );
	foreach ( byok_ai_pc_files( $dir, 'js' ) as $file ) {
		$js       = (string) file_get_contents( "$dir/$file" );
		$lines    = max( 1, substr_count( $js, "\n" ) + 1 );
		$minified = strlen( $js ) / $lines > 200;
		if ( $minified && ! $sources_shipped && ! $sources_linked ) {
			$add( 'ERROR', 'minified_js_without_source', $file, 0, 'Minified JavaScript without its source: ship the sources or link them in readme.txt.' );
		}
	}
	return $found;
}

/**
 * Plugin Check's own findings from its --format=json output.
 *
 * @return array<int, array<string, mixed>>
 */
function byok_ai_pc_parse( string $output ): array {
	$found = array();
	$file  = null;
	foreach ( explode( "\n", $output ) as $line ) {
		if ( 0 === strpos( $line, 'FILE: ' ) ) {
			$file = substr( $line, 6 );
			continue;
		}
		if ( null !== $file && '' !== trim( $line ) && '[' === $line[0] ) {
			$items = json_decode( $line, true );
			if ( ! is_array( $items ) ) {
				fwrite( STDERR, "[plugin-check] unreadable result line for $file: $line\n" );
				exit( 1 );
			}
			foreach ( $items as $item ) {
				$found[] = array(
					'type'    => strtoupper( (string) $item['type'] ),
					'code'    => (string) $item['code'],
					'file'    => $file,
					'line'    => (int) $item['line'],
					'message' => html_entity_decode( wp_strip_tags_lite( (string) $item['message'] ), ENT_QUOTES ),
					'source'  => 'Plugin Check',
				);
			}
			$file = null;
		}
	}
	return $found;
}

/**
 * strip_tags(), for messages that carry <code>.
 */
function wp_strip_tags_lite( string $s ): string {
	return trim( (string) preg_replace( '/\s+/', ' ', strip_tags( $s ) ) );
}

$argv = $_SERVER['argv'];
$mode = $argv[1] ?? '';
if ( 'rules' === $mode && isset( $argv[2] ) ) {
	echo json_encode( byok_ai_pc_newer_rules( $argv[2], $argv[3] ?? '7.1' ), JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ), "\n";
	exit( 0 );
}
if ( 'report' !== $mode || count( $argv ) < 7 ) {
	fwrite( STDERR, "usage: php bin/plugin-check-rules.php report OUTPUT PLUGIN_DIR ALLOWED_JSON DEBUG_LOG WP_VERSION\n       php bin/plugin-check-rules.php rules PLUGIN_DIR [WP_VERSION]\n" );
	exit( 2 );
}
list( , , $output_file, $plugin_dir, $allowed_file, $debug_log, $wp_version ) = $argv;

$output   = (string) file_get_contents( $output_file );
$findings = array_merge( byok_ai_pc_parse( $output ), byok_ai_pc_newer_rules( $plugin_dir, $wp_version ) );

// PHP notices from the plugin's files while the site loaded and the checks ran.
if ( is_readable( $debug_log ) ) {
	foreach ( file( $debug_log, FILE_IGNORE_NEW_LINES ) ?: array() as $line ) {
		if ( false !== strpos( $line, '/wp-content/plugins/' . basename( $plugin_dir ) . '/' ) && preg_match( '/PHP (Notice|Warning|Deprecated|Fatal error|Parse error)/', $line ) ) {
			$findings[] = array(
				'type'    => 'ERROR',
				'code'    => 'php_notice',
				'file'    => 'debug.log',
				'line'    => 0,
				'message' => trim( (string) preg_replace( '/^\[[^\]]*\]\s*/', '', $line ) ),
				'source'  => 'PHP',
			);
		}
	}
}

$allowed = json_decode( (string) file_get_contents( $allowed_file ), true );
if ( ! is_array( $allowed ) ) {
	fwrite( STDERR, "[plugin-check] $allowed_file is not a JSON list\n" );
	echo "Plugin Check: FAIL (unreadable $allowed_file)\n";
	exit( 1 );
}
foreach ( $allowed as $i => $entry ) {
	if ( empty( $entry['code'] ) || empty( $entry['file'] ) || empty( $entry['reason'] ) ) {
		fwrite( STDERR, "[plugin-check] entry $i of $allowed_file needs code, file and reason\n" );
		echo "Plugin Check: FAIL (incomplete entry in " . basename( $allowed_file ) . ")\n";
		exit( 1 );
	}
}

$counts = array(
	'ERROR'   => 0,
	'WARNING' => 0,
);
$used   = array_fill( 0, count( $allowed ), 0 );
$failed = array();
$kept   = array();
foreach ( $findings as $f ) {
	$counts[ $f['type'] ] = ( $counts[ $f['type'] ] ?? 0 ) + 1;
	$match                = null;
	foreach ( $allowed as $i => $entry ) {
		if ( $entry['code'] === $f['code'] && fnmatch( $entry['file'], $f['file'] )
			&& ( empty( $entry['message'] ) || false !== strpos( $f['message'], $entry['message'] ) ) ) {
			$match = $i;
			break;
		}
	}
	if ( null === $match ) {
		$failed[] = $f;
	} else {
		++$used[ $match ];
		$kept[] = $f + array( 'reason' => $allowed[ $match ]['reason'] );
	}
}

fwrite( STDERR, sprintf( "[plugin-check] found %d errors, %d warnings (Plugin Check and newer rules)\n", $counts['ERROR'], $counts['WARNING'] ) );
foreach ( $kept as $f ) {
	fwrite( STDERR, sprintf( "  allowed %-7s %s:%d %s — %s\n", $f['type'], $f['file'], $f['line'], $f['code'], $f['message'] ) );
}
foreach ( $failed as $f ) {
	fwrite( STDERR, sprintf( "  %-7s %s:%d %s — %s [%s]\n", $f['type'], $f['file'], $f['line'], $f['code'], $f['message'], $f['source'] ) );
}
$stale = array();
foreach ( $allowed as $i => $entry ) {
	if ( 0 === $used[ $i ] ) {
		$stale[] = $entry;
		fwrite( STDERR, sprintf( "  stale entry of %s (matches nothing; remove it): %s %s\n", basename( $allowed_file ), $entry['code'], $entry['file'] ) );
	}
}

$by_type = static function ( array $list, string $type ): int {
	return count(
		array_filter(
			$list,
			static function ( $f ) use ( $type ) {
				return $f['type'] === $type;
			}
		)
	);
};
$summary = sprintf(
	'%d errors, %d warnings; %d allowed with a reason (%s)',
	$by_type( $failed, 'ERROR' ),
	$by_type( $failed, 'WARNING' ),
	count( $kept ),
	basename( $allowed_file )
);
if ( $failed || $stale ) {
	echo 'Plugin Check: FAIL — ', $summary, ( $stale ? sprintf( '; %d stale allowed entries', count( $stale ) ) : '' ), " — on WordPress $wp_version\n";
	exit( 1 );
}
echo 'Plugin Check: PASS — ', $summary, " — on WordPress $wp_version\n";
exit( 0 );
