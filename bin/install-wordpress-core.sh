#!/usr/bin/env bash
# Build a self-contained, pristine-looking WordPress core tree (6.1.x) from
# Debian's packages, without installing them (no apache2, nothing started).
#
#   bin/install-wordpress-core.sh [DEST]     (default: <repo>/.cache/wordpress)
#
# Why Debian: Packagist does not serve johnpbloch/wordpress-core nor
# roots/wordpress* here and wordpress.org is unreachable; Debian's `wordpress`
# package is the only full core. Debian replaces some bundled libraries by
# symlinks into other packages (php-getid3, libjs-underscore, libjs-cropper,
# ca-certificates), ships its own wp-config.php and keeps wp-content in
# /var/lib. This script downloads the .debs (`apt-get download`), unpacks
# them with `dpkg-deb -x` into a temp dir, replaces every symlink by the real
# file content and lays the tree out like the upstream zip.
#
# Idempotent: if DEST already holds a finished tree the script exits at once.
# The tree is built next to DEST and moved into place only when verified.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-$REPO/.cache/wordpress}"
DEST="${DEST%/}"
# Version the tree must have to count as installed (Debian bookworm's current
# security release). If Debian moves on, the new build is installed with a
# warning; bump this (or export WP_CORE_VERSION) to make the fast path hit.
WP_CORE_VERSION="${WP_CORE_VERSION:-6.1.9}"
# Packages whose files the wordpress package's symlinks point into.
PKGS=(wordpress wordpress-theme-twentytwentythree php-getid3 libjs-underscore libjs-cropper)
REQUIRED_FILES=(
  index.php wp-load.php wp-settings.php wp-config-sample.php
  wp-includes/version.php
  wp-includes/js/jquery/jquery.js
  wp-includes/js/underscore.min.js
  wp-includes/js/underscore.js
  wp-includes/js/crop/cropper.js
  wp-includes/js/dist/blocks.min.js
  wp-includes/js/dist/api-fetch.min.js
  wp-includes/ID3/getid3.php
  wp-includes/ID3/module.audio.mp3.php
  wp-includes/PHPMailer/PHPMailer.php
  wp-includes/SimplePie/Core.php
  wp-includes/sodium_compat/autoload.php
  wp-includes/certificates/ca-bundle.crt
  wp-content/index.php
  wp-content/plugins/index.php
  wp-content/themes/index.php
  wp-content/themes/twentytwentythree/style.css
  wp-content/themes/twentytwentythree/theme.json
)

log() { printf '[install-wordpress-core] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# verify DIR: succeeds if DIR is a finished, self-contained core tree.
verify() {
  local dir="$1" f
  [[ -d "$dir" ]] || return 1
  for f in "${REQUIRED_FILES[@]}"; do
    if [[ ! -f "$dir/$f" || -L "$dir/$f" ]]; then
      [[ "${2:-}" == loud ]] && log "missing or not a regular file: $f"
      return 1
    fi
  done
  [[ ! -e "$dir/wp-config.php" ]] || { [[ "${2:-}" == loud ]] && log "unexpected wp-config.php"; return 1; }
  [[ -z "$(find "$dir" -type l -print -quit)" ]] || { [[ "${2:-}" == loud ]] && log "symlinks left: $(find "$dir" -type l | head -5)"; return 1; }
  [[ -n "$(find "$dir/wp-includes/js/dist" -maxdepth 1 -name '*.js' -type f -print -quit)" ]] || return 1
  [[ "$(wp_version_of "$dir")" == "${3:-$WP_CORE_VERSION}" ]] || return 1
}

wp_version_of() { sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$1/wp-includes/version.php"; }

# Fast path.
if verify "$DEST"; then
  log "already installed: $DEST (WordPress $WP_CORE_VERSION)"
  exit 0
fi

if [[ -e "$DEST" ]]; then
  if [[ -f "$DEST/wp-includes/version.php" ]] || [[ -z "$(ls -A "$DEST")" ]]; then
    log "replacing incomplete/outdated tree at $DEST"
  else
    die "$DEST exists and is not a WordPress tree; refusing to overwrite it"
  fi
fi

command -v apt-get >/dev/null || die "apt-get not found (Debian/Ubuntu required)"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found"

mkdir -p "$(dirname "$DEST")"
WORK="$(mktemp -d "$(dirname "$DEST")/.wpcore-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
chmod 0755 "$WORK"
mkdir -m 0777 "$WORK/debs"   # _apt must be able to write here, else apt warns
ROOT="$WORK/root"
mkdir "$ROOT"

# ---- 1. download the .debs (apt-get update only if needed) -----------------
download() { (cd "$WORK/debs" && apt-get download -q "$@" 2>"$WORK/apt.err" >/dev/null); }
if ! download "${PKGS[@]}"; then
  log "apt-get download failed ($(tail -1 "$WORK/apt.err")); running apt-get update"
  [[ $(id -u) -eq 0 ]] || die "apt-get update needs root"
  apt-get update -q >/dev/null
  download "${PKGS[@]}" || { cat "$WORK/apt.err" >&2; die "apt-get download ${PKGS[*]} failed"; }
fi
for deb in "$WORK"/debs/*.deb; do
  log "unpack $(basename "$deb")"
  dpkg-deb -x "$deb" "$ROOT"
done

# ---- 2. assemble the tree --------------------------------------------------
SRC="$ROOT/usr/share/wordpress"
WP="$WORK/wordpress"
[[ -f "$SRC/wp-includes/version.php" ]] || die "unexpected wordpress package layout"
cp -a "$SRC" "$WP"

# Debian-only files: its wp-config.php (loads /etc/wordpress/config-*.php) and
# .htaccess -> /etc/wordpress/htaccess. Upstream ships neither.
rm -f "$WP/wp-config.php" "$WP/.htaccess"

# Debian patch in wp-admin/install.php ("Setup upload directories for Debian
# #430781"): two UPDATEs of upload_path/upload_url_path from variables that are
# undefined outside Debian's setup, so every install logs two PHP warnings.
# Upstream has no such lines; drop them.
if grep -q 'Setup upload directories for Debian' "$WP/wp-admin/install.php"; then
  sed -i -e '/Setup upload directories for Debian #430781/d' \
    -e "/option_value = '\$upload_path' where option_name = 'upload_path'/d" \
    -e "/option_value = '\$upload_url_path' where option_name = 'upload_url_path'/d" \
    "$WP/wp-admin/install.php"
  ! grep -q 'upload_url_path' "$WP/wp-admin/install.php" || die "could not revert Debian install.php patch"
fi

# Resolve a path inside the unpacked root, following symlinks (absolute
# targets are taken relative to ROOT, not to the host's /).
resolve_in_root() {
  local p="$1" t hops=0
  while [[ -L "$p" ]]; do
    t="$(readlink "$p")"
    case "$t" in
      /*) p="$ROOT$t" ;;
      *) p="$(dirname "$p")/$t" ;;
    esac
    hops=$((hops + 1))
    ((hops < 40)) || return 1
  done
  [[ -e "$p" ]] || return 1
  printf '%s\n' "$p"
}

# ca-bundle.crt -> /etc/ssl/certs/ca-certificates.crt, a file generated at
# install time by ca-certificates. Use the host's bundle, or build one from
# the ca-certificates package if the host has none.
ca_bundle() {
  local out="$1"
  if [[ -s /etc/ssl/certs/ca-certificates.crt ]]; then
    cat /etc/ssl/certs/ca-certificates.crt >"$out"
  else
    (cd "$WORK/debs" && apt-get download -q ca-certificates >/dev/null 2>&1) || die "cannot get ca-certificates"
    mkdir -p "$WORK/ca" && dpkg-deb -x "$WORK"/debs/ca-certificates_*.deb "$WORK/ca"
    cat "$WORK"/ca/usr/share/ca-certificates/mozilla/*.crt >"$out"
  fi
}

# Replace every symlink by the file it points at. The links are resolved in
# the original location ($SRC), so relative targets such as
# ../../../php/getid3/getid3.php land in the unpacked php-getid3 package.
while IFS= read -r -d '' link; do
  rel="${link#"$WP"/}"
  if [[ "$rel" == wp-includes/certificates/ca-bundle.crt ]]; then
    rm -f "$link"; ca_bundle "$link"; continue
  fi
  target="$(resolve_in_root "$SRC/$rel")" || die "dangling symlink $rel -> $(readlink "$link")"
  rm -f "$link"
  cp -a --dereference "$target" "$link"
done < <(find "$WP" -type l -print0)

# wp-content: Debian keeps wp-content/index.php in /var/lib/wordpress; upstream
# has index.php ("Silence is golden") in wp-content/, plugins/ and themes/.
for d in "" plugins/ themes/; do
  [[ -e "$WP/wp-content/${d}index.php" ]] || printf '<?php\n// Silence is golden.\n' >"$WP/wp-content/${d}index.php"
done
chmod 0644 "$WP"/wp-content/index.php "$WP"/wp-content/*/index.php
# Debian's twentytwentythree package may also be linked from /var/lib; we
# already have the real copy under usr/share/wordpress/wp-content/themes.
[[ -f "$WP/wp-content/themes/twentytwentythree/style.css" ]] || die "twentytwentythree theme missing"

# ---- 3. verify -------------------------------------------------------------
BUILT_VERSION="$(wp_version_of "$WP")"
[[ "$BUILT_VERSION" == 6.1.* ]] || die "unexpected WordPress version '$BUILT_VERSION' in Debian's package"
[[ "$BUILT_VERSION" == "$WP_CORE_VERSION" ]] ||
  log "WARNING: Debian ships WordPress $BUILT_VERSION, expected $WP_CORE_VERSION (set WP_CORE_VERSION=$BUILT_VERSION)"
verify "$WP" loud "$BUILT_VERSION" || die "verification failed"
if command -v php >/dev/null; then
  for f in wp-settings.php wp-includes/version.php wp-includes/ID3/getid3.php \
           wp-includes/ID3/module.audio.mp3.php wp-includes/class-wp.php \
           wp-admin/install.php wp-includes/PHPMailer/PHPMailer.php; do
    php -l "$WP/$f" >/dev/null || die "php -l failed on $f"
  done
fi

# ---- 4. move into place atomically ----------------------------------------
if [[ -e "$DEST" ]]; then
  rm -rf "$DEST.old.$$"
  mv "$DEST" "$DEST.old.$$"
  rm -rf "$DEST.old.$$"
fi
mv "$WP" "$DEST"
log "installed WordPress $BUILT_VERSION into $DEST ($(find "$DEST" -type f | wc -l) files)"
