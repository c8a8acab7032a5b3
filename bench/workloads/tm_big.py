# tm_big.py: a tracemalloc dump of over a million live blocks, for bench/readers.
# Usage: python3 tm_big.py OUT.pickle
import sys, tracemalloc

tracemalloc.start(8)

def make_records(n):
    return [{"id": i, "name": "item%d" % i, "tags": [i % 7, i % 11]} for i in range(n)]

def make_strings(n):
    return ["s" * (i % 50) + str(i) for i in range(n)]

keep = [make_records(200000), make_strings(300000), [bytes(i % 300) for i in range(100000)]]
snap = tracemalloc.take_snapshot()
snap.dump(sys.argv[1])
print(sys.argv[1], len(snap.traces), file=sys.stderr)
