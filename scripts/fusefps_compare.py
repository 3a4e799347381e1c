#!/usr/bin/python3
"""Speedup and energy efficiency of FuseFPS over QuickFPS (and vanilla) from fusefps results.json files.

Collects several runs into one table; the ratios are recomputed from kernel_ns, energy_pj and the host build's
share of energy_breakdown_pj (the device-only ratio leaves it out), so that a run without a quickfps variant still
prints its rows (as nan).

Usage: scripts/fusefps_compare.py OUT/results.json [...]   (prints a Markdown table)
"""
import json
import sys


def host_pj(metrics):
    return metrics.get("energy_breakdown_pj", {}).get("host_build_pj", 0.0)


def main(paths):
    print("| scenario | points | samples | variant | kernel time | speedup vs quickfps | DRAM bytes | "
          "energy | energy efficiency vs quickfps | device only | verified |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|")
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        variants = doc.get("variants") or [{"name": "default", "metrics": doc["metrics"], "verified": doc["verified"]}]
        by_name = {v["name"]: v["metrics"] for v in variants}
        base = next((m for m in by_name.values() if m.get("mode") == "quickfps"), None)
        for v in variants:
            m = v["metrics"]
            if not m:
                continue
            speed = base["kernel_ns"] / m["kernel_ns"] if base else float("nan")
            energy = m.get("energy_pj", 0.0)
            eff = base["energy_pj"] / energy if base and energy else float("nan")
            device = energy - host_pj(m)
            device_eff = (base["energy_pj"] - host_pj(base)) / device if base and device > 0 else float("nan")
            print(f"| {doc['scenario']} | {m['points']} | {m['samples']} | {m['mode']} | "
                  f"{m['kernel_ns'] / 1e6:.3f} ms | {speed:.2f}x | "
                  f"{(m['dram_bytes_read'] + m['dram_bytes_written']) / 1e6:.2f} MB | "
                  f"{energy / 1e9:.3f} mJ | {eff:.2f}x | {device_eff:.2f}x | {v['verified']} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
