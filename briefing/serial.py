"""Plain JSON to and from the model's frozen dataclasses, read by their type hints.

One reader serves the store's cached facts and the brief's JSON, so a field added to the model
needs no change in either.
"""

from __future__ import annotations

import types
import typing
from dataclasses import fields, is_dataclass
from functools import cache


@cache
def _hints(cls) -> dict[str, object]:
    return typing.get_type_hints(cls)


def from_jsonable(kind, value):
    """A JSON value as the annotated type: dataclasses, tuples (variadic or fixed), optionals.

    Keys missing from ``value`` take the dataclass's default, so older files still load.
    """
    if value is None:
        return None
    if is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{f.name: from_jsonable(hints[f.name], value[f.name]) for f in fields(kind) if f.name in value})
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], v) for v in value)
        return tuple(from_jsonable(a, v) for a, v in zip(args, value, strict=False))
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return from_jsonable(options[0], value) if len(options) == 1 else value
    return value
