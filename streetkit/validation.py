"""Turn pydantic's errors into `file:line:col: field: message` problems with did-you-mean hints."""
from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .yamlsource import Located, format_loc


def problems_from(exc: ValidationError, located: Located, filename: str, model: type[BaseModel],
                  loc_prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    """One Problem per pydantic error, positioned with `located` and explained for people."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        field = format_loc(loc_prefix + loc)
        if kind == "extra_forbidden":
            line, col = located.where(loc, key=True)
            allowed = field_names(model, loc[:-1])
            msg = f"unknown key `{loc[-1]}`"
            if close := difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6):
                msg += f": did you mean `{close[0]}`?"
            elif allowed:
                msg += f"; expected one of: {', '.join(sorted(allowed))}"
        elif kind == "missing":
            line, col = located.where(loc[:-1])
            msg = f"required field `{loc[-1]}` is missing"
        else:
            line, col = located.where(loc)
            msg = _explain(dict(err))
        out.append(Problem(filename, line, col, field, msg))
    return out


def _explain(err: dict[str, Any]) -> str:
    msg: str = err["msg"]
    value = err.get("input")
    if msg.startswith("Value error, "):
        return msg[len("Value error, "):]
    if msg.startswith("Assertion failed, "):
        return msg[len("Assertion failed, "):]
    msg = msg.replace("Input should be ", "expected ").replace("String should ", "text should ")
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    msg = f"{msg}, got {shown}"
    if err["type"] in ("literal_error", "enum") and isinstance(value, str):
        options = [o.strip().strip("'\"") for o in err.get("ctx", {}).get("expected", "").replace(" or ", ",").split(",")]
        if close := difflib.get_close_matches(value, [o for o in options if o], n=1, cutoff=0.5):
            msg += f" (did you mean `{close[0]}`?)"
    return msg


def field_names(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys accepted at `loc` inside `model` (aliases where a field has one)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue  # list index: _unwrap already stepped into the element type
        if isinstance(current, type) and issubclass(current, BaseModel):
            fields = {(f.alias or n): f for n, f in current.model_fields.items()}
            if part not in fields:
                return []
            current = fields[part].annotation
        else:
            continue  # dict value: keys are free, step into the value type
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [(f.alias or n) for n, f in current.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated/list/dict down to the model type inside, if any."""
    for _ in range(6):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in typing.get_args(tp) if isinstance(a, type) and issubclass(a, BaseModel)]
            if not models:
                return tp
            tp = models[0]
        elif origin in (list, tuple, set):
            tp = typing.get_args(tp)[0]
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        else:
            return tp
    return tp
