"""Opens a view export ("export what you see") the way its format promises and reports what it found:
csv (numpy.genfromtxt past the metadata block; pandas.read_csv(comment='#') when pandas is installed),
npy (numpy.load of the .npy.zip), hdf5 (h5py), json (json module)."""
import json
import sys
import zipfile

import numpy as np

from _common import emit, plain

path, fmt = sys.argv[1], sys.argv[2]


def values(array):
    """A column as a JSON list: NaN as null (JSON has no NaN)."""
    return [None if v != v else v for v in np.asarray(array, dtype=float).tolist()]


result = {}
if fmt == "csv":
    metadata = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("# "):
                break
            key, _, value = line[2:].rstrip("\r\n").partition(": ")
            metadata[key] = value
    table = np.genfromtxt(path, delimiter=",", names=True, skip_header=len(metadata))
    result = {
        "metadata": metadata,
        "provenance": json.loads(metadata["provenance"]),
        "names": list(table.dtype.names),
        "columns": {name: values(table[name]) for name in table.dtype.names},
    }
    try:
        import pandas
    except ImportError:
        result["pandas"] = None
    else:
        frame = pandas.read_csv(path, comment="#")
        result["pandas"] = {"names": list(frame.columns), "rows": int(frame.shape[0])}
elif fmt == "npy":
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    with np.load(path, allow_pickle=False) as archive:
        result = {
            "members": names,
            "arrays": {
                key: {"dtype": archive[key].dtype.str, "values": values(archive[key])}
                for key in archive.files
                if key != "metadata.json"
            },
            "metadata": json.loads(archive["metadata.json"]),
        }
elif fmt == "hdf5":
    import h5py

    with h5py.File(path, "r") as f:
        result = {
            "attrs": {k: plain(v) for k, v in f.attrs.items()},
            "x": {name: values(f[name][()]) for name in ("time_s", "frequency_hz") if name in f},
            "x_units": {name: plain(f[name].attrs["units"]) for name in ("time_s", "frequency_hz") if name in f},
            "series": {
                name: {
                    "values": values(ds[()]),
                    "dtype": ds.dtype.str,
                    "attrs": {k: plain(v) for k, v in ds.attrs.items()},
                }
                for name, ds in f["series"].items()
            },
        }
else:
    with open(path, encoding="utf-8") as f:
        result = json.load(f)
emit(result)
