"""Loads an exported JSON document with Python's json module and reports its structure and values."""
import json
import sys

import numpy as np

from _common import emit, sha256_f32

with open(sys.argv[1], encoding="utf-8") as f:
    doc = json.load(f)
values = doc["values"]
emit(
    {
        "keys": list(doc),
        "provenance": doc["provenance"],
        "channels": doc["channels"],
        "time_count": len(doc["time_s"]),
        "time_head": doc["time_s"][:3],
        "value_keys": list(values),
        "null_counts": {k: sum(1 for v in col if v is None) for k, col in values.items()},
        "columns": {
            k: sha256_f32(np.array([np.nan if v is None else v for v in col], dtype=np.float64).astype(np.float32))
            for k, col in values.items()
        },
    }
)
