#!/usr/bin/env bash
# validate-metainfo.sh: the merged metainfo is valid, translated and agrees with the project
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: validate-metainfo.sh MERGED.metainfo.xml MERGED.desktop SOURCE_ROOT VERSION
set -u
. "$(dirname "$0")/tap.sh"
metainfo=$1 desktop=$2 srcroot=$3 version=$4
app_id=io.github.tidemark.Tidemark

if have appstreamcli; then
  # --strict: warnings and infos fail too, only pedantic hints pass
  check "appstreamcli validate --no-net --strict" appstreamcli validate --no-net --strict "$metainfo"
else
  skip "appstreamcli validate" "appstream is not installed"
fi

xpath () {
  xmllint --xpath "$1" "$metainfo" 2>/dev/null
}

check "the German summary was merged" grep -q '<summary xml:lang="de">' "$metainfo"

check "the id is $app_id" test "$(xpath 'string(/component/id)')" = "$app_id"
check "it launches ${app_id}.desktop" \
  test "$(xpath 'string(/component/launchable[@type="desktop-id"])')" = "$app_id.desktop"

newest=$(xpath 'string(/component/releases/release[1]/@version)')
if [ "$newest" = "$version" ]; then
  ok "the newest release is the project's version ($version)"
else
  not_ok "the newest release is the project's version ($version)"
  diag "metainfo's newest release: $newest"
fi

# each screenshot is a raw URL of a file in data/screenshots
prefix=https://raw.githubusercontent.com/tidemark/tidemark/main/
shots=$(xpath '/component/screenshots/screenshot/image/text()')
if [ -z "$shots" ]; then
  not_ok "screenshots are listed"
fi
for url in $shots; do
  path=${url#"$prefix"}
  if [ "$path" != "$url" ] && [ -f "$srcroot/$path" ]; then
    ok "screenshot $path is in the tree"
  else
    not_ok "screenshot $url is in the tree"
  fi
done

# the media types it provides are the ones the desktop entry opens
provided=$(xpath '/component/provides/mediatype/text()' | sort | tr '\n' ';')
opened=$(sed -n 's/^MimeType=//p' "$desktop" | tr ';' '\n' | sed '/^$/d' | sort | tr '\n' ';')
if [ -n "$provided" ] && [ "$provided" = "$opened" ]; then
  ok "provided media types equal the desktop entry's MimeType"
else
  not_ok "provided media types equal the desktop entry's MimeType"
  diag "metainfo: $provided" "desktop: $opened"
fi

check "provides the tidemark binary" test "$(xpath 'string(/component/provides/binary)')" = tidemark

finish
