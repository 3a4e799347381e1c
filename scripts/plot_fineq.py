#!/usr/bin/python3
"""Plots a FineQ compare run: output error against bits per weight for every variant, and each variant's energy
breakdown as stacked bars.

Usage: scripts/plot_fineq.py out/compare_formats/results.json [--out DIR] [--text]
  --text   print the plotted numbers instead of drawing (needs no matplotlib)
Needs python3-matplotlib for the plots (scripts/setup --with-plots)."""
import argparse
import json
import os
import sys

PARTS = ["pe_arith", "pe_register", "decoder", "weight_sram", "act_sram", "out_sram", "dram"]


def variants(results):
    """{variant name: metrics} for a compare run or a single run."""
    metrics = results.get("metrics", {})
    if metrics and all(isinstance(v, dict) for v in metrics.values()):
        return metrics
    return {results.get("scenario", "run"): metrics}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results")
    ap.add_argument("--out", default=None, help="directory for the PNG files (default: next to results.json)")
    ap.add_argument("--text", action="store_true", help="print the numbers instead of plotting")
    args = ap.parse_args()
    with open(args.results) as f:
        runs = variants(json.load(f))
    rows = []
    for name, m in runs.items():
        if "bits_per_weight" not in m:
            continue
        rows.append((name, m["bits_per_weight"], m["output_rel_error"],
                     [m.get("energy_%s_pj" % p, 0.0) * 1e-6 for p in PARTS]))
    if not rows:
        sys.exit("%s: no fineq variants with metrics" % args.results)
    if args.text:
        print("variant bits_per_weight output_rel_error " + " ".join("%s_uj" % p for p in PARTS))
        for name, bpw, err, parts in rows:
            print(name, "%.4f" % bpw, "%.4f" % err, " ".join("%.4f" % e for e in parts))
        return

    try:
        import matplotlib
    except ImportError:
        sys.exit("matplotlib is not installed: run scripts/setup --with-plots, or use --text")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = args.out or os.path.dirname(os.path.abspath(args.results))
    os.makedirs(out, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, bpw, err, _ in rows:
        ax.scatter(bpw, err, marker="o" if name.startswith("fineq") else "s")
        ax.annotate(name, (bpw, err), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xlabel("bits per weight (all metadata counted)")
    ax.set_ylabel("relative output error ||XWq - XW|| / ||XW||")
    ax.set_title("FineQ and baselines")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fineq_error_vs_bits.png"), dpi=150)

    fig, ax = plt.subplots(figsize=(7, 4))
    bottom = [0.0] * len(rows)
    for i, part in enumerate(PARTS):
        values = [r[3][i] for r in rows]
        ax.bar([r[0] for r in rows], values, bottom=bottom, label=part)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylabel("energy per GEMM (uJ)")
    ax.set_title("Energy breakdown")
    ax.legend(fontsize=7)
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fineq_energy_breakdown.png"), dpi=150)
    print("wrote", os.path.join(out, "fineq_error_vs_bits.png"), "and fineq_energy_breakdown.png")


if __name__ == "__main__":
    main()
