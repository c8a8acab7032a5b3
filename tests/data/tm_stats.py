# tm_stats.py: what Python's own tracemalloc says about a dump, as JSON,
# for tests/core/test-tracemalloc.c to compare with.
import json, sys, tracemalloc

snap = tracemalloc.Snapshot.load(sys.argv[1])
out = {
    "traces": len(snap.traces),
    "total": sum(t.size for t in snap.traces),
    "lineno": [[s.traceback[0].filename, s.traceback[0].lineno, s.size, s.count]
               for s in snap.statistics("lineno")],
    # frames oldest first (Traceback's order since 3.7): outermost first
    "traceback": [[[[f.filename, f.lineno] for f in s.traceback], s.size, s.count]
                  for s in snap.statistics("traceback")],
}
json.dump(out, sys.stdout)
