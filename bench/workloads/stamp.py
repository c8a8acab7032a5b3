#!/usr/bin/python3
"""A long recording's time stamps on a real heaptrack trace.

    stamp.py [EVERY] < decompressed-trace > stamped-trace

heaptrack's timer thread writes a "c" line (milliseconds since the start,
in hex) every 10 ms, each followed by an "R" line (the RSS in pages), for
as long as the program runs, busy or not. A service traced for four hours
has some 1.4 million of each, whatever its allocation rate; a short,
busy recording such as ht_pybig has a few hundred.

This rewrites a recording as a slower program would have made it: the same
lines in the same order (the same allocations, frees and stacks, so
heaptrack_print's totals do not change), with the recording's own "c" lines
replaced by one every EVERY allocation events (default 10), 10 ms apart,
each followed by the last RSS the recording had written by then.
"""

import sys


def main():
    every = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    out = sys.stdout.buffer
    events = 0
    ms = 0
    rss = None
    for line in sys.stdin.buffer:
        head = line[:2]
        if head == b"c ":
            continue
        if head == b"R ":
            rss = line
            continue
        out.write(line)
        if head == b"+ " or head == b"- ":
            events += 1
            if events % every == 0:
                ms += 10
                out.write(b"c %x\n" % ms)
                if rss is not None:
                    out.write(rss)


if __name__ == "__main__":
    main()
