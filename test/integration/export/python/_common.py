"""Shared helpers for the export readers: print one JSON document, hash float32 data bit for bit."""
import hashlib
import json
import sys

import numpy as np


def sha256_f32(values) -> str:
    """SHA-256 of the values as little-endian float32 (what the TypeScript side hashes)."""
    return hashlib.sha256(np.ascontiguousarray(values, dtype="<f4").tobytes()).hexdigest()


def plain(value):
    """numpy / h5py values as JSON-able Python values."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def emit(result) -> None:
    json.dump(result, sys.stdout, allow_nan=True)
    sys.stdout.write("\n")
