"""Reads an exported CSV the ways its metadata block promises: pandas.read_csv(comment='#') (when pandas is
installed) and numpy.genfromtxt(skip_header=12); reports what each found and the metadata block."""
import json
import sys

import numpy as np

from _common import emit, sha256_f32

path = sys.argv[1]
# numpy.genfromtxt does not read quoted fields: a header with a comma in a name is for pandas only.
reader = sys.argv[2]
metadata = {}
with open(path, encoding="utf-8") as f:
    for line in f:
        if not line.startswith("# "):
            break
        key, _, value = line[2:].rstrip("\r\n").partition(": ")
        metadata[key] = value

result = {
    "metadata": metadata,
    "provenance": json.loads(metadata["provenance"]),
    "columns": json.loads(metadata["columns"]),
}
if reader == "numpy":
    table = np.genfromtxt(path, delimiter=",", names=True, skip_header=len(metadata))
    result["numpy"] = {
        "names": list(table.dtype.names),
        "rows": int(table.shape[0]),
        "time_head": [float(v) for v in table[table.dtype.names[0]][:3]],
        "columns": [sha256_f32(table[name]) for name in table.dtype.names[1:]],
    }
if reader == "pandas":
    import pandas

    frame = pandas.read_csv(path, comment="#")
    result["pandas"] = {
        "names": list(frame.columns),
        "rows": int(frame.shape[0]),
        "columns": [sha256_f32(frame[name].to_numpy()) for name in frame.columns[1:]],
    }
emit(result)
