# rec_stats.py: what Python's own tracemalloc says about each sample of a
# tidemark-record recording, for tests/core/test-record.c: reads the file
# with the recorder's own read_record() and prints, tab-separated,
#   samples <n>
#   sample <i> <t_us> <bytes> <blocks> <current> <peak>
#   line <i> <bytes> <blocks> <file> <line>   (Snapshot.statistics('lineno'))
# where bytes and blocks are sums of Snapshot.statistics('traceback').
import importlib.machinery
import importlib.util
import sys
import tracemalloc

loader = importlib.machinery.SourceFileLoader("tidemark_record", sys.argv[1])
spec = importlib.util.spec_from_loader(loader.name, loader)
recorder = importlib.util.module_from_spec(spec)
loader.exec_module(recorder)

header, samples = recorder.read_record(sys.argv[2])
print("samples\t%d" % len(samples))
for i, s in enumerate(samples):
    raw = []
    for domain, size, traceback, nframe, count in s["traces"]:
        raw.extend([(domain, size, traceback, nframe)] * count)
    snap = tracemalloc.Snapshot(raw, header["frames"])
    stats = snap.statistics("traceback")
    print("sample\t%d\t%d\t%d\t%d\t%d\t%d" % (i, s["t_us"], sum(st.size for st in stats),
                                          sum(st.count for st in stats), s["current"], s["peak"]))
    for st in snap.statistics("lineno"):
        frame = st.traceback[0]
        print("line\t%d\t%d\t%d\t%s\t%d" % (i, st.size, st.count, frame.filename, frame.lineno))
