#!/usr/bin/python3
"""Plots of a spantrain run directory (needs python3-matplotlib: scripts/setup --with-plots).

  scripts/plot_spantrain.py OUT [TRACE.csv]   # OUT written by `vplab run scenarios/spantrain/... --out OUT`

Writes into each variant directory of OUT (or OUT itself for a single run):
  gantt.png        the pipeline schedule of the first recorded iterations (from timeline.json): one row per stage,
                   F / B / W / fused B+W coloured, activation and gradient messages on rows of their own
  throughput.png   samples per second per iteration over simulated time (from iterations.csv), with plan changes
                   marked; with TRACE.csv (t_s,src,dst,bandwidth_mbps,latency_ms) the replayed bandwidth under it
"""
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = {"F": "#4c72b0", "B": "#dd8452", "W": "#55a868", "BW": "#c44e52"}


def run_dirs(out_dir):
    dirs = [os.path.join(out_dir, d) for d in sorted(os.listdir(out_dir))
            if os.path.isfile(os.path.join(out_dir, d, "timeline.json"))]
    return dirs or [out_dir]


def gantt(run_dir):
    path = os.path.join(run_dir, "timeline.json")
    if not os.path.isfile(path):
        return
    with open(path) as f:
        events = json.load(f)["traceEvents"]
    if not events:
        return
    rows = sorted({e["tid"] for e in events})
    index = {tid: i for i, tid in enumerate(rows)}
    fig, ax = plt.subplots(figsize=(12, 0.35 * len(rows) + 1.5))
    t0 = min(e["ts"] for e in events)
    for e in events:
        kind = e["name"].split()[0].rstrip("0123456789")
        colour = COLOURS.get(kind, "#8c8c8c")
        ax.barh(index[e["tid"]], e["dur"] / 1e6, left=(e["ts"] - t0) / 1e6, color=colour, edgecolor="none")
    labels = []
    for tid in rows:
        if tid < 1000:
            labels.append(f"stage {tid}")
        else:
            labels.append({1: "act", 2: "grad", 3: "allreduce"}[tid // 1000] + f" {tid % 1000}")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.set_xlabel("simulated time (s)")
    ax.set_title(os.path.basename(os.path.normpath(run_dir)))
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in COLOURS.values()]
    ax.legend(handles, list(COLOURS), loc="upper right", ncol=4)
    fig.tight_layout()
    fig.savefig(os.path.join(run_dir, "gantt.png"), dpi=120)
    plt.close(fig)


def throughput(run_dir, batch, trace):
    path = os.path.join(run_dir, "iterations.csv")
    if not os.path.isfile(path):
        return
    with open(path) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        return
    ends = [float(r["end_s"]) for r in rows]
    rates = [batch / float(r["iteration_s"]) for r in rows]
    n = 2 if trace else 1
    fig, axes = plt.subplots(n, 1, figsize=(10, 3.2 * n), sharex=True, squeeze=False)
    ax = axes[0][0]
    # One segment per iteration, so that gaps (re-planning, migrating state) show as gaps.
    starts = [e - float(r["iteration_s"]) for e, r in zip(ends, rows)]
    ax.hlines(rates, starts, ends, linewidth=2)
    for prev, cur in zip(rows, rows[1:]):
        if cur["replans"] != prev["replans"]:
            ax.axvline(float(prev["end_s"]), color="red", linestyle="--")
    ax.set_ylabel("samples/s per iteration")
    ax.set_title(os.path.basename(os.path.normpath(run_dir)) + " (red: re-plan, then any state migration)")
    if trace:
        with open(trace) as f:
            points = list(csv.DictReader(f))
        links = {}
        for p in points:
            links.setdefault(f'{p["src"]}->{p["dst"]}', []).append((float(p["t_s"]), float(p["bandwidth_mbps"])))
        for name, series in links.items():
            t = [s[0] for s in series] + [max(ends)]
            b = [s[1] for s in series] + [series[-1][1]]
            axes[1][0].step(t, b, where="post", label=name)
        axes[1][0].set_ylabel("bandwidth (Mbit/s)")
        axes[1][0].legend()
    axes[-1][0].set_xlabel("simulated time (s)")
    fig.tight_layout()
    fig.savefig(os.path.join(run_dir, "throughput.png"), dpi=120)
    plt.close(fig)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    trace = sys.argv[2] if len(sys.argv) == 3 else None
    with open(os.path.join(out_dir, "results.json")) as f:
        doc = json.load(f)
    batch = doc.get("config", doc.get("variants", [{}])[0].get("config", {})).get("workload", {}).get("batch", 1)
    for run_dir in run_dirs(out_dir):
        gantt(run_dir)
        throughput(run_dir, batch, trace)
        print("wrote plots in", run_dir)


if __name__ == "__main__":
    main()
