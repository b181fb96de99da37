"""Load a street folder into a validated `Street`, collecting every problem before reporting."""
from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, create_model

from .advice import advise
from .district import find_district, inherit
from .documents import NewsMeta, PageMeta, load_docs
from .errors import Problem, ProfileError, rel
from .models import Event, Merchant, Profile
from .plugins import PluginHost
from .safepath import is_outside
from .street import Street
from .themes import Themes
from .validation import problems_from
from .workspace import find_workspace
from .yamlsource import Located, format_loc, parse

PROFILE = "street.yaml"


def profile_model(host: PluginHost) -> type[Profile]:
    """The profile model including every section that a known plugin owns."""
    return _profile_model(tuple(sorted((s, p, m) for s, (p, m) in host.sections().items())))


#: Section keys with these prefixes add a field to every merchant / event instead of the top level.
ITEM_PREFIXES: dict[str, tuple[str, type[BaseModel]]] = {"merchant.": ("merchants", Merchant), "event.": ("events", Event)}


@lru_cache(maxsize=32)
def _profile_model(sections: tuple[tuple[str, str, type[BaseModel]], ...]) -> type[Profile]:
    top: dict[str, Any] = {}
    per_item: dict[str, dict[str, Any]] = {"merchants": {}, "events": {}}
    for key, plugin, model in sections:
        doc = (model.__doc__ or "").strip() if isinstance(model, type) and issubclass(model, BaseModel) else ""
        # A section model's own title (`model_config = ConfigDict(title=…)`) labels its form.
        title = model.model_config.get("title") if isinstance(model, type) and issubclass(model, BaseModel) else None
        field = (model | None, Field(None, title=title, description=f"Owned by plugin `{plugin}`. {doc}".strip()))
        for prefix, (list_name, _base) in ITEM_PREFIXES.items():
            if key.startswith(prefix):
                per_item[list_name][key[len(prefix):]] = field
                break
        else:
            top[key] = field
    for list_name, base in ITEM_PREFIXES.values():
        if per_item[list_name]:
            item_base: type[BaseModel] = base
            item_model: type[BaseModel] = create_model(base.__name__, __base__=item_base, __doc__=base.__doc__,
                                                       **per_item[list_name])
            top[list_name] = (list[item_model], Field(default_factory=list))  # type: ignore[valid-type]
    return create_model("StreetProfile", __base__=Profile, __doc__=Profile.__doc__, **top)


def read_profile_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem when it is missing, binary or not UTF-8."""
    fname = rel(path)
    if not path.is_file():
        return None, [Problem(fname, 0, 0, "", f"no {PROFILE} here: create one with `streetkit new SLUG`")]
    if is_outside(path.parent, path):
        return None, [Problem(fname, 0, 0, "", f"{PROFILE} is a link to a file outside the street folder; "
                              "copy the file into the folder instead")]
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        return None, [Problem(fname, 1, 1, "", "this is a binary file, not YAML text")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [Problem(fname, line, 1, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
                              f"{exc.start}); save the file as UTF-8")]


def load_street(folder: Path, host: PluginHost, themes: Themes, *, text: str | None = None) -> Street:
    """Read and validate `folder`; raise ProfileError listing every problem found. With `text`,
    that text is validated as the folder's profile instead of the file (a save checked before
    it is written)."""
    folder = Path(folder)
    path = folder / PROFILE
    fname = rel(path)
    problems: list[Problem] = []
    if text is None:
        text, problems = read_profile_text(path)
        if text is None:
            raise ProfileError(problems)
    located, problems = parse(text, fname)
    if located is None:
        raise ProfileError(problems)
    if located.data is None:
        raise ProfileError([Problem(fname, 1, 1, "", "the file is empty: expected a mapping with slug, name, "
                                    "region, association, base_url and brand (see `streetkit new`)")])
    if not isinstance(located.data, dict):
        raise ProfileError([Problem(fname, 1, 1, "", f"expected a mapping of keys to values at the top, "
                                    f"got {type(located.data).__name__}")])
    # A street of a district inherits the district's shared sections (a broken district file is
    # this street's problem too: it would be built without them).
    district = find_district(folder, host, find_workspace(folder))
    if district is not None:
        located.data = inherit(located.data, district, host)
    model = profile_model(host)
    problems += _check_plugins(located, fname, host)
    problems += _duplicate_ids(located, fname)
    profile = None
    try:
        merchants = located.data.get("merchants") if isinstance(located.data, dict) else None
        ids = [m["id"] for m in merchants if isinstance(m, dict) and isinstance(m.get("id"), str)] \
            if isinstance(merchants, list) else []
        profile = model.model_validate(located.data, context={"street_root": folder, "merchant_ids": ids})
    except ValidationError as exc:
        problems += problems_from(exc, located, fname, model)
    if profile is not None:
        problems += _cross_checks(profile, located, fname, themes)
    pages, page_problems = load_docs(folder, "pages", PageMeta)
    news, news_problems = load_docs(folder, "news", NewsMeta)
    problems += page_problems + news_problems
    if profile is not None and not any(p.severity == "error" for p in problems):
        enabled = host.enabled_for(profile.plugins)
        required = {n: tuple(getattr(host.infos[n].module, "REQUIRES", ())) for n in enabled if n in host.infos}
        problems += advise(profile, located, fname, pages, news, {n: r for n, r in required.items() if r})
    if any(p.severity == "error" for p in problems) or profile is None:
        raise ProfileError(problems)
    street = Street(root=folder.resolve(), profile=profile, pages=pages, news=news,
                    enabled_plugins=host.enabled_for(profile.plugins), host=host, district=district)
    street.advice = sorted(p for p in problems if p.severity == "warning")
    street.warnings.extend(str(p) for p in street.advice)
    return street


def _check_plugins(located: Located, fname: str, host: PluginHost) -> list[Problem]:
    """Listed plugins must exist; a plugin's section needs its plugin enabled."""
    problems: list[Problem] = []
    listed = located.data.get("plugins") or []
    if not isinstance(listed, list):
        return problems  # the model reports the type
    known = sorted(host.infos)
    for i, name in enumerate(listed):
        if isinstance(name, str) and name not in host.infos:
            line, col = located.where(("plugins", i))
            msg = f"unknown plugin {name!r}"
            close = difflib.get_close_matches(name, known, n=1)
            msg += f": did you mean `{close[0]}`?" if close else f"; installed: {', '.join(known)}"
            problems.append(Problem(fname, line, col, f"plugins[{i}]", msg))
    enabled = host.enabled_for(n for n in listed if isinstance(n, str))
    for section, (owner, _model) in host.sections().items():
        if owner in enabled:
            continue
        for loc in _uses(located.data, section):
            line, col = located.where(loc, key=True)
            problems.append(Problem(fname, line, col, format_loc(loc), f"`{loc[-1]}` belongs to plugin "
                                    f"`{owner}`, which this street does not enable: add `{owner}` to `plugins:`"))
    return problems


def _uses(data: dict[str, Any], section: str) -> list[tuple[str | int, ...]]:
    """Where the profile uses a plugin-owned key: top level, or inside merchants/events."""
    for prefix, (list_name, _base) in ITEM_PREFIXES.items():
        if section.startswith(prefix):
            field = section[len(prefix):]
            items = data.get(list_name)
            return [(list_name, i, field) for i, item in enumerate(items if isinstance(items, list) else [])
                    if isinstance(item, dict) and field in item]
    return [(section,)] if section in data else []


def _duplicate_ids(located: Located, fname: str) -> list[Problem]:
    """Merchant and event ids must be unique. Read from the raw data, so a duplicate is reported
    even when other values fail validation (a user fixes everything in one round)."""
    problems = []
    data = located.data if isinstance(located.data, dict) else {}
    for list_name in ("merchants", "events"):
        items = data.get(list_name)
        seen: dict[str, int] = {}
        for i, item in enumerate(items if isinstance(items, list) else []):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                line, col = located.where((list_name, i, "id"))
                problems.append(Problem(fname, line, col, f"{list_name}[{i}].id", f"duplicate id {ident!r} "
                                        f"(also {list_name}[{seen[ident]}]); ids must be unique"))
            seen.setdefault(ident, i)
    return problems


def _cross_checks(profile: Profile, located: Located, fname: str, themes: Themes) -> list[Problem]:
    """Rules that need the validated profile: a theme that exists."""
    problems = []
    if msg := themes.problem_for(profile.theme):
        line, col = located.where(("theme",))
        problems.append(Problem(fname, line, col, "theme", msg))
    return problems
