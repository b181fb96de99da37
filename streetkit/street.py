"""The loaded street: one object that plugins enrich and themes render."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import Doc
from .models import Profile
from .safepath import resolve_inside


@dataclass
class Street:
    """A validated street folder.

    `profile` is the typed `street.yaml`; `pages` and `news` the Markdown files; `data` is where
    plugins put what they derive (one key per plugin, by convention its name); `tokens` the design
    tokens the build derives from the brand seed and the theme.
    """

    root: Path
    profile: Profile
    pages: list[Doc] = field(default_factory=list)
    news: list[Doc] = field(default_factory=list)
    enabled_plugins: set[str] = field(default_factory=set)
    data: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.profile.slug

    @property
    def profile_path(self) -> Path:
        return self.root / "street.yaml"

    def file(self, relative: str) -> Path:
        """Absolute path of a file the profile names (already checked to be inside the folder)."""
        return resolve_inside(self.root, relative)

    def section(self, name: str) -> Any:
        """A plugin-owned profile section, or None when the profile does not have it."""
        return self.profile.section(name)
