#!/usr/bin/python3
"""Plots of a fusefps run directory (needs python3-matplotlib: scripts/setup --with-plots).

  scripts/plot_fusefps.py OUT            # OUT written by `vplab run scenarios/fusefps/... --out OUT`

Writes into OUT:
  breakdown.png   per variant: DRAM traffic (construction / sampling) and time (host build / upload / device)
  samples.png     the cloud (from cloud.xyz, written with --set workload.save_cloud=true) with its samples;
                  one per variant directory when the run compared several (all equal: FPS is exact in every mode)
"""
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def variants(doc):
    if "variants" in doc:
        return [(v["name"], v["metrics"]) for v in doc["variants"] if v["metrics"]]
    return [(doc["scenario"], doc["metrics"])]


def breakdown(out_dir, doc):
    vs = variants(doc)
    names = [n for n, _ in vs]
    fig, (traffic, time) = plt.subplots(1, 2, figsize=(10, 4))
    build = [m["build_bytes"] / 1e6 for _, m in vs]
    sampling = [m["sampling_bytes"] / 1e6 for _, m in vs]
    traffic.bar(names, build, label="tree construction", color="#c44e52")
    traffic.bar(names, sampling, bottom=build, label="sampling", color="#4c72b0")
    traffic.set_ylabel("DRAM traffic (MB)")
    traffic.set_yscale("log" if max(b + s for b, s in zip(build, sampling)) > 50 * min(
        b + s for b, s in zip(build, sampling)) else "linear")
    traffic.legend()
    host = [m["host_build_ns"] / 1e6 for _, m in vs]
    upload = [m["upload_ns"] / 1e6 for _, m in vs]
    device = [m["device_ns"] / 1e6 for _, m in vs]
    time.bar(names, host, label="host KD-tree build", color="#dd8452")
    time.bar(names, upload, bottom=host, label="tree upload", color="#937860")
    time.bar(names, device, bottom=[h + u for h, u in zip(host, upload)], label="device", color="#55a868")
    time.set_ylabel("kernel time (ms)")
    time.legend()
    first = vs[0][1]
    fig.suptitle(f"{doc['scenario']}: {first['samples']} of {first['points']} points")
    fig.tight_layout()
    path = os.path.join(out_dir, "breakdown.png")
    fig.savefig(path, dpi=120)
    print(path)


def samples(run_dir, title):
    cloud_path = os.path.join(run_dir, "cloud.xyz")
    samples_path = os.path.join(run_dir, "samples.csv")
    if not (os.path.exists(cloud_path) and os.path.exists(samples_path)):
        return
    cloud = [tuple(map(float, line.split()[:3])) for line in open(cloud_path) if line.strip()]
    step = max(1, len(cloud) // 50000)  # keep the scatter readable and the PNG small
    shown = cloud[::step]
    with open(samples_path) as f:
        picked = [(float(r["x"]), float(r["y"]), float(r["z"])) for r in csv.DictReader(f)]
    fig, views = plt.subplots(1, 2, figsize=(11, 5))
    for ax, (a, b, label) in zip(views, [(0, 1, "top view (x, y)"), (0, 2, "side view (x, z)")]):
        ax.scatter([p[a] for p in shown], [p[b] for p in shown], s=0.5, c="#9a9a9a", linewidths=0)
        ax.scatter([p[a] for p in picked], [p[b] for p in picked], s=2, c="#c44e52", linewidths=0)
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_title(label)
    fig.suptitle(f"{title}: {len(picked)} samples (red) of {len(cloud)} points")
    fig.tight_layout()
    path = os.path.join(run_dir, "samples.png")
    fig.savefig(path, dpi=120)
    print(path)


def main(out_dir):
    with open(os.path.join(out_dir, "results.json")) as f:
        doc = json.load(f)
    breakdown(out_dir, doc)
    if "variants" in doc:
        for name, _ in variants(doc):
            samples(os.path.join(out_dir, name), f"{doc['scenario']} / {name}")
    else:
        samples(out_dir, doc["scenario"])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
