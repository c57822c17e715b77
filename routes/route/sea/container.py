"""The file format of the sea router's data: named numpy arrays in one zstd-compressed file."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from routes.errors import DataError

_MAGIC = b"ROUTES-SEA\x01"
_CODEC = "zstd"


def write_container(path: Path, meta: dict, arrays: dict[str, np.ndarray], delta: Iterable[str] = ()) -> int:
    """Write arrays to one zstd-compressed file (the format :func:`read_container` reads).

    Arrays named in ``delta`` are stored as differences along their first axis. Every
    array is stored byte plane by byte plane, which zstd compresses much better.
    Returns the size of the file in bytes.
    """
    import pyarrow

    delta = set(delta)
    specs, chunks = [], []
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        stored = np.diff(arr, axis=0, prepend=np.zeros_like(arr[:1])) if name in delta and len(arr) else arr
        raw = stored.view(np.uint8).reshape(-1, arr.dtype.itemsize).T.tobytes()
        specs.append({"name": name, "dtype": arr.dtype.str, "shape": list(arr.shape),
                      "delta": name in delta, "nbytes": len(raw)})
        chunks.append(raw)
    payload = b"".join(chunks)
    compressed = pyarrow.Codec(_CODEC, compression_level=19).compress(payload, asbytes=True)
    header = json.dumps({"meta": meta, "arrays": specs, "raw": len(payload)}).encode()
    data = _MAGIC + struct.pack("<I", len(header)) + header + compressed
    path.write_bytes(data)
    return len(data)


def read_container(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """Read a file written by :func:`write_container`: ``(meta, arrays)``.

    :raises DataError: the file is missing or not in this format.
    """
    import pyarrow

    if not path.is_file():
        raise DataError(f"Sea routing file {path} is missing; build it with data/sea/build.py "
                        "(see data/SOURCES.md)")
    data = path.read_bytes()
    if not data.startswith(_MAGIC):
        raise DataError(f"Sea routing file {path} is not in the format routes.route.sea reads")
    try:
        (size,) = struct.unpack_from("<I", data, len(_MAGIC))
        start = len(_MAGIC) + 4
        header = json.loads(data[start : start + size])
        payload = pyarrow.Codec(_CODEC).decompress(data[start + size :], decompressed_size=header["raw"],
                                                   asbytes=True)
    except Exception as exc:  # struct, json and pyarrow raise many kinds
        raise DataError(f"Cannot read sea routing file {path}: {exc}") from exc
    arrays, offset = {}, 0
    for spec in header["arrays"]:
        dtype = np.dtype(spec["dtype"])
        raw = np.frombuffer(payload, np.uint8, spec["nbytes"], offset)
        offset += spec["nbytes"]
        arr = raw.reshape(dtype.itemsize, -1).T.copy().view(dtype).reshape(spec["shape"])
        if spec["delta"]:
            arr = np.cumsum(arr, axis=0, dtype=dtype)
        arrays[spec["name"]] = arr
    return header["meta"], arrays
