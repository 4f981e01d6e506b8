"""Plain JSON to and from the model's frozen dataclasses, read by their type hints.

One reader serves the store's cached facts and the brief's JSON, so a field added to the model
needs no change in either. Each type's reader is worked out once from its hints and kept: a
cached rebuild reads thousands of articles' facts, and asking ``typing`` again for every value
cost more than the reading itself.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from functools import cache

Reader = Callable[[object], object]


def from_jsonable(kind, value):
    """A JSON value as the annotated type: dataclasses, tuples (variadic or fixed), optionals.

    Keys missing from ``value`` take the dataclass's default, so older files still load.
    """
    return _reader(kind)(value)


def _same(value):
    return value


@cache
def _reader(kind) -> Reader:
    """The function that reads a JSON value as ``kind`` (None stays None at every level)."""
    if is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        parts = tuple((f.name, _reader(hints[f.name])) for f in fields(kind))

        def read_dataclass(value):
            if value is None:
                return None
            return kind(**{name: read(value[name]) for name, read in parts if name in value})

        return read_dataclass
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _reader(args[0])
            if item is _same:
                return lambda value: None if value is None else tuple(value)
            return lambda value: None if value is None else tuple(item(v) for v in value)
        readers = tuple(_reader(a) for a in args)
        return lambda value: None if value is None else tuple(r(v) for r, v in zip(readers, value, strict=False))
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return _reader(options[0]) if len(options) == 1 else _same
    return _same
