"""What the studio knows about its workspace: the streets, their editors and their builds.

One `Studio` per server run. It holds the workspace (plugins and themes loaded once), one
`ProfileEditor` per street, one `Builder` for previews (fonts and templates stay warm between
requests) and the state of each street's last build, which a build button starts in a thread.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..build import Builder
from ..errors import Problem, ProfileError, StreetkitError
from ..korean import WEEKDAY_KO, WEEKDAYS
from ..loader import PROFILE, profile_model
from ..messages_ko import korean
from ..models import Brand, Profile
from ..planning import press_copy_path
from ..profileedit import STATE_DIR, ProfileEditor, problems_of
from ..record import RECORD_NAME
from ..validation import problems_from
from ..workspace import Workspace, street_dirs
from ..yamlsource import Located

#: Profile fields that are not on the street's basics screen: its address in URLs, its lists, the
#: brand and plugins (screens of their own), and what only a file editor would set.
STREET_NOT_BASICS = frozenset({"schema_version", "slug", "merchants", "events", "brand", "plugins", "area"})
#: What the core's own lists are called on screen.
LIST_LABELS = {"merchants": "가게", "events": "행사"}
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


@dataclass
class BuildState:
    """The latest build a studio user started: running, done (with its counts) or failed."""

    running: bool = False
    done: int = 0
    total: int = 0
    started: float = 0.0
    seconds: float = 0.0
    error: str = ""
    written: int = 0
    reused: int = 0
    finished_at: datetime | None = None
    warnings: list[str] = field(default_factory=list)
    #: Where the site was published after the build ("" when it was not asked to be), and what changed.
    published_to: str = ""
    #: What the publish changed there: (added, changed, removed) file counts.
    published: tuple[int, int, int] | None = None
    #: True once the build is done and its site is being sent to the target.
    publishing: bool = False


def _record_model(model: Any) -> type[BaseModel] | None:
    """The model of a section that is one record or a list of records; None for anything else."""
    import typing

    if typing.get_origin(model) is list:
        model = typing.get_args(model)[0]
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def hours_advice(hours: Any) -> list[Problem]:
    """What a form asks of opening hours that the profile format allows but a visitor cannot use:
    no hours at all (unless a note says why), or some weekdays left neither open nor closed (a
    day left out reads as closed, which is rarely what was meant)."""
    hours = hours if isinstance(hours, dict) else {}
    days = [d for d in WEEKDAYS if hours.get(d)]
    if not days:
        if hours.get("note"):
            return []
        return [Problem(PROFILE, 0, 0, "hours", "영업시간을 적어 주세요. 날마다 다르면 '영업시간 안내'에 적어도 됩니다.")]
    missing = [WEEKDAY_KO[i] for i, d in enumerate(WEEKDAYS) if not hours.get(d)]
    if missing:
        return [Problem(PROFILE, 0, 0, "hours", f"{'·'.join(missing)}요일의 시간을 적거나 '쉬는 날'을 골라 주세요.")]
    return []


class Studio:
    """The workspace a studio serves."""

    def __init__(self, root: Path, *, today: Any = None):
        self.root = Path(root).resolve()
        self.ws = Workspace.open(self.root)
        self.today = today
        self.builder = Builder(self.ws, today=today)
        self._editors: dict[str, ProfileEditor] = {}
        #: Problems of profile texts, by folder, text, inputs and day (_check).
        self._checked: dict[tuple[Path, bytes, str, date], list[Problem]] = {}
        self._check_lock = threading.Lock()
        self.builds: dict[str, BuildState] = {}
        self._build_lock = threading.Lock()
        self._render_lock = threading.Lock()  # one preview render at a time: the builder is not re-entrant
        #: Builders for print files made another way (crop marks, CMYK for the press), made when first asked for.
        self._print_builders: dict[tuple[bool, bool], Builder] = {}

    # -- streets ---------------------------------------------------------------------------------
    @property
    def streets_dir(self) -> Path:
        return self.root / "streets"

    def slugs(self) -> list[str]:
        return [d.name for d in street_dirs(self.root) if _SLUG.match(d.name)]

    def street_dir(self, slug: str) -> Path:
        """The folder of street `slug`; an unknown or malformed slug is an error (never a path)."""
        if not _SLUG.match(slug) or not (self.streets_dir / slug / PROFILE).is_file():
            raise StreetkitError(f"no street {slug!r} in this workspace")
        return self.streets_dir / slug

    def editor(self, slug: str) -> ProfileEditor:
        if slug not in self._editors:
            folder = self.street_dir(slug)
            self._editors[slug] = ProfileEditor(folder, lambda text: self._check(folder, text))
        return self._editors[slug]

    def _check(self, folder: Path, text: str) -> list[Problem]:
        """Every problem of `text` as the profile in `folder`, kept under the text and the hash of
        all else the street reads (its files, the districts, the code): every screen shows the
        street's problems, and a save compares the profile's before and after — each a whole
        validation (40–60 ms for Sinan) of a text mostly validated a moment before."""
        key = (folder, hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest(),
               self.builder.preview_inputs(folder), date.today())
        with self._check_lock:
            kept = self._checked.get(key)
        if kept is None:
            kept = problems_of(folder, text, self.ws.host, self.ws.themes)
            with self._check_lock:
                self._checked[key] = kept
                while len(self._checked) > 16:  # the oldest first (dicts keep their order)
                    del self._checked[next(iter(self._checked))]
        return list(kept)

    def problems(self, slug: str) -> list[Problem]:
        editor = self.editor(slug)
        return editor.check(editor.text())

    def summary(self, slug: str) -> dict[str, Any]:
        """A street's card on the first screen: names, counts, problems, last build."""
        editor = self.editor(slug)
        doc = editor.document()
        problems = self.problems(slug)
        record = self.root / "_build" / slug / RECORD_NAME
        built = datetime.fromtimestamp(record.stat().st_mtime) if record.is_file() else None
        changed = datetime.fromtimestamp(editor.path.stat().st_mtime)
        return {"slug": slug, "name": str(doc.get("name") or slug), "name_en": str(doc.get("name_en") or ""),
                "merchants": len(doc.get("merchants") or []), "events": len(doc.get("events") or []),
                "errors": sum(p.severity == "error" for p in problems),
                "warnings": sum(p.severity == "warning" for p in problems),
                "built": built, "stale": built is None or changed > built}

    def item_model(self, list_name: str) -> Any:
        """The model of one item of `list_name`, with every plugin's per-item fields."""
        model = profile_model(self.ws.host)
        annotation = model.model_fields[list_name].annotation
        return annotation.__args__[0]  # type: ignore[union-attr]

    def section_label(self, key: str) -> str:
        """What people call a top-level section (`coupons` -> 쿠폰): its model's title, else its key."""
        import typing

        owned = self.ws.host.sections().get(key)
        model = owned[1] if owned else None
        for _ in range(2):
            if typing.get_origin(model) is list:
                model = typing.get_args(model)[0]
        title = getattr(model, "model_config", {}).get("title") if model is not None else None
        if not title and key in Profile.model_fields:
            title = Profile.model_fields[key].title
        return str(title or LIST_LABELS.get(key) or key)

    # -- settings ------------------------------------------------------------------------------
    def settings_sections(self, slug: str) -> list[tuple[str, str]]:
        """The street's setting screens: its own fields, its brand, then each enabled plugin's
        section that is one record (lists have screens of their own)."""
        out = [("street", "상점가 기본 정보"), ("brand", "브랜드: 색·글꼴·로고")]
        enabled = self.enabled_sections(slug)
        for key, (_owner, model) in sorted(self.ws.host.sections().items()):
            if key in enabled and "." not in key and _record_model(model) is not None:
                out.append((key, self.section_label(key)))
        return out

    def section_form(self, slug: str, key: str) -> tuple[list[Any], str | None, list[str] | None]:
        """(fields, section name or None for the street's own fields, the top-level keys they cover)."""
        from .forms import describe

        if key == "street":
            sections = set(self.ws.host.sections())
            fields = describe(Profile, skip=frozenset(STREET_NOT_BASICS | sections))
            keys = [f.name for f in fields] + [f.english.name for f in fields if f.english]
            return fields, None, keys
        if key == "brand":
            return describe(Brand), "brand", None
        if key not in dict(self.settings_sections(slug)):
            raise StreetkitError(f"no settings {key!r} for this street")
        from .forms import FormField

        model = self.ws.host.sections()[key][1]
        record = _record_model(model)
        assert record is not None
        if record is model:
            return describe(model), key, None
        # A list of records (coupons, programmes): one repeatable group, saved as the top-level key.
        group = FormField(name=key, path=key, label=self.section_label(key), widget="records",
                          children=describe(record, key + ".#."))
        return [group], None, [key]

    def palette(self, slug: str, values: dict[str, Any]) -> dict[str, Any]:
        """The colours derived from a brand seed as typed (the site's own rules), with contrasts."""
        from .. import tokens as tk

        doc = self.editor(slug).document()
        try:
            brand = Brand.model_validate(values)
        except ValidationError:
            return {"ok": False}
        derived, _notes = tk.derive(brand, self.ws.themes.tokens(str(doc.get("theme") or "default")))
        surface = derived["color-surface"]

        def pair(label: str, fg: str, bg: str, large: bool = False) -> dict[str, Any]:
            ratio = tk.contrast(derived[fg], derived[bg] if bg in derived else bg)
            return {"label": label, "fg": derived[fg], "bg": derived.get(bg, bg), "ratio": ratio,
                    "ok": ratio >= (tk.AA_LARGE if large else tk.AA_TEXT)}

        # Said in Korean from the colours themselves (the derivation's own notes are English).
        adjusted = []
        for name, ko in (("primary", "대표 색"), ("secondary", "보조 색"), ("accent", "강조 색")):
            seed, text = derived[f"color-{name}"], derived[f"color-{name}-text"]
            if getattr(brand, name) and seed != text:
                adjusted.append(f"{ko} {seed}은(는) 바탕에서 {tk.contrast(seed, surface):.1f} : 1이라, 글자로 쓸 때는 "
                                f"더 진한 {text}({tk.contrast(text, surface):.1f} : 1)를 씁니다.")
        return {"ok": True, "notes": adjusted, "scale": [derived[f"color-primary-{s}"] for s in tk.STEPS],
                "pairs": [pair("본문 속 강조 글자", "color-primary-text", "color-surface"),
                          pair("단추와 머리띠의 글자", "color-on-primary", "color-primary-surface"),
                          pair("보조 색 글자", "color-secondary-text", "color-surface"),
                          pair("강조 색 글자", "color-accent-text", "color-surface"),
                          pair("본문 글자", "color-ink", "color-surface")],
                "surface": surface}

    def plugin_rows(self, slug: str) -> list[dict[str, Any]]:
        """Every installed plugin: name, what it does, always on or on for this street."""
        listed = {str(p) for p in (self.editor(slug).document().get("plugins") or [])}
        return [{"name": i.name, "title": i.title or i.description, "description": i.description, "always": i.default,
                 "on": i.default or i.name in listed}
                for i in sorted(self.ws.host.infos.values(), key=lambda i: (not i.default, i.name))]

    def enabled_sections(self, slug: str) -> set[str]:
        """Plugin-owned keys this street may use (their plugin is on for it)."""
        doc = self.editor(slug).document()
        listed = [str(p) for p in (doc.get("plugins") or [])]
        enabled = self.ws.host.enabled_for(listed)
        return {key for key, (owner, _m) in self.ws.host.sections().items() if owner in enabled}

    def disabled_item_fields(self, slug: str, list_name: str) -> frozenset[str]:
        """Per-item fields whose plugin is off for this street (not shown in its forms)."""
        prefix = {"merchants": "merchant.", "events": "event."}[list_name]
        enabled = self.enabled_sections(slug)
        return frozenset(key[len(prefix):] for key in self.ws.host.sections()
                         if key.startswith(prefix) and key not in enabled)

    def check_item(self, slug: str, list_name: str, ident: str | None, values: dict[str, Any], *,
                   advice: bool = True) -> list[Problem]:
        """The problems `values` would have as item `ident` of `list_name` (as you type: the item
        alone against its model, in a millisecond; a save checks the whole profile), and, with
        `advice`, what the form asks beyond the model (usable opening hours)."""
        model = self.item_model(list_name)
        rows = self.editor(slug).items(list_name)
        ids = [str(r.get("id")) for r in rows if r.get("id") != ident]
        problems: list[Problem] = []
        try:
            model.model_validate(values, context={"street_root": self.street_dir(slug), "merchant_ids": ids})
        except ValidationError as exc:
            problems = problems_from(exc, Located(values), PROFILE, model)
        if values.get("id") in ids:
            problems.append(Problem(PROFILE, 0, 0, "id", f"duplicate id {values['id']!r}: another item already has it"))
        problems = [Problem(p.file, p.line, p.col, p.field, korean(p.message), p.severity) for p in problems]
        if advice and "hours" in model.model_fields and not any(p.field.startswith("hours") for p in problems):
            problems += hours_advice(values.get("hours"))  # already in Korean
        return problems

    # -- drafts: what a person typed that does not validate yet, kept until it does -------------
    def _draft_path(self, slug: str, list_name: str, ident: str) -> Path:
        safe = re.sub(r"[^a-z0-9-]", "", ident)[:64] or "new"
        return self.street_dir(slug) / STATE_DIR / "drafts" / f"{list_name}-{safe}.json"

    def keep_draft(self, slug: str, list_name: str, ident: str, values: dict[str, Any], base: str) -> None:
        path = self._draft_path(slug, list_name, ident)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"values": values, "base": base, "saved": time.time()}, ensure_ascii=False,
                                   default=str), "utf-8")

    def draft(self, slug: str, list_name: str, ident: str) -> dict[str, Any] | None:
        path = self._draft_path(slug, list_name, ident)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and isinstance(data.get("values"), dict) else None

    def drop_draft(self, slug: str, list_name: str, ident: str) -> None:
        self._draft_path(slug, list_name, ident).unlink(missing_ok=True)

    # -- previews and builds ---------------------------------------------------------------------
    def render(self, slug: str, path: str, *, marks: bool = False, cmyk: bool = False) -> bytes:
        """One page or PDF of the street as it is saved now (see Builder.render_artifact); with
        `marks`, a print PDF with crop marks; with `cmyk`, its copy for the press (CMYK PDF/X-4,
        as `build --cmyk` makes it)."""
        with self._render_lock:
            if not (marks or cmyk):
                return self.builder.render_artifact(self.street_dir(slug), path)
            builder = self._print_builders.get((marks, cmyk))
            if builder is None:
                builder = self._print_builders[marks, cmyk] = Builder(self.ws, today=self.today, marks=marks, cmyk=cmyk)
            return builder.render_artifact(self.street_dir(slug), press_copy_path(path) if cmyk else path)

    def documents(self, slug: str) -> list[Any]:
        """The print documents the street's plan holds (posters, flyers, stickers …)."""
        from ..artifacts import Document

        with self._render_lock:
            _street, planned = self.builder.preview_plan(self.street_dir(slug))
        return [a for a in planned.artifacts if isinstance(a, Document) and a.output == "print"]

    def start_build(self, slug: str, *, publish: bool = False) -> BuildState:
        """Build the street in a thread (one build at a time in a studio), then, with `publish`,
        publish it to the profile's `publish.target` exactly as `streetkit publish` does; returns
        its state."""
        folder = self.street_dir(slug)
        if (running := self.builds.get(slug)) is not None and running.running:
            return running
        state = self.builds[slug] = BuildState(running=True, started=time.perf_counter())

        def progress(done: int, total: int) -> None:
            state.done, state.total = done, total

        def work() -> None:
            with self._build_lock:
                builder = Builder(self.ws, today=self.today)
                try:
                    result = builder.build(folder, progress=progress)
                    state.written, state.reused = len(result.written), result.reused
                    state.warnings = list(result.warnings)
                    if publish and result.street.profile.publish is not None:
                        from ..publish import publish_built

                        state.publishing = True
                        target, changes = publish_built(result)
                        state.published_to = str(target)
                        state.published = (len(changes.added), len(changes.changed), len(changes.removed))
                except ProfileError as exc:
                    state.error = "\n".join(str(p) for p in exc.problems)
                except StreetkitError as exc:
                    state.error = str(exc)
                except Exception as exc:  # a crash in a plugin must not take the studio down
                    state.error = f"{type(exc).__name__}: {exc}"
                finally:
                    builder.close()
                    state.running = False
                    state.seconds = time.perf_counter() - state.started
                    state.finished_at = datetime.now()

        threading.Thread(target=work, name=f"build-{slug}", daemon=True).start()
        return state

    def built_file(self, slug: str, relative: str) -> Path | None:
        """A file of the street's last build (`site/style.css`), never anything outside it."""
        base = (self.root / "_build" / slug).resolve()
        target = (base / relative).resolve()
        if not target.is_relative_to(base) or not target.is_file() or target.name == RECORD_NAME:
            return None
        return target

    def close(self) -> None:
        self.builder.close()
        for builder in self._print_builders.values():
            builder.close()
