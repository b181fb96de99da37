"""The workspace: the folder that holds `streets/`, and optionally `plugins/` and `themes/`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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

def street_dirs(root: Path) -> list[Path]:
    """The folders of `root/streets/` that hold a street.yaml, by name (no plugins loaded)."""
    folder = Path(root) / "streets"
    return sorted(d for d in folder.iterdir() if (d / "street.yaml").is_file()) if folder.is_dir() else []


def load(street_dir: Path, *, enriched: bool = False, today: date | None = None) -> Street:
    """Load and validate the street in `street_dir` with its workspace's plugins and themes (for
    plugin commands that read a profile); raises ProfileError listing every problem. With
    `enriched`, the plugins' `street_loaded` hooks have run too, as of `today` (default: today):
    the street as a build's templates see it."""
    from .loader import load_street
    from .planning import enrich

    ws = Workspace.open(find_workspace(street_dir))
    street = load_street(Path(street_dir), ws.host, ws.themes)
    if today is not None:
        street.today = today
    if enriched:
        enrich(ws, street)
    return street


def render_artifact(street_dir: Path, path: str, *, today: date | None = None) -> bytes:
    """One page or PDF of a street (`print/cards/x.pdf`), rendered now through the build's own
    code, reusing the last build's file when its inputs are unchanged; nothing is written to the
    build output (for plugin commands and previews)."""
    from .build import render_artifact as render

    return render(Path(street_dir), path, today=today)


def profile_editor(street_dir: Path) -> ProfileEditor:
    """The round-trip writer for the street in `street_dir` (comments and order kept; every save
    validated with its workspace's plugins and themes, atomic, undoable): for plugins that edit a
    profile on someone's behalf, such as importers."""
    from .profileedit import ProfileEditor, problems_of

    ws = Workspace.open(find_workspace(street_dir))
    return ProfileEditor(Path(street_dir), lambda text: problems_of(Path(street_dir), text, ws.host, ws.themes))
