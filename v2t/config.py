"""TOML -> nested frozen dataclasses, strictly: an unknown or mistyped key is a UserError.

The error names the file and the dotted key (`error: train/configs/x.toml: unknown key 'optim.lrr'`).
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, Literal, TypeVar

from v2t.errors import UserError

T = TypeVar("T")


def load_config(path: str | Path, cls: type[T], overrides: list[str] | tuple[str, ...] = ()) -> T:
    """Read a TOML file into `cls`; `overrides` are `key.path=value` strings applied on top."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: file not found")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"{path}: not valid TOML ({e})") from None
    for item in overrides:
        _apply_override(raw, item)
    return from_dict(cls, raw, source=str(path))


def from_dict(cls: type[T], raw: dict[str, Any], *, source: str, prefix: str = "") -> T:
    """Build dataclass `cls` from a plain dict, checking every key and every value's type."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls)
    for key in raw:
        if key not in fields:
            raise UserError(f"{source}: unknown key '{prefix}{key}'")
    kwargs = {}
    for name, field in fields.items():
        dotted = f"{prefix}{name}"
        if name not in raw:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise UserError(f"{source}: missing key '{dotted}'")
            continue
        kwargs[name] = _convert(hints[name], raw[name], source=source, dotted=dotted)
    return cls(**kwargs)


def to_dict(obj: Any) -> Any:
    """A config as plain JSON-able data (tuples become lists), for hashing and run cards."""
    if dataclasses.is_dataclass(obj):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_dict(x) for x in obj]
    return obj


def _convert(hint: Any, value: Any, *, source: str, dotted: str) -> Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise UserError(f"{source}: key '{dotted}' must be a table, got {_kind(value)}")
        return from_dict(hint, value, source=source, prefix=f"{dotted}.")
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in (a for a in args if a is not type(None)):
            try:
                return _convert(arg, value, source=source, dotted=dotted)
            except UserError as e:
                errors.append(str(e))
        raise UserError(errors[0])
    if origin is Literal:
        allowed = typing.get_args(hint)
        if value not in allowed:
            choices = " | ".join(repr(a) for a in allowed)
            raise UserError(f"{source}: key '{dotted}' must be one of {choices}, got {value!r}")
        return value
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, list):
            raise UserError(f"{source}: key '{dotted}' must be an array, got {_kind(value)}")
        item = args[0]
        return tuple(_convert(item, v, source=source, dotted=f"{dotted}[{i}]") for i, v in enumerate(value))
    if hint is float:
        # TOML writes 1 for 1.0 easily; an int is a fine float, a bool is not.
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is bool or hint is str:
        if isinstance(value, hint):
            return value
    else:
        raise TypeError(f"config field {dotted}: unsupported type {hint!r}")
    raise UserError(f"{source}: key '{dotted}' must be {_article(hint.__name__)}, got {_kind(value)} {value!r}")


def _apply_override(raw: dict[str, Any], item: str) -> None:
    key, sep, text = item.partition("=")
    if not sep or not key.strip():
        raise UserError(f"--set {item!r}: expected key.path=value")
    try:
        value = tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        value = text  # a bare word is a string: --set run.name=demo
    *parents, last = key.strip().split(".")
    node = raw
    for p in parents:
        node = node.setdefault(p, {})
        if not isinstance(node, dict):
            raise UserError(f"--set {item!r}: '{p}' is not a table")
    node[last] = value


def _kind(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array",
            dict: "a table"}.get(type(value), type(value).__name__)


def _article(name: str) -> str:
    return {"int": "an integer", "float": "a float", "str": "a string", "bool": "a boolean"}.get(name, name)
