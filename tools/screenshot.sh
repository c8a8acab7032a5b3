#!/bin/sh
# tools/screenshot.sh: capture a page of the window on a real trace under Xvfb
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: tools/screenshot.sh [BUILD_DIR] [TRACE] [OUTPUT.png] [PAGE]
# PAGE is "summary" (the default), "flamegraph" (shown with Ctrl+3),
# "timeline" (Ctrl+2, stacked by site), "timeline-series" (Ctrl+2 as it opens) or "sizes" (Ctrl+4); the output defaults to
# data/screenshots/PAGE.png. "compare", "compare-side", "compare-sizes",
# "compare-timeline" and "compare-changes" show the comparison window
# (`tidemark --compare`) of TRACE, a "BEFORE AFTER" pair: its difference,
# side-by-side flame graphs, treemaps and timelines, and its delta table.
# Runs the built app on its own X server (no window manager), waits for the
# load, grabs the screen and trims it to the window.
#
# TIDE_SCREENSHOT_SIZE=WIDTHxHEIGHT (e.g. 800x700) shoots the window at that
# size instead of its default 1180x800, on a screen just as large: how the
# views look on a small screen. Pointer positions scale along.
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
  # the series as recorded, the crosshair on an instant (mprof files, recordings)
  timeline-series) steps="key ctrl+2 sleep 2 move 560 470 sleep 1" ;;
  sizes) steps="key ctrl+4 sleep 3 move 300 360 sleep 2" ;;
  compare) steps="move 520 695 sleep 3" ;;
  compare-side) steps="key ctrl+2 sleep 2 move 300 700 sleep 2" ;;
  compare-sizes) steps="key ctrl+3 sleep 2 move 300 400 sleep 2" ;;
  compare-search) steps="key ctrl+3 sleep 2 key ctrl+f sleep 1 key m key a key i key n sleep 2 move 1279 859 sleep 1" ;;
  compare-timeline) steps="key ctrl+4 sleep 2 move 600 400 sleep 2" ;;
  compare-changes) steps="key ctrl+5 sleep 2" ;;
  *) echo "unknown page $page (summary, flamegraph, timeline, sizes or compare…)" >&2; exit 1 ;;
esac
output=${3:-"$here/data/screenshots/$page.png"}
delay=${TIDE_SCREENSHOT_DELAY:-4}
size=${TIDE_SCREENSHOT_SIZE:-}
screen=1280x860
if [ -n "$size" ]; then
  case "$size" in
    [0-9]*x[0-9]*) screen=$size ;;
    *) echo "TIDE_SCREENSHOT_SIZE must be WIDTHxHEIGHT, not $size" >&2; exit 1 ;;
  esac
fi

[ -x "$build/src/app/tidemark" ] || { echo "no $build/src/app/tidemark: build first" >&2; exit 1; }
mkdir -p "$(dirname "$output")"

# a throwaway home: the run must not add to the user's recent files
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM

# Drives the window through XTest: "key ctrl+2", "move X Y", "click X Y",
# "sleep S", "resize W H"; coordinates are those of the window at its
# default size (it sits at 0,0 without a window manager), scaled to the size
# in TIDE_SCREENSHOT_SIZE.
cat > "$scratch/xtest.py" <<'PY'
import ctypes, os, sys, time
x = ctypes.cdll.LoadLibrary("libX11.so.6")
t = ctypes.cdll.LoadLibrary("libXtst.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
d = ctypes.c_void_p(x.XOpenDisplay(None))
keysyms = {"ctrl": 0xffe3, "alt": 0xffe9, "shift": 0xffe1}
size = os.environ.get("TIDE_SCREENSHOT_SIZE", "")
sx, sy = (int(size.split("x")[0]) / 1180, int(size.split("x")[1]) / 800) if size else (1, 1)
def keycode(name):
    return x.XKeysymToKeycode(d, ctypes.c_ulong(keysyms.get(name, ord(name[0]))))
def resize(width, height):
    # the largest window the root holds is the application's
    root = x.XDefaultRootWindow(d)
    parent, ret_root = ctypes.c_ulong(), ctypes.c_ulong()
    children = ctypes.POINTER(ctypes.c_ulong)()
    n = ctypes.c_uint()
    x.XQueryTree(d, ctypes.c_ulong(root), ctypes.byref(ret_root), ctypes.byref(parent), ctypes.byref(children), ctypes.byref(n))
    best, best_area = None, 0
    for i in range(n.value):
        rr, wx, wy, ww, wh, bw, depth = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_int(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        x.XGetGeometry(d, ctypes.c_ulong(children[i]), ctypes.byref(rr), ctypes.byref(wx), ctypes.byref(wy), ctypes.byref(ww), ctypes.byref(wh), ctypes.byref(bw), ctypes.byref(depth))
        if ww.value * wh.value > best_area:
            best, best_area = children[i], ww.value * wh.value
    if best is not None:
        x.XMoveResizeWindow(d, ctypes.c_ulong(best), 0, 0, width, height)
args = sys.argv[1:]
while args:
    verb = args.pop(0)
    if verb == "resize":
        resize(int(args.pop(0)), int(args.pop(0)))
    elif verb == "key":
        codes = [keycode(k) for k in args.pop(0).split("+")]
        for c in codes:
            t.XTestFakeKeyEvent(d, c, 1, 0)
        for c in reversed(codes):
            t.XTestFakeKeyEvent(d, c, 0, 0)
    elif verb in ("move", "click"):
        px, py = round(int(args.pop(0)) * sx), round(int(args.pop(0)) * sy)
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

xvfb-run -a -s "-screen 0 ${screen}x24" env \
  HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
  XDG_CACHE_HOME="$scratch/cache" GSETTINGS_BACKEND=memory GDK_BACKEND=x11 \
  GTK_A11Y=none NO_AT_BRIDGE=1 TIDE_SCREENSHOT_SIZE="$size" \
  sh -c '
    case "$6" in
      compare*) "$1" --compare $2 & ;;
      *) "$1" "$2" & ;;
    esac
    app=$!
    sleep 1
    # park the pointer off the window so no tooltip shows up in the shot
    # (once the app is connected: Xvfb resets when its last client leaves)
    python3 "$5" move 1279 859 || true
    if [ -n "$TIDE_SCREENSHOT_SIZE" ]; then
      python3 "$5" resize "${TIDE_SCREENSHOT_SIZE%x*}" "${TIDE_SCREENSHOT_SIZE#*x}" || true
    fi
    sleep "$4"
    out=$3 xtest=$5
    shift 6
    # the page and what to do there, through XTest, to the focused window
    if [ $# -gt 0 ]; then
      python3 "$xtest" "$@"
    fi
    # resized behind its back, the window may sit on a half-done transition
    # until an event wakes its frame clock: give it one, off the window
    if [ -n "$TIDE_SCREENSHOT_SIZE" ]; then
      python3 "$xtest" move 1279 859 sleep 1 || true
    fi
    import -window root "$out.tmp.png"
    kill "$app"
    wait "$app" || true
  ' screenshot "$build/src/app/tidemark" "$trace" "$output" "$delay" "$scratch/xtest.py" "$page" $steps

# the window alone: cut away the black screen around it
convert "$output.tmp.png" -bordercolor black -border 1 -trim +repage "$output"
rm -f "$output.tmp.png"
echo "wrote $output"
