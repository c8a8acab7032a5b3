# mp_record.py: a small memory_profiler workload the tests record with
# `python3-mprof run --python -o OUT mp_record.py` (profile is a builtin there).
import time


@profile
def grow():
    blocks = [bytearray(1024 * 1024) for _ in range(40)]
    time.sleep(0.4)
    return len(blocks)


grow()
time.sleep(0.2)
