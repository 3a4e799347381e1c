#!/usr/bin/python3
"""Table and plots of l1agg compare runs (plots need python3-matplotlib: scripts/setup --with-plots).

  scripts/vplab run scenarios/l1agg/*.yaml --out out/l1agg
  scripts/plot_l1agg.py out/l1agg              # prints the gains table (markdown); writes gains.png, hits.png
  scripts/plot_l1agg.py out/l1agg --table      # the table only

Each subdirectory of the given directory holds one results.json written by `vplab run`.
"""
import json
import os
import sys


def load(root):
    runs = []
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name, "results.json")
        if os.path.isfile(path):
            with open(path) as f:
                doc = json.load(f)
            vs = {v["name"]: v["metrics"] for v in doc.get("variants", []) if v.get("metrics")}
            if vs:
                runs.append((name[len("l1agg_"):] if name.startswith("l1agg_") else name, vs))
    return runs


def table(runs):
    print("| scenario | IPC private | IPC sliced | IPC ata | ata vs private | ata vs sliced | sliced vs private "
          "| ata local / remote / miss |")
    print("|---|---|---|---|---|---|---|---|")
    for name, vs in runs:
        p, s, a = vs.get("private", {}), vs.get("sliced", {}), vs.get("ata", {})

        def ipc(m):
            return "%.3f" % m["ipc"] if m else "-"

        def gain(m, key):
            return "%+.1f%%" % (100 * m[key]) if m and key in m else "-"

        rates = "-"
        if a:
            rates = "%.2f / %.2f / %.2f" % (a["l1_local_hit_rate"], a["l1_remote_hit_rate"], a["l1_miss_rate"])
        cells = [name, ipc(p), ipc(s), ipc(a), gain(a, "ipc_gain_vs_private"), gain(a, "ipc_gain_vs_sliced"),
                 gain(s, "ipc_gain_vs_private"), rates]
        print("| " + " | ".join(cells) + " |")


def plots(root, runs):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [n for n, _ in runs]
    fig, ax = plt.subplots(figsize=(max(6, len(names) * 0.9), 4))
    width = 0.4
    for i, design in enumerate(("sliced", "ata")):
        vals = [100 * vs.get(design, {}).get("ipc_gain_vs_private", 0) for _, vs in runs]
        ax.bar([x + (i - 0.5) * width for x in range(len(names))], vals, width, label=design)
    ax.axhline(12, color="grey", linestyle="--", linewidth=1, label="paper: +12% (high-locality average)")
    ax.axhline(0, color="black", linewidth=0.5)
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.set_ylabel("IPC gain over private L1 (%)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(root, "gains.png"), dpi=120)

    fig, ax = plt.subplots(figsize=(max(6, len(names) * 1.6), 4))
    labels, local, remote, miss = [], [], [], []
    for name, vs in runs:
        for design in ("private", "sliced", "ata"):
            if design in vs:
                m = vs[design]
                labels.append("%s\n%s" % (name, design))
                local.append(m["l1_local_hit_rate"])
                remote.append(m["l1_remote_hit_rate"])
                miss.append(m["l1_miss_rate"])
    x = range(len(labels))
    ax.bar(x, local, label="local hit")
    ax.bar(x, remote, bottom=local, label="remote hit")
    ax.bar(x, miss, bottom=[a + b for a, b in zip(local, remote)], label="miss")
    ax.set_xticks(list(x))
    ax.set_xticklabels(labels, rotation=90, fontsize=7)
    ax.set_ylabel("fraction of L1 accesses")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(root, "hits.png"), dpi=120)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    root = sys.argv[1]
    runs = load(root)
    if not runs:
        print("no results.json with compare variants under " + root, file=sys.stderr)
        return 1
    table(runs)
    if "--table" not in sys.argv:
        try:
            plots(root, runs)
        except ImportError:
            print("plots need python3-matplotlib: scripts/setup --with-plots", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
