# mp_read.py: what memory_profiler itself reads from an mprof file, for the
# tests to compare with: `mp_read.py FILE` prints one record per line,
#   samples <n> <first time>
#   mem <index> <MiB> <time>
#   peak <MiB>              (the largest MEM, as `mprof peak` takes it)
#   func <name> <start> <end> <MiB at start> <MiB at end> <depth or -1>
#   child <pid> <points> <max MiB>
# using mprof.read_mprofile_file, the function `mprof plot` and `mprof peak`
# read files with. Run it with the interpreter python3-mprof runs on.
import sys

import mprof

prof = mprof.read_mprofile_file(sys.argv[1])
mem, ts = prof["mem_usage"], prof["timestamp"]
print("samples", len(mem), repr(ts[0]))
for i, (m, t) in enumerate(zip(mem, ts)):
    print("mem", i, repr(m), repr(t))
print("peak", repr(max(mem)))
for name, calls in prof["func_timestamp"].items():
    for c in calls:
        depth = c[4] if len(c) > 4 else -1
        print("func", name, repr(c[0]), repr(c[1]), repr(c[2]), repr(c[3]), depth)
for pid, points in prof["children"].items():
    print("child", pid, len(points), repr(max(p[0] for p in points)))
