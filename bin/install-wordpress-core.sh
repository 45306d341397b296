#!/usr/bin/env bash
# Unpacks an exact WordPress release into a pristine core tree that sites copy or mount.
#
#   bin/install-wordpress-core.sh [VERSION]      (default: $WP_CORE_VERSION, else 7.1.0)
#
# Prints the tree's path (<repo>/.cache/wordpress-VERSION) on stdout; logs go to stderr.
#
# Where the release comes from, in order:
#   1. $WP_CORE_ARCHIVES/wordpress-VERSION.tar.gz (default: ../shared/wordpress beside the repo,
#      the exact upstream archives this project's machines carry), or a .zip of the same name;
#   2. with WP_CORE_DOWNLOAD=1 (machines with a network), the official release archive.
# A version that is in neither place fails loudly: nothing falls back to another core.
# Archives listed in KNOWN_SHA256 are checked against the upstream checksum before use.
#
# Also unpacks theme-twentytwentyone.tar.gz, when it is there, into the tree's themes (a classic
# theme: neither 6.6 nor 7.1 bundles one). Idempotent: a finished tree returns at once.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${1:-${WP_CORE_VERSION:-7.1.0}}"
ARCHIVES="${WP_CORE_ARCHIVES:-$REPO/../shared/wordpress}"
DEST="$REPO/.cache/wordpress-$VERSION"

declare -A KNOWN_SHA256=(
  [wordpress-7.1.0.tar.gz]=da73e85321b91a85cc002ba2d41e94a6d7112f466a9b391f02d5731857db758d
  [wordpress-6.6.4.tar.gz]=71d0479409d1f0bc1a940ca8846eba6acbc07a0cbda35112bc3c7203a5542e29
  [theme-twentytwentyone.tar.gz]=810a0ff82052dc4c485e013765b2f1ac1a35202300bab0d179e258defd144f31
)

log() { printf '[install-wordpress-core] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ "$VERSION" =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] || die "not a WordPress version: '$VERSION'"
version_of() { sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$1/wp-includes/version.php" 2>/dev/null || true; }
# WordPress writes x.y.0 releases as "x.y" in version.php.
same_version() { [[ "${1%.0}" == "${2%.0}" ]]; }

if [[ -f "$DEST/.byok-ai-core-ok" ]] && same_version "$(version_of "$DEST")" "$VERSION"; then
  printf '%s\n' "$DEST"
  exit 0
fi

check_sum() { # file
  local name expected actual
  name=$(basename "$1")
  expected="${KNOWN_SHA256[$name]:-}"
  [[ -n "$expected" ]] || return 0
  actual=$(sha256sum "$1" | cut -d' ' -f1)
  [[ "$actual" == "$expected" ]] || die "$1: sha256 $actual, expected $expected (damaged or not the official release)"
}

mkdir -p "$REPO/.cache"
WORK="$(mktemp -d "$REPO/.cache/.wpcore.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

archive=""
for candidate in "$ARCHIVES/wordpress-$VERSION.tar.gz" "$ARCHIVES/wordpress-$VERSION.zip"; do
  [[ -f "$candidate" ]] && { archive="$candidate"; break; }
done
if [[ -z "$archive" && "${WP_CORE_DOWNLOAD:-0}" == 1 ]]; then
  log "downloading WordPress $VERSION (WP_CORE_DOWNLOAD=1)"
  curl -fsSL -o "$WORK/wordpress-$VERSION.tar.gz" "https://wordpress.org/wordpress-$VERSION.tar.gz" ||
    die "download of WordPress $VERSION failed"
  archive="$WORK/wordpress-$VERSION.tar.gz"
fi
if [[ -z "$archive" ]]; then
  available=$(cd "$ARCHIVES" 2>/dev/null && ls wordpress-*.tar.gz wordpress-*.zip 2>/dev/null | sed 's/^wordpress-//; s/\.tar\.gz$//; s/\.zip$//' | tr '\n' ' ' || true)
  die "WordPress $VERSION is not in $ARCHIVES (available: ${available:-none}). Set WP_CORE_ARCHIVES to a folder holding wordpress-$VERSION.tar.gz, or WP_CORE_DOWNLOAD=1 where a network exists."
fi
check_sum "$archive"

log "unpacking $(basename "$archive")"
case "$archive" in
  *.zip) (cd "$WORK" && unzip -q "$archive") ;;
  *) tar -xzf "$archive" -C "$WORK" ;;
esac
[[ -f "$WORK/wordpress/wp-includes/version.php" ]] || die "$archive does not hold a wordpress/ tree"
built=$(version_of "$WORK/wordpress")
same_version "$built" "$VERSION" || die "$archive holds WordPress $built, not $VERSION"
[[ ! -e "$WORK/wordpress/wp-config.php" ]] || die "$archive carries a wp-config.php; not a release archive"

theme="$ARCHIVES/theme-twentytwentyone.tar.gz"
if [[ -f "$theme" && ! -d "$WORK/wordpress/wp-content/themes/twentytwentyone" ]]; then
  check_sum "$theme"
  tar -xzf "$theme" -C "$WORK/wordpress/wp-content/themes"
fi

touch "$WORK/wordpress/.byok-ai-core-ok"
mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST"
mv "$WORK/wordpress" "$DEST"
log "installed WordPress $VERSION into $DEST ($(find "$DEST" -type f | wc -l) files)"
printf '%s\n' "$DEST"
