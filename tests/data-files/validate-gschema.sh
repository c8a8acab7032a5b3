#!/usr/bin/env bash
# validate-gschema.sh: the settings schema compiles strictly and in the build dir
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: validate-gschema.sh SOURCE_DATA_DIR BUILD_DATA_DIR
set -u
. "$(dirname "$0")/tap.sh"
srcdata=$1 builddata=$2
schema=io.github.tidemark.Tidemark

if have glib-compile-schemas; then
  check "glib-compile-schemas --strict --dry-run" glib-compile-schemas --strict --dry-run "$srcdata"
else
  skip "glib-compile-schemas --strict --dry-run" "libglib2.0-bin is not installed"
fi

check "compiled into the build dir" test -f "$builddata/gschemas.compiled"

# the compiled schema answers with the defaults the app expects
if have gsettings; then
  get () {
    GSETTINGS_SCHEMA_DIR=$builddata GSETTINGS_BACKEND=memory gsettings get "$schema" "$1" 2>&1
  }
  for pair in "window-width=1180" "window-height=800" "window-maximized=false" \
              "last-view='summary'" "flame-metric='peak'" "size-class-scheme='auto'" \
              "color-scheme='follow'" "recent-comparisons=@as []"; do
    key=${pair%%=*} want=${pair#*=}
    got=$(get "$key")
    if [ "$got" = "$want" ]; then
      ok "$key defaults to $want"
    else
      not_ok "$key defaults to $want"
      diag "got: $got"
    fi
  done
  # the enum keys take the names the app and the CLI use
  range=$(GSETTINGS_SCHEMA_DIR=$builddata gsettings range "$schema" flame-metric | tr '\n' ' ')
  check "flame-metric takes the CLI's metric names" \
    test "$range" = "enum 'peak' 'leaked' 'allocated' 'allocations' 'temporary' "
  range=$(GSETTINGS_SCHEMA_DIR=$builddata gsettings range "$schema" size-class-scheme | tr '\n' ' ')
  check "size-class-scheme takes the CLI's scheme names and auto" \
    test "$range" = "enum 'pow2' 'pymalloc' 'glibc' 'auto' "
  range=$(GSETTINGS_SCHEMA_DIR=$builddata gsettings range "$schema" last-view | tr '\n' ' ')
  check "last-view takes the window's page names" \
    test "$range" = "enum 'summary' 'timeline' 'flamegraph' 'sizes' "
else
  skip "defaults" "gsettings is not installed (libglib2.0-bin)"
fi

finish
