"""Read a .safetensors file one tensor at a time with plain reads: the header, then each tensor's bytes.

safe_open maps the whole file, and the mapped pages it touches stay resident until it closes (2x the weights at
peak); reading each tensor into its own buffer keeps the host peak at the model plus one or two tensors.
"""

from __future__ import annotations

import json
import struct

import ml_dtypes
import numpy as np

from v2t.errors import UserError

DTYPES = {"BF16": ml_dtypes.bfloat16, "F16": np.float16, "F32": np.float32, "F64": np.float64}


class TensorFile:
    """Names and shapes from the header without reading data; `read(name)` reads that tensor into numpy."""

    def __init__(self, path: str):
        self.path = path
        self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
        try:
            (length,) = struct.unpack("<Q", self._file.read(8))
            header = json.loads(self._file.read(length))
        except (struct.error, ValueError, UnicodeDecodeError):
            self.close()
            raise UserError(f"{path}: not a safetensors file (unreadable header)") from None
        header.pop("__metadata__", None)
        self._data_start = 8 + length
        self.entries: dict[str, dict] = header

    def shape(self, name: str) -> tuple[int, ...]:
        return tuple(self.entries[name]["shape"])

    def read(self, name: str) -> np.ndarray:
        entry = self.entries[name]
        if entry["dtype"] not in DTYPES:
            raise UserError(f"{self.path}: tensor {name} has unsupported dtype {entry['dtype']}")
        begin, end = entry["data_offsets"]
        out = np.empty(entry["shape"], DTYPES[entry["dtype"]])
        if out.nbytes != end - begin:
            raise UserError(f"{self.path}: tensor {name} has {end - begin} bytes for shape {entry['shape']}")
        self._file.seek(self._data_start + begin)
        if self._file.readinto(out.reshape(-1).view(np.uint8)) != out.nbytes:
            raise UserError(f"{self.path}: file ends inside tensor {name}")
        return out

    def close(self) -> None:
        self._file.close()
