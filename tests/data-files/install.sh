#!/usr/bin/env bash
# install.sh: `meson install` puts every file where GNOME looks for it
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: install.sh MESON BUILD_DIR PREFIX BINDIR DATADIR LOCALEDIR WITH_GUI(true|false)
set -u
. "$(dirname "$0")/tap.sh"
meson=$1 build=$2 prefix=$3 bindir=$4 datadir=$5 localedir=$6 with_gui=$7
app_id=io.github.tidemark.Tidemark

destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

# relative options are relative to the prefix; absolute ones stand alone
under () {
  case $1 in
    /*) echo "$destdir$1" ;;
    *) echo "$destdir$prefix/$1" ;;
  esac
}
bin=$(under "$bindir")
share=$(under "$datadir")
locale=$(under "$localedir")

# with DESTDIR set, meson skips the post-install scripts (schema, icon cache,
# desktop and MIME databases): the staged tree holds just the files
if out=$("$meson" install -C "$build" --no-rebuild --destdir "$destdir" 2>&1); then
  ok "meson install --destdir"
else
  not_ok "meson install --destdir"
  diag "$out"
  finish
  exit 1
fi

check "installs ${bin#"$destdir"}/tidemark" test -x "$bin/tidemark"
check "installs ${bin#"$destdir"}/tidemark-record" test -x "$bin/tidemark-record"
check "installs ${locale#"$destdir"}/de/LC_MESSAGES/tidemark.mo" test -s "$locale/de/LC_MESSAGES/tidemark.mo"

desktop_files=(
  "$share/applications/$app_id.desktop"
  "$share/metainfo/$app_id.metainfo.xml"
  "$share/icons/hicolor/scalable/apps/$app_id.svg"
  "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
  "$share/mime/packages/$app_id.xml"
  "$share/glib-2.0/schemas/$app_id.gschema.xml"
)

if [ "$with_gui" != true ]; then
  # the command-line tool alone: nothing that offers it as an application
  for file in "${desktop_files[@]}"; do
    check "a build without GTK leaves out ${file#"$destdir"}" test ! -e "$file"
  done
  finish
  exit
fi

for file in "${desktop_files[@]}"; do
  check "installs ${file#"$destdir"}" test -s "$file"
done

# the installed files work together: the schema compiles where it landed,
# and the desktop entry's Icon= is an icon we installed
if have glib-compile-schemas; then
  check "the installed schema compiles" glib-compile-schemas --strict --dry-run "$share/glib-2.0/schemas"
fi
icon=$(sed -n 's/^Icon=//p' "$share/applications/$app_id.desktop")
check "the desktop entry's icon ($icon) is installed" test -f "$share/icons/hicolor/scalable/apps/$icon.svg"

# nothing else lands outside the prefix's usual places
stray=$(cd "$destdir" && find . -type f | sed 's|^\./|/|' | grep -vE "^$prefix/(bin|share|lib[^/]*|libexec|include)/" || true)
check "everything installs under $prefix" test -z "$stray"

finish
