"""Opens an exported .npz with numpy.load (no pickle) and reports every array and the metadata member."""
import json
import sys

import numpy as np

from _common import emit, sha256_f32

with np.load(sys.argv[1], allow_pickle=False) as archive:
    arrays = {}
    metadata = None
    for key in archive.files:
        if key == "metadata.json":
            # Not an array: numpy.load hands over the member's bytes.
            metadata = json.loads(archive[key])
            arrays[key] = {"bytes": len(archive[key])}
            continue
        array = archive[key]
        entry = {"shape": list(array.shape), "dtype": array.dtype.str}
        if key == "time_s":
            entry["head"] = array[:3].tolist()
            entry["tail"] = array[-3:].tolist()
            entry["diffs_min"] = float(np.diff(array).min()) if array.size > 1 else None
            entry["diffs_max"] = float(np.diff(array).max()) if array.size > 1 else None
        else:
            entry["sha256"] = sha256_f32(array)
        arrays[key] = entry
emit({"files": list(arrays), "arrays": arrays, "metadata": metadata})
