#!/usr/bin/env python3
"""Runs `boomscooter bench MODE --json` several times and prints each run and the medians.

Absolute figures on a shared 2-core box drift with the load of other processes, so every run records
the load average, and the medians of ours, raw and the ratios are what to quote.

usage: perf/scripts/bench-series.py [--runs N] MODE [bench options...]
  e.g. perf/scripts/bench-series.py --runs 5 latency --seconds 5
"""
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main(argv):
    runs = 5
    if len(argv) >= 2 and argv[0] == "--runs":
        runs = int(argv[1])
        argv = argv[2:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    results = []
    for i in range(runs):
        out = subprocess.run([os.path.join(ROOT, "boomscooter"), "bench"] + argv + ["--json"],
                             capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return out.returncode
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print("run %d load %s -> %s: ours p50 %.1f p99 %.1f us, %.0f/s | raw rtt p50 %.1f p99 %.1f us, "
              "one-way %.0f/s | ratio p50 %.2f p99 %.2f tput %.3f" % (
                  i + 1, r["load_average_before"], r["load_average_after"], r["latency_us"]["p50"],
                  r["latency_us"]["p99"], r["throughput_per_s"], r["raw_aeron"]["rtt_us"]["p50"],
                  r["raw_aeron"]["rtt_us"]["p99"], r["raw_aeron"]["throughput_per_s"], r["ratio_p50"],
                  r["ratio_p99"], r["ratio_throughput"]), flush=True)
        if "aeron_cluster" in r:
            a = r["aeron_cluster"]
            print("      aeron cluster rtt p50 %.1f p99 %.1f us, %.0f/s | ours / aeron-cluster p50 %.2f p99 %.2f "
                  "tput %.3f" % (a["rtt_us"]["p50"], a["rtt_us"]["p99"], a["throughput_per_s"],
                                 r["ratio_p50_vs_aeron_cluster"], r["ratio_p99_vs_aeron_cluster"],
                                 r["ratio_throughput_vs_aeron_cluster"]), flush=True)

    def med(f):
        return statistics.median(f(r) for r in results)

    print("median of %d: ours p50 %.1f p99 %.1f us, %.0f/s | raw rtt p50 %.1f p99 %.1f us, one-way %.0f/s | "
          "ratio p50 %.2f p99 %.2f tput %.3f" % (
              len(results), med(lambda r: r["latency_us"]["p50"]), med(lambda r: r["latency_us"]["p99"]),
              med(lambda r: r["throughput_per_s"]), med(lambda r: r["raw_aeron"]["rtt_us"]["p50"]),
              med(lambda r: r["raw_aeron"]["rtt_us"]["p99"]), med(lambda r: r["raw_aeron"]["throughput_per_s"]),
              med(lambda r: r["ratio_p50"]), med(lambda r: r["ratio_p99"]), med(lambda r: r["ratio_throughput"])))
    if all("aeron_cluster" in r for r in results):
        print("median of %d: aeron cluster rtt p50 %.1f p99 %.1f us, %.0f/s | ours / aeron-cluster p50 %.2f "
              "p99 %.2f tput %.3f" % (
                  len(results), med(lambda r: r["aeron_cluster"]["rtt_us"]["p50"]),
                  med(lambda r: r["aeron_cluster"]["rtt_us"]["p99"]),
                  med(lambda r: r["aeron_cluster"]["throughput_per_s"]),
                  med(lambda r: r["ratio_p50_vs_aeron_cluster"]), med(lambda r: r["ratio_p99_vs_aeron_cluster"]),
                  med(lambda r: r["ratio_throughput_vs_aeron_cluster"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
