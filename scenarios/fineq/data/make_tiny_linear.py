#!/usr/bin/python3
"""Writes tiny_linear.npy: a 32 x 96 float32 weight matrix (Gaussian, sigma 0.02, rows scaled by up to 2x, two
heavy input channels), the small real-format file that scenarios/fineq/weights_file.yaml loads. NumPy is not
needed: the .npy header is written by hand. Deterministic (seeded)."""
import math
import random
import struct
import sys

rows, cols = 32, 96
rng = random.Random(2504)
heavy = {7, 61}
values = []
for r in range(rows):
    scale = math.exp(0.35 * rng.gauss(0, 1))
    for c in range(cols):
        v = 0.02 * scale * rng.gauss(0, 1) * (4.0 if c in heavy else 1.0)
        values.append(v)

header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (rows, cols)
header += " " * (63 - (10 + len(header)) % 64) + "\n"
out = sys.argv[1] if len(sys.argv) > 1 else "tiny_linear.npy"
with open(out, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("ascii"))
    f.write(struct.pack("<%df" % len(values), *values))
