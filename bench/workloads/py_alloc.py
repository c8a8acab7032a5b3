#!/usr/bin/python3
"""Allocation-heavy but realistic Python workload for the Tidemark benchmark.

Stdlib only. Run under heaptrack with PYTHONMALLOC=malloc so that every
Python object allocation goes through malloc and shows up in the trace:

    PYTHONMALLOC=malloc heaptrack -o bench/out/ht_pybig /usr/bin/python3 bench/workloads/py_alloc.py

The work is deterministic (fixed seed) so re-recording gives traces of
about the same size. SCALE (argv[1], default 1.0) multiplies the amount of
work; at 1.0 the trace has about 7 million allocation events
(about 5 s to record under heaptrack on a 2-core machine).
"""

import collections
import csv
import io
import json
import random
import re
import sys
from dataclasses import dataclass, field, asdict

SCALE = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
rng = random.Random(20240601)

WORDS = ("tide mark heap peak leak alloc free trace frame module symbol "
         "inline caller callee site cost bytes page arena chunk slab "
         "python json parse dict list string buffer").split()


@dataclass
class Order:
    order_id: int
    customer: str
    items: list = field(default_factory=list)
    tags: dict = field(default_factory=dict)
    note: str = ""


def make_order(i):
    items = [{"sku": f"SKU-{rng.randrange(100000):05d}",
              "qty": rng.randrange(1, 9),
              "price": round(rng.uniform(0.5, 300.0), 2)}
             for _ in range(rng.randrange(1, 8))]
    tags = {rng.choice(WORDS): rng.choice(WORDS) for _ in range(rng.randrange(0, 5))}
    note = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 20)))
    return Order(i, f"customer-{rng.randrange(5000)}", items, tags, note)


def json_round_trips(n):
    """Build objects, serialise them to JSON, parse them back, aggregate."""
    totals = collections.Counter()
    for batch in range(n):
        orders = [make_order(batch * 200 + i) for i in range(200)]
        text = json.dumps([asdict(o) for o in orders])
        parsed = json.loads(text)
        for o in parsed:
            for it in o["items"]:
                totals[o["customer"]] += it["qty"] * it["price"]
        # Keep a few batches alive to give the heap some shape.
        if batch % 10 == 0:
            json_round_trips.kept.append(parsed)
    return totals


json_round_trips.kept = []


def string_processing(n):
    """Tokenise, normalise, and count words in generated text."""
    word_re = re.compile(r"[a-z]+")
    counts = collections.defaultdict(int)
    lines = []
    for i in range(n):
        line = " ".join(rng.choice(WORDS).upper() if rng.random() < 0.2 else rng.choice(WORDS)
                        for _ in range(12))
        line = line.replace("heap", "HEAP").lower().strip()
        for w in word_re.findall(line):
            counts[w] += 1
        lines.append(f"{i:08d}|{line[:40]}|{len(line)}")
        if len(lines) > 5000:
            lines = lines[-100:]
    return counts


def list_growth_and_csv(n):
    """Grow lists of tuples, write and re-read them as CSV."""
    rows = []
    for i in range(n):
        rows.append((i, rng.choice(WORDS), rng.random(), str(i * 7)))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerows(rows)
    buf.seek(0)
    parsed = [r for r in csv.reader(buf)]
    index = {}
    for r in parsed:
        index.setdefault(r[1], []).append(int(r[0]))
    return len(parsed), {k: len(v) for k, v in index.items()}


def object_graph(n):
    """Dicts of small objects, then drop most of them (temporary churn)."""
    graph = {}
    for i in range(n):
        node = {"id": i, "name": f"node{i}", "edges": [rng.randrange(n) for _ in range(4)]}
        graph[i] = node
    reach = set()
    stack = [0]
    while stack:
        k = stack.pop()
        if k in reach:
            continue
        reach.add(k)
        stack.extend(graph[k]["edges"])
    survivors = {k: graph[k] for k in list(graph)[:n // 20]}
    return len(reach), survivors


def main():
    s = SCALE
    totals = json_round_trips(int(27 * s))
    counts = string_processing(int(27000 * s))
    nrows, index = list_growth_and_csv(int(67500 * s))
    nreach, survivors = object_graph(int(54000 * s))
    print(f"customers={len(totals)} words={len(counts)} rows={nrows} "
          f"keys={len(index)} reach={nreach} survivors={len(survivors)} "
          f"kept={len(json_round_trips.kept)}")


if __name__ == "__main__":
    main()
