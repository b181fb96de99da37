"""A district: the streets of one 시·군·구 under one portal, sharing what the 구 runs for all of
them — the local currency, the support programmes, the growth-support centre.

A district file is `districts/<slug>/district.yaml` (or `district.yaml`) in a workspace. It names
its streets by folder or glob, relative to the workspace (`streets/sinan-alley`, `streets/buk-*`),
and holds `shared:` sections, each one a plugin's section of a street profile. A street of the
district inherits every shared section whose plugin it enables; what the street writes itself
wins, key by key inside a mapping (`local_currency: {currency: {discount: 5}}` changes only the
discount) and item by id in a list of items (a programme the street also lists gets the street's
own words; the street's new ones are added), whole for anything else; `local_currency: ~` in the
street opts out. Inheritance happens when a street is loaded, so `build`, `validate`, the studio
and a single street's build all see the same profile.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, create_model

from .errors import Problem, ProfileError, rel
from .models import Brand, Contact, Region, Section, Slug, Url
from .plugins import PluginHost
from .safepath import is_outside
from .validation import problems_from
from .yamlsource import Located, parse

DISTRICT = "district.yaml"

_GLOB = set("*?[")


class DistrictProfile(Section):
    """A district (구) of shopping streets: the root of `district.yaml`."""

    schema_version: Literal[1] = Field(1, description="District file format version.")
    slug: Slug = Field(title="웹 주소 이름", description="Short name for the portal's output folder, e.g. buk-gu.")
    name: str = Field(min_length=1, title="이름", description="The portal's name, e.g. 북구 골목상권.")
    name_en: str | None = Field(None, title="이름 (영어)", description="e.g. Buk-gu Alley Streets.")
    description: str | None = Field(None, title="소개", description="A paragraph on the portal's home page.")
    description_en: str | None = Field(None, title="소개 (영어)")
    region: Region = Field(title="지역", description="The 시·도 and 시·군·구 (no 행정동).")
    base_url: Url = Field(title="포털 주소", description="Where the portal is published.")
    theme: str = Field("default", title="디자인 테마", description="The portal's theme.")
    brand: Brand = Field(title="브랜드", description="The portal's brand seed (the streets keep their own).")
    office: Contact | None = Field(None, title="담당 부서", description=(
        "The office that runs the district's programmes (e.g. 북구청 지역경제과): the portal's footer."))
    streets: list[str] = Field(min_length=1, title="상점가 폴더", description=(
        "Street folders or globs, relative to the workspace: streets/sinan-alley, streets/buk-*."))
    shared: dict[str, Any] = Field(default_factory=dict, title="함께 쓰는 항목", description=(
        "Sections every street of the district inherits (a plugin's section of street.yaml: local_currency, "
        "programmes, centre …); a street's own value wins."))


@dataclass
class District:
    """A loaded, validated district file and the street folders it names."""

    path: Path
    #: The workspace the streets are named relative to.
    root: Path
    profile: DistrictProfile
    #: The shared sections as written (plain data), merged into each street's profile data.
    shared: dict[str, Any]
    street_dirs: list[Path] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.profile.slug

    def shared_for(self, enabled: set[str], host: PluginHost) -> dict[str, Any]:
        """The shared sections a street with these plugins inherits."""
        owners = {section: owner for section, (owner, _model) in host.sections().items()}
        return {k: v for k, v in self.shared.items() if owners.get(k) in enabled}


def workspace_of(path: Path) -> Path:
    """`W/districts/x/district.yaml` and `W/district.yaml` both belong to workspace `W`."""
    folder = Path(path).resolve().parent
    return folder.parent.parent if folder.parent.name == "districts" else folder


def district_files(root: Path) -> list[Path]:
    """The district files of a workspace, by path."""
    root = Path(root)
    found = [root / DISTRICT] if (root / DISTRICT).is_file() else []
    folder = root / "districts"
    if folder.is_dir():
        found += sorted(d / DISTRICT for d in folder.iterdir() if (d / DISTRICT).is_file())
    return found


def district_model(host: PluginHost) -> type[DistrictProfile]:
    """The district model whose `shared` holds the top-level sections of the known plugins."""
    return _district_model(tuple(sorted((s, m) for s, (_p, m) in host.sections().items() if "." not in s)))


@lru_cache(maxsize=16)
def _district_model(sections: tuple[tuple[str, Any], ...]) -> type[DistrictProfile]:
    fields: dict[str, Any] = {key: (model | None, None) for key, model in sections}
    shared = create_model("SharedSections", __base__=Section, __doc__="Sections the district's streets inherit.", **fields)
    return create_model("District", __base__=DistrictProfile, __doc__=DistrictProfile.__doc__,
                        shared=(shared, Field(default_factory=shared, title="함께 쓰는 항목",
                                              description=DistrictProfile.model_fields["shared"].description)))


def load_district(path: Path, host: PluginHost) -> District:
    """Read and validate a district file; raise ProfileError listing every problem. The folders
    its `streets:` names are looked up on every call: a street folder added since is found."""
    path = Path(path).resolve()
    fname = rel(path)
    located, profile, problems = _validated(path, _stamp(path), host)
    root = workspace_of(path)
    dirs, dir_problems = _street_dirs(located.data.get("streets"), located, fname, root)
    problems = problems + dir_problems
    if profile is None or any(p.severity == "error" for p in problems):
        raise ProfileError(problems)
    return District(path=path, root=root, profile=profile, shared=located.data.get("shared") or {}, street_dirs=dirs)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=32)
def _validated(path: Path, _stamp: tuple[int, int], host: PluginHost) -> tuple[Located, DistrictProfile | None,
                                                                              list[Problem]]:
    # Keyed by the file's time and size: the studio loads a street for every preview, and each
    # load asks for its district.
    fname = rel(path)
    located, problems = _read(path, fname)
    model = district_model(host)
    try:
        return located, model.model_validate(located.data, context={"street_root": path.parent, "merchant_ids": []}), \
            problems
    except ValidationError as exc:
        return located, None, problems + problems_from(exc, located, fname, model)


def _read(path: Path, fname: str) -> tuple[Located, list[Problem]]:
    if not path.is_file():
        raise ProfileError([Problem(fname, 0, 0, "", f"no {DISTRICT} here")])
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProfileError([Problem(fname, 1, 1, "", f"not UTF-8 text (offset {exc.start}); save the file as UTF-8")]) from None
    located, problems = parse(text, fname)
    if located is None:
        raise ProfileError(problems)
    if not isinstance(located.data, dict):
        raise ProfileError(problems + [Problem(fname, 1, 1, "", "expected a mapping with slug, name, region, "
                                               "base_url, brand and streets")])
    return located, problems


def _street_dirs(entries: Any, located: Located, fname: str, root: Path) -> tuple[list[Path], list[Problem]]:
    """The street folders `streets:` names, in the order given (a glob's matches by name), each
    once; an entry that names no street, or climbs out of the workspace, is a problem."""
    if not isinstance(entries, list):
        return [], []  # the model reports the type
    found: dict[Path, None] = {}
    problems = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, str):
            continue
        line, col = located.where(("streets", i))
        text = entry.strip().rstrip("/")
        if text.startswith("/") or ".." in Path(text).parts:
            problems.append(Problem(fname, line, col, f"streets[{i}]", f"{entry!r} is outside the workspace: "
                                    "name street folders relative to it, e.g. streets/sinan-alley"))
            continue
        pattern = bool(_GLOB & set(text))
        matches = sorted(root.glob(text)) if pattern else [root / text]
        streets = [m for m in matches if (m / "street.yaml").is_file() and not is_outside(root, m)]
        # A folder named must be there; a pattern may match none yet (the district's next street).
        if not streets and not pattern:
            problems.append(Problem(fname, line, col, f"streets[{i}]", f"{entry!r} names no street folder (a folder "
                                    f"holding street.yaml) in {rel(root) or '.'}"))
        for s in streets:
            found.setdefault(s.resolve(), None)
    if not found and not problems:
        line, col = located.where(("streets",))
        problems.append(Problem(fname, line, col, "streets", "the patterns match no street folder (a folder holding "
                                f"street.yaml) in {rel(root) or '.'}"))
    return list(found), problems


def find_district(street_dir: Path, host: PluginHost, root: Path) -> District | None:
    """The district of workspace `root` that names `street_dir`, or None. A district file that
    cannot be read is reported when it may name the street (its raw `streets:` does, or cannot be
    read at all): the street would be built without what it inherits."""
    target = Path(street_dir).resolve()
    for path in district_files(root):
        try:
            district = load_district(path, host)
        except ProfileError:
            if _may_name(path, target, root):
                raise
            continue
        if target in district.street_dirs:
            return district
    return None


def _may_name(path: Path, target: Path, root: Path) -> bool:
    try:
        located, _problems = parse(path.read_text("utf-8"), rel(path))
    except (OSError, UnicodeDecodeError):
        return True
    data = located.data if located is not None else None
    entries = data.get("streets") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return True
    for entry in entries:
        if isinstance(entry, str) and not entry.startswith("/") and ".." not in Path(entry).parts:
            pattern = entry.strip().rstrip("/")
            if any(m.resolve() == target for m in (root.glob(pattern) if _GLOB & set(pattern) else [root / pattern])):
                return True
    return False


def inherit(data: dict[str, Any], district: District, host: PluginHost) -> dict[str, Any]:
    """The street's profile data with the district's shared sections under its own: a mapping is
    merged key by key (the street's keys win), any other value replaced; a section the street
    sets to null is left out. Only sections of plugins the street enables are inherited."""
    listed = data.get("plugins")
    enabled = host.enabled_for(n for n in (listed if isinstance(listed, list) else []) if isinstance(n, str))
    out = dict(data)
    for key, value in district.shared_for(enabled, host).items():
        if key in data and data[key] is None:
            del out[key]  # `section: ~`: this street opts out
            continue
        out[key] = merge(copy.deepcopy(value), data.get(key))
    return out


def merge(base: Any, own: Any) -> Any:
    """`own` over `base`: mappings key by key; lists of items with ids item by id (the district's
    order, then the street's new items); anything else replaced. A missing `own` keeps `base`."""
    if own is None:
        return base
    if isinstance(base, dict) and isinstance(own, dict):
        out = dict(base)
        for k, v in own.items():
            out[k] = merge(base.get(k), v) if k in base else v
        return out
    if _has_ids(base) and _has_ids(own):
        mine = {item["id"]: item for item in own}
        merged = [merge(item, mine.pop(item["id"])) if item["id"] in mine else item for item in base]
        return merged + [item for item in own if item["id"] in mine]
    return own


def _has_ids(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in value)


def is_district_file(path: Path) -> bool:
    """`streetkit build X`: is X a district file rather than a street?"""
    return Path(path).name == DISTRICT
