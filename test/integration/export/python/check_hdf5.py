"""Opens an exported HDF5 file with h5py and reports attributes, dataset layout and data hashes."""
import sys

import h5py

from _common import emit, plain, sha256_f32

with h5py.File(sys.argv[1], "r") as f:
    datasets = {}
    for name, dataset in f["channels"].items():
        datasets[name] = {
            "shape": list(dataset.shape),
            "dtype": dataset.dtype.str,
            "chunks": list(dataset.chunks) if dataset.chunks else None,
            "maxshape": list(dataset.maxshape),
            "attrs": {k: plain(v) for k, v in dataset.attrs.items()},
            "sha256": sha256_f32(dataset[()]),
        }
    emit(
        {
            "attrs": {k: plain(v) for k, v in f.attrs.items()},
            "attr_dtypes": {k: f.attrs[k].dtype.str if hasattr(f.attrs[k], "dtype") else "str" for k in f.attrs},
            "order": list(f["channels"].keys()),
            "datasets": datasets,
        }
    )
