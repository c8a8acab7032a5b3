# tm_compare.py: after.compare_to(before, KEY) as JSON rows, for
# tests/cli/test-diff.c to compare `tidemark diff --json` with.
import json, sys, tracemalloc

before = tracemalloc.Snapshot.load(sys.argv[1])
after = tracemalloc.Snapshot.load(sys.argv[2])
rows = []
for s in after.compare_to(before, sys.argv[3]):
    frames = ["%s:%d" % (f.filename, f.lineno) if f.lineno else f.filename for f in s.traceback]
    rows.append([frames, s.size, s.size_diff, s.count, s.count_diff])
json.dump(rows, sys.stdout)
