"""The workspace: the folder that holds `streets/`, and optionally `plugins/` and `themes/`."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .plugins import PluginHost
from .themes import Themes

if TYPE_CHECKING:  # pragma: no cover
    from .profileedit import ProfileEditor
    from .street import Street


def find_workspace(street_dir: Path) -> Path:
    """`X/streets/slug` belongs to workspace `X`; a street elsewhere to the current folder."""
    p = Path(street_dir).resolve()
    if p.parent.name == "streets":
        return p.parent.parent
    return Path.cwd().resolve()


@dataclass
class Workspace:
    root: Path
    host: PluginHost
    themes: Themes

    @classmethod
    def open(cls, root: Path) -> Workspace:
        root = Path(root).resolve()
        return cls(root=root, host=PluginHost(root), themes=Themes(root))


def load(street_dir: Path) -> Street:
    """Load and validate the street in `street_dir` with its workspace's plugins and themes (for
    plugin commands that read a profile); raises ProfileError listing every problem."""
    from .loader import load_street

    ws = Workspace.open(find_workspace(street_dir))
    return load_street(Path(street_dir), ws.host, ws.themes)


def profile_editor(street_dir: Path) -> ProfileEditor:
    """The round-trip writer for the street in `street_dir` (comments and order kept; every save
    validated with its workspace's plugins and themes, atomic, undoable): for plugins that edit a
    profile on someone's behalf, such as importers."""
    from .profileedit import ProfileEditor, problems_of

    ws = Workspace.open(find_workspace(street_dir))
    return ProfileEditor(Path(street_dir), lambda text: problems_of(Path(street_dir), text, ws.host, ws.themes))
