#!/usr/bin/python3
"""hnswlib's side of bench/index-vs-hnswlib.sh (#35).

Reads items.npy and queries.npy from DIR (written by `benchmark index --write true`), writes the
exact top 10 of each query by inner product (truth.npy, int32) for both sides, builds hnswlib's
inner-product graph over the items (and, as the service builds two, the graph over their unit
vectors), and prints the build times and, per search width ef, the median and p99 latency of one
top-10 query (one thread, one call per query) and recall@10 against the truth.
Needs Debian's python3-hnswlib (and numpy): run with /usr/bin/python3.
"""
import argparse
import time

import hnswlib
import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--m", type=int, default=32)
    parser.add_argument("--ef-construction", type=int, default=100)
    parser.add_argument("--widths", default="10,20,40,80,160,320")
    args = parser.parse_args()
    items = np.load(f"{args.directory}/items.npy")
    queries = np.load(f"{args.directory}/queries.npy")
    n, k = items.shape

    truth = np.empty((len(queries), 10), dtype=np.int32)
    for start in range(0, len(queries), 100):
        scores = queries[start:start + 100] @ items.T
        top = np.argpartition(-scores, 10, axis=1)[:, :10]
        order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
        truth[start:start + 100] = np.take_along_axis(top, order, axis=1)
    np.save(f"{args.directory}/truth.npy", truth)

    def build(vectors):
        index = hnswlib.Index(space="ip", dim=k)
        index.init_index(max_elements=n, ef_construction=args.ef_construction, M=args.m, random_seed=7)
        index.set_num_threads(args.threads)
        start = time.perf_counter()
        index.add_items(vectors, np.arange(n))
        return index, time.perf_counter() - start

    index, seconds = build(items)
    unit = items / np.linalg.norm(items, axis=1, keepdims=True)
    _, unit_seconds = build(unit)
    print(f"hnswlib   build {n} × {k}, M {args.m}, beam {args.ef_construction}, {args.threads} threads: "
          f"{seconds:.1f} s one graph, {seconds + unit_seconds:.1f} s two graphs (inner product and cosine)")

    index.set_num_threads(1)
    for width in (int(w) for w in args.widths.split(",")):
        index.set_ef(max(width, 10))
        for _ in range(2):  # the first pass warms the caches up, as the service's side does
            nanos = []
            hits = 0
            for i, query in enumerate(queries):
                start = time.perf_counter_ns()
                labels, _ = index.knn_query(query, k=10)
                nanos.append(time.perf_counter_ns() - start)
                hits += len(set(labels[0].tolist()) & set(truth[i].tolist()))
        nanos.sort()
        p99 = nanos[min(len(nanos) - 1, int(np.ceil(len(nanos) * 0.99)) - 1)]
        print(f"hnswlib   ef {width:4d}: median {nanos[len(nanos) // 2] / 1e6:.3f} ms, p99 {p99 / 1e6:.3f} ms, "
              f"recall@10 {hits / (10 * len(queries)):.4f}")


if __name__ == "__main__":
    main()
