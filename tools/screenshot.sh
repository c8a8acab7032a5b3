#!/bin/sh
# tools/screenshot.sh: capture a page of the window on a real trace under Xvfb
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: tools/screenshot.sh [BUILD_DIR] [TRACE] [OUTPUT.png] [PAGE]
# PAGE is "summary" (the default), "flamegraph" (shown with Ctrl+3),
# "timeline" (Ctrl+2) or "sizes" (Ctrl+4); the output defaults to
# data/screenshots/PAGE.png.
# Runs the built app on its own X server (no window manager), waits for the
# load, grabs the screen and trims it to the window.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/_build_gui"}
trace=${2:-"$here/tests/data/ht_python.zst"}
page=${4:-summary}
case "$page" in
  summary) steps= ;;
  flamegraph) steps="key ctrl+3 sleep 2" ;;
  # stacked by site (Alt+K), an instant clicked, the crosshair on an earlier one
  timeline) steps="key ctrl+2 sleep 1 key alt+k sleep 3 click 800 420 sleep 2 move 560 470 sleep 1" ;;
  # the treemap by size class, a site pointed at for its tooltip
  sizes) steps="key ctrl+4 sleep 3 move 300 360 sleep 2" ;;
  *) echo "unknown page $page (summary, flamegraph, timeline or sizes)" >&2; exit 1 ;;
esac
output=${3:-"$here/data/screenshots/$page.png"}
delay=${TIDE_SCREENSHOT_DELAY:-4}

[ -x "$build/src/app/tidemark" ] || { echo "no $build/src/app/tidemark: build first" >&2; exit 1; }
mkdir -p "$(dirname "$output")"

# a throwaway home: the run must not add to the user's recent files
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM

# Drives the window through XTest: "key ctrl+2", "move X Y", "click X Y",
# "sleep S"; coordinates are the screen's (the window sits at 0,0 without a
# window manager).
cat > "$scratch/xtest.py" <<'PY'
import ctypes, sys, time
x = ctypes.cdll.LoadLibrary("libX11.so.6")
t = ctypes.cdll.LoadLibrary("libXtst.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
d = ctypes.c_void_p(x.XOpenDisplay(None))
keysyms = {"ctrl": 0xffe3, "alt": 0xffe9, "shift": 0xffe1}
def keycode(name):
    return x.XKeysymToKeycode(d, ctypes.c_ulong(keysyms.get(name, ord(name[0]))))
args = sys.argv[1:]
while args:
    verb = args.pop(0)
    if verb == "key":
        codes = [keycode(k) for k in args.pop(0).split("+")]
        for c in codes:
            t.XTestFakeKeyEvent(d, c, 1, 0)
        for c in reversed(codes):
            t.XTestFakeKeyEvent(d, c, 0, 0)
    elif verb in ("move", "click"):
        px, py = int(args.pop(0)), int(args.pop(0))
        t.XTestFakeMotionEvent(d, -1, px, py, 0)
        x.XFlush(d)
        time.sleep(0.2)
        if verb == "click":
            t.XTestFakeButtonEvent(d, 1, 1, 0)
            t.XTestFakeButtonEvent(d, 1, 0, 0)
    elif verb == "sleep":
        x.XFlush(d)
        time.sleep(float(args.pop(0)))
    x.XFlush(d)
x.XCloseDisplay(d)
PY

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
    python3 "$5" move 1279 859 || true
    sleep "$4"
    out=$3 xtest=$5
    shift 5
    # the page and what to do there, through XTest, to the focused window
    if [ $# -gt 0 ]; then
      python3 "$xtest" "$@"
    fi
    import -window root "$out.tmp.png"
    kill "$app"
    wait "$app" || true
  ' screenshot "$build/src/app/tidemark" "$trace" "$output" "$delay" "$scratch/xtest.py" $steps

# the window alone: cut away the black screen around it
convert "$output.tmp.png" -bordercolor black -border 1 -trim +repage "$output"
rm -f "$output.tmp.png"
echo "wrote $output"
