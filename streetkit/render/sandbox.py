"""The Jinja sandbox for streets that bring their own templates.

A street folder is untrusted, and a template is code: `{{ lipsum.__globals__['os'].popen('id') }}`
runs a command in a plain Jinja environment. A street with a `templates/` folder is therefore
rendered by `StreetSandbox`, Jinja's immutable sandbox (no underscore attributes, no `mro`, no
function globals, no `list.append` or `dict.update`, `range` capped) tightened for what streetkit
puts into a template's reach:

- objects that lead to the file system or the interpreter — paths, open files, modules, classes —
  are opaque: no attributes (a path shows its `name`, `stem` and `suffix` only) and no calls;
- functions defined in modules that run commands or touch files are not callable, whichever
  object they were reached through;
- methods that change the loaded street (`add_badge` …, marked `alters_data`) are not callable;
- `*` and `**` are capped, so `'x' * 10**10` is refused instead of filling memory.

Filters, tests and globals are those of the ordinary environment, so an override that only
rearranges markup renders exactly as it would outside the sandbox (the whole theme chain renders in
it for such a street: its page templates take about 1.7 times as long, as every attribute and call
is checked). A refusal is a `SecurityError`, reported by the build as `file:line`.
"""
from __future__ import annotations

import io
import operator
import types
from pathlib import PurePath
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..i18n import _

__all__ = ["StreetSandbox", "SecurityError"]

#: Values whose attributes and methods a street's template may not reach at all.
_OPAQUE = (types.ModuleType, type, io.IOBase, types.CodeType, types.FrameType, types.TracebackType)
#: What a path may show: its name, never its folder or a way to open it.
_PATH_ATTRIBUTES = frozenset({"name", "stem", "suffix"})
#: Top-level modules whose functions a template must never call, however it reached them.
_FORBIDDEN_MODULES = frozenset({"os", "posix", "nt", "io", "subprocess", "shutil", "pathlib", "sys", "builtins",
                                "importlib", "socket", "tempfile", "pickle", "marshal", "ctypes", "code", "runpy",
                                "pty", "signal", "multiprocessing", "threading", "glob", "zipfile", "tarfile",
                                "urllib", "http", "ftplib", "smtplib", "sqlite3", "webbrowser", "platform"})
#: The largest string, list or number a template may make with `*` and `**`.
MAX_PRODUCT = 1_000_000
MAX_EXPONENT = 64


def _module_of(obj: Any) -> str:
    module = getattr(obj, "__module__", None) or ""
    return module.partition(".")[0]


class StreetSandbox(ImmutableSandboxedEnvironment):
    """`ImmutableSandboxedEnvironment` with streetkit's tighter rules (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, PurePath):
            return attr in _PATH_ATTRIBUTES
        return not isinstance(obj, _OPAQUE)

    _global_ids: frozenset[int] = frozenset()
    _globals_seen = -1

    def _is_global(self, obj: Any) -> bool:
        # Planning adds globals after the environment is made; they stay put while pages render, so
        # the set is made again only when their number changes (pages call thousands of times).
        if len(self.globals) != self._globals_seen:
            self._global_ids = frozenset(map(id, self.globals.values()))
            self._globals_seen = len(self.globals)
        return id(obj) in self._global_ids

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if type(obj) is types.FunctionType:  # the common case: a helper function or a macro's code
            return _module_of(obj) not in _FORBIDDEN_MODULES
        if isinstance(obj, type):
            return self._is_global(obj)  # the theme's `dict`, `namespace`, `cycler`, never another class
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, (PurePath, *_OPAQUE)):
            return False  # `path.read_text()`, `os.system` (a builtin whose owner is its module)
        return _module_of(obj) not in _FORBIDDEN_MODULES

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # Jinja's own refusal prints the object's repr, which for a bound method is the whole street.
        if not __self.is_safe_callable(__obj):
            name = getattr(__obj, "__qualname__", None) or type(__obj).__name__
            raise SecurityError(_("calling {name} is not allowed.", name=name))
        return __context.call(__obj, *args, **kwargs)

    def call_binop(self, context: Context, op: str, left: Any, right: Any) -> Any:
        if op == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(_("the exponent {n} is larger than templates may use ({limit}).", n=right, limit=MAX_EXPONENT))
        if op == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_PRODUCT:
                    raise SecurityError(_("repeating a value {n:,} times makes more than templates may make ({limit:,} "
                                          "items).", n=count, limit=MAX_PRODUCT))
        return {"*": operator.mul, "**": operator.pow}[op](left, right)
