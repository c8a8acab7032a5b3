# rec_workload.py: a Python program whose heap grows and shrinks in steps,
# recorded at test time with `tidemark-record -i 0.05 -o OUT rec_workload.py`
# (see tests/core/test-record.c).
import time


def strings(n):
    return ["item %06d" % i for i in range(n)]


def blocks(n, size):
    return [bytearray(size) for _ in range(n)]


def table(n):
    return {i: (i, str(i)) for i in range(n)}


kept = []
for step in range(6):
    kept.append(strings(3000))
    kept.append(blocks(50, 4096 + step))
    time.sleep(0.06)
t = table(20000)
time.sleep(0.1)
del kept[:6]
time.sleep(0.1)
del t
time.sleep(0.06)
