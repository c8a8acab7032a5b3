#!/usr/bin/env bash
# validate-desktop.sh: the merged desktop entry is valid, translated and names our MIME types
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: validate-desktop.sh MERGED.desktop
set -u
. "$(dirname "$0")/tap.sh"
desktop=$1

if have desktop-file-validate; then
  # prints hints as well as errors; only errors fail it, and we want neither
  if out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ]; then
    ok "desktop-file-validate: no errors, warnings or hints"
  else
    not_ok "desktop-file-validate: no errors, warnings or hints"
    diag "$out"
  fi
else
  skip "desktop-file-validate" "desktop-file-utils is not installed"
fi

check "the German name and comment were merged" \
  grep -qx 'Comment\[de\]=Sehen, wohin der Speicher eines Programms geht' "$desktop"

for type in application/x-heaptrack application/x-valgrind-massif application/x-python-tracemalloc; do
  check "MimeType lists $type" grep -qE "^MimeType=(.*;)?$type;" "$desktop"
done

check "Categories are Development;Debugger;GTK;GNOME;" \
  grep -qx 'Categories=Development;Debugger;GTK;GNOME;' "$desktop"

# tide_application_new() sets G_APPLICATION_NON_UNIQUE: D-Bus activation cannot work
check "not D-Bus activatable, since the application is not unique" grep -qx 'DBusActivatable=false' "$desktop"

check "Exec runs tidemark with the files (%F)" grep -qx 'Exec=tidemark %F' "$desktop"

finish
