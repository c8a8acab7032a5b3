#!/bin/sh
# tools/screenshot.sh: capture a page of the window on a real trace under Xvfb
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: tools/screenshot.sh [BUILD_DIR] [TRACE] [OUTPUT.png] [PAGE]
# PAGE is "summary" (the default) or "flamegraph" (shown with Ctrl+2; the
# output then defaults to data/screenshots/flamegraph.png).
# Runs the built app on its own X server (no window manager), waits for the
# load, grabs the screen and trims it to the window.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/_build_gui"}
trace=${2:-"$here/tests/data/ht_python.zst"}
page=${4:-summary}
case "$page" in
  summary) key= ;;
  flamegraph) key=2 ;;
  *) echo "unknown page $page (summary or flamegraph)" >&2; exit 1 ;;
esac
output=${3:-"$here/data/screenshots/$page.png"}
delay=${TIDE_SCREENSHOT_DELAY:-4}

[ -x "$build/src/app/tidemark" ] || { echo "no $build/src/app/tidemark: build first" >&2; exit 1; }
mkdir -p "$(dirname "$output")"

# a throwaway home: the run must not add to the user's recent files
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM

xvfb-run -a -s "-screen 0 1280x860x24" env \
  HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
  XDG_CACHE_HOME="$scratch/cache" GSETTINGS_BACKEND=memory GDK_BACKEND=x11 \
  GTK_A11Y=none NO_AT_BRIDGE=1 \
  sh -c '
    "$1" "$2" &
    app=$!
    sleep 1
    # park the pointer off the window so no tooltip shows up in the shot
    # (once the app is connected: Xvfb resets when its last client leaves)
    python3 -c "import ctypes
x = ctypes.cdll.LoadLibrary(\"libX11.so.6\")
x.XOpenDisplay.restype = ctypes.c_void_p
d = ctypes.c_void_p(x.XOpenDisplay(None))
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XWarpPointer(d, 0, ctypes.c_ulong(x.XDefaultRootWindow(d)), 0, 0, 0, 0, 1279, 859)
x.XCloseDisplay(d)" || true
    sleep "$4"
    # the page: Ctrl+<key> through XTest, to the window that has the focus
    if [ -n "$5" ]; then
      python3 -c "import ctypes, sys
x = ctypes.cdll.LoadLibrary(\"libX11.so.6\")
t = ctypes.cdll.LoadLibrary(\"libXtst.so.6\")
x.XOpenDisplay.restype = ctypes.c_void_p
d = ctypes.c_void_p(x.XOpenDisplay(None))
ctrl = x.XKeysymToKeycode(d, ctypes.c_ulong(0xffe3))
key = x.XKeysymToKeycode(d, ctypes.c_ulong(ord(sys.argv[1])))
for code, down in ((ctrl, 1), (key, 1), (key, 0), (ctrl, 0)):
    t.XTestFakeKeyEvent(d, code, down, 0)
x.XCloseDisplay(d)" "$5"
      sleep 2
    fi
    import -window root "$3.tmp.png"
    kill "$app"
    wait "$app" || true
  ' screenshot "$build/src/app/tidemark" "$trace" "$output" "$delay" "$key"

# the window alone: cut away the black screen around it
convert "$output.tmp.png" -bordercolor black -border 1 -trim +repage "$output"
rm -f "$output.tmp.png"
echo "wrote $output"
