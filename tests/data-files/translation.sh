#!/usr/bin/env bash
# translation.sh: the German catalogue is complete and tidemark speaks German with it
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: translation.sh TIDEMARK_BIN BUILD_PO_DIR SOURCE_PO_DIR TRACE
set -u
. "$(dirname "$0")/tap.sh"
tidemark=$1 localedir=$2 podir=$3 trace=$4

check "de.mo is built as po/de/LC_MESSAGES/tidemark.mo" test -s "$localedir/de/LC_MESSAGES/tidemark.mo"

# gettext ignores LANGUAGE in the C locale, not in C.UTF-8
run () {
  env -u LANG -u LC_MESSAGES LC_ALL=C.UTF-8 TIDEMARK_LOCALEDIR="$localedir" "$@"
}

out=$(run LANGUAGE=de "$tidemark" summary "$trace" 2>&1)
status=$?
for line in "Gesamtlaufzeit: " "Aufrufe von Allokationsfunktionen: 913 " \
            "Temporäre Allokationen: 502 " "Höchster Heap-Verbrauch: " "Anteile am Höchststand"; do
  if [ $status -eq 0 ] && printf '%s\n' "$out" | grep -q "^$line"; then
    ok "LANGUAGE=de tidemark summary prints “$line”"
  else
    not_ok "LANGUAGE=de tidemark summary prints “$line”"
    diag "exit status $status" "$out"
  fi
done

out=$(run LANGUAGE=de "$tidemark" help 2>&1)
if printf '%s\n' "$out" | grep -q '^Aufruf: tidemark'; then
  ok "LANGUAGE=de tidemark help is German"
else
  not_ok "LANGUAGE=de tidemark help is German"
  diag "$out"
fi

out=$(run "$tidemark" summary "$trace" 2>&1)
if printf '%s\n' "$out" | grep -q '^Total runtime: '; then
  ok "without LANGUAGE the summary stays English"
else
  not_ok "without LANGUAGE the summary stays English"
  diag "$out"
fi

# every message translated, none fuzzy, formats matching (what --check checks)
if have msgfmt; then
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$podir/de.po" 2>&1)
  if [ $? -eq 0 ] && printf '%s\n' "$stats" | grep -qE '^[0-9]+ translated messages\.$'; then
    ok "po/de.po: $stats"
  else
    not_ok "po/de.po is complete and checks out"
    diag "$stats"
  fi
else
  skip "po/de.po is complete" "gettext is not installed"
fi

finish
