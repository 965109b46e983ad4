"""Opens an exported .npy with numpy.load (no pickle) and reports its shape, dtype and column hashes."""
import json
import sys

import numpy as np

from _common import emit, sha256_f32

path = sys.argv[1]
array = np.load(path, allow_pickle=False)
with open(path + ".meta.json", encoding="utf-8") as f:
    sidecar = json.load(f)
emit(
    {
        "shape": list(array.shape),
        "dtype": array.dtype.str,
        "c_contiguous": bool(array.flags["C_CONTIGUOUS"]),
        "columns": [sha256_f32(array[:, c]) for c in range(array.shape[1])] if array.ndim == 2 else [],
        "nan_counts": [int(np.isnan(array[:, c]).sum()) for c in range(array.shape[1])] if array.ndim == 2 else [],
        "sidecar": sidecar,
    }
)
