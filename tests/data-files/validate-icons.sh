#!/usr/bin/env bash
# validate-icons.sh: the app icons are well-formed SVGs of the right size that render
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: validate-icons.sh SOURCE_DATA_DIR
set -u
. "$(dirname "$0")/tap.sh"
icons=$1/icons/hicolor
app_id=io.github.tidemark.Tidemark
full=$icons/scalable/apps/$app_id.svg
symbolic=$icons/symbolic/apps/$app_id-symbolic.svg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# renders SVG: rsvg-convert draws it into a non-empty PNG
renders () {
  rsvg-convert -w 64 -h 64 -o "$tmp/icon.png" "$1" && test -s "$tmp/icon.png"
}

for icon in "$full" "$symbolic"; do
  check "$(basename "$icon") is well-formed XML" xmllint --noout "$icon"
  if have rsvg-convert; then
    check "$(basename "$icon") renders" renders "$icon"
  else
    skip "$(basename "$icon") renders" "librsvg2-bin is not installed"
  fi
done

size () {
  xmllint --xpath "concat(string(/*[local-name()='svg']/@width), 'x', string(/*[local-name()='svg']/@height))" "$1"
}
check "the app icon is drawn on the 128x128 canvas" test "$(size "$full")" = 128x128
check "the symbolic icon is drawn on the 16x16 canvas" test "$(size "$symbolic")" = 16x16

# GTK recolours symbolic icons by their fill: no strokes, gradients or images
if grep -qE 'stroke=|Gradient|<image|opacity' "$symbolic"; then
  not_ok "the symbolic icon is plain fills only"
  diag "$(grep -nE 'stroke=|Gradient|<image|opacity' "$symbolic")"
else
  ok "the symbolic icon is plain fills only"
fi

finish
