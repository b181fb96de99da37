"""Error types that reach the user as clean messages, never as tracebacks."""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from .i18n import _


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    line: int = 0
    col: int = 0
    field: str = ""
    message: str = ""
    severity: str = "error"  # or "warning"
    #: Every item a summarised warning stands for (`validate --verbose` lists them).
    details: tuple[str, ...] = dataclass_field(default=(), compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        field = f" {self.field}:" if self.field else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return printable(f"{where}:{field} {prefix}{self.message}")


def printable(text: str) -> str:
    """Escape control and other invisible characters a file may hold, so a report stays one
    readable line per problem."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


class StreetkitError(Exception):
    """Base class for errors the CLI reports without a traceback."""


class ProfileError(StreetkitError):
    """A street folder has one or more problems; all of them are collected here."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.col, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))


class PluginError(StreetkitError):
    """Raised by a plugin (or wrapped around its exception) to report a clean failure."""

    def __init__(self, message: str, plugin: str | None = None, hook: str | None = None):
        self.plugin = plugin
        self.hook = hook
        self.detail = message
        if plugin and hook:
            message = _("plugin {plugin} failed in {hook}: {message}", plugin=plugin, hook=hook, message=message)
        super().__init__(message)


class BuildError(StreetkitError):
    """A build could not finish; the previous output is left untouched."""


def rel(path: Path | str, base: Path | None = None) -> str:
    """Show a path relative to the working directory (or `base`) when it is below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to((base or Path.cwd()).resolve()))
    except ValueError:
        return str(p)
