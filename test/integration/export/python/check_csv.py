"""Reads an exported CSV with Python's csv module and reports its header, rows, times and value hashes."""
import csv
import sys

import numpy as np

from _common import emit, sha256_f32

path = sys.argv[1]
probe = [int(i) for i in sys.argv[2].split(",")] if len(sys.argv) > 2 else []
with open(path, newline="", encoding="utf-8") as f:
    raw = f.read()
lines = raw.splitlines(keepends=True)
comments = [l for l in lines if l.startswith("#")]
rows = list(csv.reader(lines[len(comments) :]))
header, body = rows[0], rows[1:]
columns = list(zip(*body)) if body else [[] for _ in header]
values = [np.array([float(v) if v != "" else np.nan for v in col], dtype=np.float32) for col in columns[1:]]
times = [float(v) for v in columns[0]]
emit(
    {
        "comment_lines": len(comments),
        "header": header,
        "rows": len(body),
        "crlf_lines": raw.count("\r\n"),
        "bare_lf": raw.count("\n") - raw.count("\r\n"),
        "field_counts": sorted({len(r) for r in body}),
        "times": {str(i): times[i] for i in probe if i < len(times)},
        "time_texts": {str(i): columns[0][i] for i in probe if i < len(times)},
        "empty_fields": [sum(1 for v in col if v == "") for col in columns[1:]],
        "columns": [sha256_f32(v) for v in values],
    }
)
