#!/usr/bin/env bash
# flatpak-manifest.sh: the Flatpak manifest builds Tidemark on the GNOME runtime with minimal permissions
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: flatpak-manifest.sh MANIFEST PYTHON3
set -u
manifest=$1 python=$2

# TAP straight from Python: json is in its standard library
exec "$python" - "$manifest" <<'PY'
import json, os, sys

path = sys.argv[1]
n = failed = 0

def result(good, name, why=""):
    global n, failed
    n += 1
    if good:
        print(f"ok {n} {name}")
    else:
        failed += 1
        print(f"not ok {n} {name}")
        if why:
            print(f"# {why}")

try:
    with open(path, encoding="utf-8") as f:
        m = json.load(f)
    result(True, "the manifest is JSON")
except (OSError, ValueError) as e:
    result(False, "the manifest is JSON", str(e))
    print(f"1..{n}")
    sys.exit(1)

app_id = "io.github.tidemark.Tidemark"
result(m.get("app-id") == app_id, f"app-id is {app_id}", repr(m.get("app-id")))
result(os.path.basename(path) == app_id + ".json", "the file is named after the app id")
result(m.get("command") == "tidemark", "command is tidemark", repr(m.get("command")))
result(m.get("runtime") == "org.gnome.Platform", "runtime is org.gnome.Platform", repr(m.get("runtime")))
result(m.get("sdk") == "org.gnome.Sdk", "sdk is org.gnome.Sdk", repr(m.get("sdk")))
result(str(m.get("runtime-version")) in ("45", "46"), "runtime-version is 45 or 46", repr(m.get("runtime-version")))

args = m.get("finish-args", [])
for needed in ("--share=ipc", "--socket=wayland", "--socket=fallback-x11"):
    result(needed in args, f"finish-args has {needed}")
# files come in through the portals: the file chooser and drag and drop
result(not [a for a in args if a.startswith("--filesystem")], "no --filesystem: files come through the portals",
       repr(args))
# fallback-x11 only: a plain x11 socket would also be shared under Wayland
result("--socket=x11" not in args, "no --socket=x11 besides fallback-x11")
allowed = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri"}
result(set(args) <= allowed, "no permission beyond ipc, wayland, fallback-x11 and dri",
       repr(sorted(set(args) - allowed)))

modules = m.get("modules", [])
last = modules[-1] if modules else {}
result(last.get("name") == "tidemark" and last.get("buildsystem") == "meson",
       "the last module builds tidemark with meson", repr(last.get("name")))
sources = last.get("sources", [])
here = os.path.dirname(os.path.abspath(path))
dirs = [s for s in sources if s.get("type") == "dir"]
root = os.path.normpath(os.path.join(here, dirs[0].get("path", ""))) if dirs else ""
result(len(dirs) == 1 and os.path.isfile(os.path.join(root, "meson.build")),
       "its source is this checkout (a dir source holding meson.build)", repr(sources))

print(f"1..{n}")
sys.exit(1 if failed else 0)
PY
