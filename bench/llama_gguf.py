"""Our base model as an f32 GGUF for llama.cpp: exported as a Hugging Face checkpoint with the project's tokenizer
beside it (v2t.hf_export), converted by the converter llama-cpp-python's source distribution vendors
(vendor/llama.cpp/convert_hf_to_gguf.py with conversion/ and gguf-py/ beside it), cached under .cache/llama/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from v2t.errors import UserError
from v2t.tokenizer import cache_root

# The pin of pyproject.toml's `bench` extra: the converter must be the one of the library that loads its output.
LLAMA_CPP_VERSION = "0.3.36"
SDIST = f"llama_cpp_python-{LLAMA_CPP_VERSION}"
# What the converter needs from the source distribution (the rest is llama.cpp's C++ and its tests).
CONVERTER_PARTS = ("vendor/llama.cpp/convert_hf_to_gguf.py", "vendor/llama.cpp/conversion/",
                   "vendor/llama.cpp/gguf-py/")


def llama_dir() -> Path:
    return cache_root() / "llama"


def converter_path() -> Path:
    """convert_hf_to_gguf.py of the pinned version, unpacked under .cache/llama/ from its source distribution
    (fetched with pip on first use: the installed wheel does not carry it)."""
    script = llama_dir() / SDIST / CONVERTER_PARTS[0]
    if script.is_file():
        return script
    llama_dir().mkdir(parents=True, exist_ok=True)
    archive = llama_dir() / f"{SDIST}.tar.gz"
    if not archive.is_file():
        done = subprocess.run([sys.executable, "-m", "pip", "download", f"llama-cpp-python=={LLAMA_CPP_VERSION}",
                               "--no-deps", "--no-binary", ":all:", "-d", str(llama_dir())],
                              capture_output=True, text=True)
        if done.returncode != 0 or not archive.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise UserError(f"llama-cpp-python=={LLAMA_CPP_VERSION} source: pip download failed: {last[:160]}")
    with tarfile.open(archive) as tar, tempfile.TemporaryDirectory(dir=llama_dir()) as tmp:
        wanted = [m for m in tar.getmembers()
                  if any(m.name.startswith(f"{SDIST}/{part}") for part in CONVERTER_PARTS)]
        tar.extractall(tmp, members=wanted, filter="data")
        os.replace(Path(tmp) / SDIST, llama_dir() / SDIST)  # whole or not at all
    return script


def convert(hf_dir: Path, out: Path) -> None:
    """The converter in a child process (it imports torch, transformers and sentencepiece), f32, written beside
    `out` and renamed onto it."""
    tmp = out.with_name(f".{out.name}.tmp")
    done = subprocess.run([sys.executable, str(converter_path()), str(hf_dir), "--outtype", "f32",
                           "--outfile", str(tmp)], capture_output=True, text=True)
    if done.returncode != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        raise UserError(f"{hf_dir}: convert_hf_to_gguf.py failed: {last[:200]}")
    os.replace(tmp, out)


def gguf_for(model, tokenizer, fingerprint: str) -> Path:
    """The GGUF of `model` (whose weights `fingerprint` names), converted on a cache miss."""
    from v2t.hf_export import export_hf

    out = llama_dir() / "gguf" / f"{fingerprint[:16]}-f32-{LLAMA_CPP_VERSION}.gguf"
    if out.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        hf_dir = export_hf(model, Path(tmp) / "hf", tokenizer=tokenizer)
        convert(hf_dir, out)
    return out
