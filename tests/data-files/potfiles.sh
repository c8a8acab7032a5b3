#!/usr/bin/env bash
# potfiles.sh: po/POTFILES.in lists every file with translatable strings, and only files that exist
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: potfiles.sh SOURCE_ROOT
set -u
. "$(dirname "$0")/tap.sh"
cd "$1" || exit 1

listed=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' po/POTFILES.in | sort)

# C: _(), N_(), C_(), NC_(), Q_() and the ngettext family; .ui: translatable="yes";
# data/: the desktop entry, metainfo, MIME types and schema, translated by their ITS rules
marked=$( {
  grep -rlE --include='*.c' --include='*.h' \
    '(^|[^A-Za-z0-9_])(N?C?_|Q_|g_dn?gettext|d?ngettext)[[:space:]]*\(' src
  grep -rl --include='*.ui' 'translatable="yes"' src ui
  find data -path data/screenshots -prune -o -type f \
    \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' -o -name '*.mime.xml.in' \) -print
} 2>/dev/null | sort -u)

missing=$(comm -23 <(printf '%s\n' "$marked") <(printf '%s\n' "$listed") | sed '/^$/d')
if [ -z "$missing" ]; then
  ok "every file with translatable strings is in po/POTFILES.in"
else
  not_ok "every file with translatable strings is in po/POTFILES.in"
  diag "add to po/POTFILES.in:" $missing
fi

gone=""
for f in $listed; do
  [ -f "$f" ] || gone="$gone $f"
done
if [ -z "$gone" ]; then
  ok "every file po/POTFILES.in lists exists"
else
  not_ok "every file po/POTFILES.in lists exists"
  diag "remove from po/POTFILES.in:" $gone
fi

dups=$(printf '%s\n' "$listed" | uniq -d)
check "po/POTFILES.in lists each file once" test -z "$dups"

# each language in LINGUAS has its catalogue
for lang in $(sed -e 's/#.*//' po/LINGUAS); do
  check "po/$lang.po exists for LINGUAS" test -f "po/$lang.po"
done

finish
