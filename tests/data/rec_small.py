# rec_small.py: recorded as rec_small.record with
# `tidemark-record -i 0.05 -n 4 -o rec_small.record rec_small.py`
import time

kept = [bytearray(1000 + i) for i in range(20)]
time.sleep(0.12)
del kept[:10]
time.sleep(0.06)
