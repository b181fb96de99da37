"""Themes: folders with `theme.yaml`, `templates/site/`, `templates/print/` and `static/`.

Found in three places, later ones overriding earlier ones by name: the built-in themes (package
`streetkit_themes`), installed packages (entry-point group `streetkit.themes`, pointing at a module
whose folder holds theme folders), and the workspace's `themes/` folder.
"""
from __future__ import annotations

import difflib
import importlib.metadata
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, ValidationError, field_validator

from .errors import StreetkitError, rel
from .i18n import _
from .models import Section
from .validation import problems_from
from .yamlsource import parse

ENTRY_POINT_GROUP = "streetkit.themes"


class ThemeMeta(Section):
    """`theme.yaml`."""

    name: str
    description: str = ""
    parent: str | None = Field(None, description="Theme this one extends; templates it lacks come from there.")
    tokens: dict[str, str] = Field(default_factory=dict, description="Default design tokens (CSS values).")

    @field_validator("tokens")
    @classmethod
    def _plain_css_values(cls, tokens: dict[str, str]) -> dict[str, str]:
        # Tokens are pasted into <style> and .css files: keep them to single declaration values.
        for key, value in tokens.items():
            if not re.fullmatch(r"[a-z][a-z0-9-]*", key):
                raise ValueError(f"token name {key!r}: use lower-case letters, digits and dashes")
            if any(c in str(value) for c in "<>{};"):
                raise ValueError(f"token {key}: a CSS value may not contain < > {{ }} or ;")
        return tokens


@dataclass
class Theme:
    name: str
    path: Path
    description: str
    parent: str | None
    origin: str
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def templates(self) -> Path:
        return self.path / "templates"

    @property
    def static(self) -> Path:
        return self.path / "static"


class ThemeError(StreetkitError):
    pass


def _builtin_dir() -> Path:
    import streetkit_themes

    return Path(streetkit_themes.__file__).parent


class Themes:
    """The themes visible from a workspace."""

    def __init__(self, workspace: Path | None = None):
        self.by_name: dict[str, Theme] = {}
        self._scan(_builtin_dir(), "built-in")
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            module = ep.load()
            self._scan(Path(module.__file__).parent, f"package {ep.dist.name if ep.dist else ep.name}")
        if workspace is not None and (workspace / "themes").is_dir():
            ws = (workspace / "themes").resolve()
            if ws != _builtin_dir().resolve():
                self._scan(ws, "workspace")

    def _scan(self, folder: Path, origin: str) -> None:
        for meta_file in sorted(folder.glob("*/theme.yaml")):
            fname = rel(meta_file)
            located, problems = parse(meta_file.read_text("utf-8"), fname)
            if located is None or problems:
                raise ThemeError("\n".join(map(str, problems)))
            try:
                meta = ThemeMeta.model_validate(located.data or {})
            except ValidationError as exc:
                raise ThemeError("\n".join(map(str, problems_from(exc, located, fname, ThemeMeta)))) from None
            self.by_name[meta.name] = Theme(meta.name, meta_file.parent, meta.description, meta.parent,
                                            origin, dict(meta.tokens))

    def names(self) -> list[str]:
        return sorted(self.by_name)

    def problem_for(self, name: str) -> str | None:
        """None when `name` is a usable theme, else a message with a suggestion."""
        if name in self.by_name:
            try:
                self.chain(name)
            except ThemeError as exc:
                return str(exc)
            return None
        msg = f"unknown theme {name!r}"
        if close := difflib.get_close_matches(name, self.names(), n=1):
            return msg + f": did you mean `{close[0]}`?"
        return msg + f"; available: {', '.join(self.names())}"

    def chain(self, name: str) -> list[Theme]:
        """The theme and its ancestors, child first."""
        out: list[Theme] = []
        current: str | None = name
        while current is not None:
            if current not in self.by_name:
                raise ThemeError(_("theme {theme!r} extends unknown theme {parent!r}", theme=out[-1].name if out else name,
                                   parent=current))
            theme = self.by_name[current]
            if theme in out:
                raise ThemeError(_("theme inheritance loops: {chain}", chain=" -> ".join([*(t.name for t in out), current])))
            out.append(theme)
            current = theme.parent
        return out

    def tokens(self, name: str) -> dict[str, str]:
        """Default tokens of a theme, parents' first so children override."""
        merged: dict[str, str] = {}
        for theme in reversed(self.chain(name)):
            merged.update(theme.tokens)
        return merged
