#!/usr/bin/env bash
# Rebuild the self-hosted Noto Sans subsets in motcua/static/fonts/.
#
# The woff2 files are committed, so this script is only needed when the
# character set or the source fonts change. It reads the TrueType files that
# Debian's fonts-noto-core package installs (20201225, Noto Sans 2.004) and
# keeps Basic Latin, Latin-1, the Vietnamese letters and combining marks, the
# Vietnamese block U+1EA0-1EF9, the dong sign, general punctuation, arrows and
# the minus sign (Noto Sans 2.004 itself has no arrows and no U+2212, so
# those fall back to another font). Hinting is dropped (modern browsers do not
# need it), which keeps each file well under 60 KB (about 15 KB today).
#
# Usage:  scripts/subset_fonts.sh
# Needs:  apt-get install fonts-noto-core
#         python3 -m venv /tmp/venv-fonts && /tmp/venv-fonts/bin/pip install fonttools brotli
#
# The fonts are under the SIL Open Font License 1.1: motcua/static/fonts/OFL.txt
# must stay next to them.
set -euo pipefail

SRC_DIR="${NOTO_DIR:-/usr/share/fonts/truetype/noto}"
VENV="${FONT_VENV:-/tmp/venv-fonts}"
OUT_DIR="$(cd "$(dirname "$0")/.." && pwd)/motcua/static/fonts"

# Keep in sync with the unicode-range in motcua/static/css/motcua.css.
UNICODES="U+0000-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,\
U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,\
U+1EA0-1EF9,U+20AB,U+2000-206F,U+2190-21FF,U+2212"

if [ ! -x "$VENV/bin/pyftsubset" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet fonttools brotli
fi

mkdir -p "$OUT_DIR"
for style in Regular Bold Italic; do
    lower="$(echo "$style" | tr '[:upper:]' '[:lower:]')"
    "$VENV/bin/pyftsubset" "$SRC_DIR/NotoSans-$style.ttf" \
        --unicodes="$UNICODES" \
        --layout-features='kern,liga,clig,calt,ccmp,locl,mark,mkmk,case,lnum,tnum,pnum' \
        --no-hinting \
        --desubroutinize \
        --name-IDs='0,1,2,3,4,5,6,13,14' \
        --name-languages='*' \
        --drop-tables+=DSIG \
        --flavor=woff2 \
        --output-file="$OUT_DIR/noto-sans-$lower.woff2"
    printf '%-32s %6d bytes\n' "noto-sans-$lower.woff2" "$(wc -c <"$OUT_DIR/noto-sans-$lower.woff2")"
done
