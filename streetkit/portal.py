"""A district's portal: a site of the district built from its streets' build records.

The portal is built by the same builder as a street, for a street made of the district: its name,
region, brand and office, the shared sections (so the plugins that own them — the currency, the
programmes, the centre — make their pages for the portal as for a street), no merchants and no
events of its own, and `street.portal` holding the streets as their records summarise them
(summary.py). Plugins that take part in a portal read `street.portal`: the site makes the home
page with the map and a card per street, the directory across streets and the merged calendar.

Reading records, not streets, is what lets a national build run its streets as shards on other
machines and assemble the portal afterwards, never rebuilding a street.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import record, summary
from .district import District
from .documents import NewsMeta, PageMeta, load_docs
from .errors import BuildError, ProfileError, rel
from .i18n import _
from .loader import profile_model
from .models import Event, Merchant
from .street import Badge, Street
from .validation import problems_from
from .workspace import Workspace
from .yamlsource import Located


@dataclass
class PortalStreet:
    """One street of the portal, as its build record has it."""

    summary: dict[str, Any]
    #: Its build folder (`<out>/<slug>/`), where its built site is.
    out_dir: Path
    #: Its number on the district's map and in every list (1 = the first the district names).
    number: int = 0

    @property
    def slug(self) -> str:
        return str(self.summary["profile"]["slug"])

    @property
    def profile(self) -> dict[str, Any]:
        """The street's public facts (name, name_en, designation, region, location, area …)."""
        return dict(self.summary["profile"])

    @property
    def languages(self) -> list[str]:
        return list(self.summary.get("languages", ["ko"]))

    @cached_property
    def merchants(self) -> list[Merchant]:
        return summary.merchants_of(self.summary)

    @cached_property
    def events(self) -> list[Event]:
        return summary.events_of(self.summary)

    @cached_property
    def badges(self) -> dict[str, list[Badge]]:
        return summary.badges_of(self.summary)

    def short_name(self, lang: str = "ko") -> str:
        """The name as the street's logo sets it (신안 모퉁이길), for chips and map labels."""
        return str(self.summary["brand"]["short"][lang == "en"])

    def designation(self, lang: str = "ko") -> str:
        """`골목형 상점가` / `Alley-type shopping street`."""
        return str(self.summary["designation"][lang == "en"])

    @property
    def brand(self) -> dict[str, str]:
        """The street's `monogram`, and its brand colour (`surface`) with the text colour on it."""
        return dict(self.summary["brand"])

    def plugin(self, name: str) -> dict[str, Any]:
        """What plugin `name` added to the summary (`street_summary`), or {}."""
        return dict(self.summary.get("plugins", {}).get(name) or {})

    def url(self, path: str = "", lang: str = "ko") -> str:
        """The address of a page of the street's site (`merchants/x/`), in `lang` when the street's
        site has that language, else in Korean."""
        prefix = "" if lang == "ko" or lang not in self.languages else f"{lang}/"
        return f"{self.profile['base_url'].rstrip('/')}/{prefix}{path.lstrip('/')}"


@dataclass
class Portal:
    """The streets a district portal shows, in the district's order."""

    district: District
    streets: list[PortalStreet] = field(default_factory=list)

    @cached_property
    def digest(self) -> str:
        """A hash of every summary: the portal's input beside the district file and the code."""
        h = hashlib.sha256()
        for s in self.streets:
            h.update(json.dumps(s.summary, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        return h.hexdigest()


def read_portal(district: District, out_root: Path) -> Portal:
    """The district's streets from their build records in `out_root`; every street the district
    names must have been built there (by this machine or a shard)."""
    by_folder: dict[str, PortalStreet] = {}
    if out_root.is_dir():
        for out_dir in sorted(p for p in out_root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            data = record.read(out_dir)
            street = data.get("street") if data else None
            if isinstance(street, dict) and street.get("version") == summary.VERSION:
                entry = _checked(PortalStreet(street, out_dir))
                by_folder[street["folder"]] = entry
    streets, missing = [], []
    for number, folder in enumerate(district.street_dirs, 1):
        key = folder.relative_to(district.root).as_posix() if folder.is_relative_to(district.root) else folder.as_posix()
        if key in by_folder:
            by_folder[key].number = number
            streets.append(by_folder[key])
        else:
            missing.append(key)
    if missing:
        raise BuildError(_("{district}: no build of {streets} in {out}: build the streets (or their shards) into that "
                           "folder first", district=rel(district.path), streets=", ".join(missing), out=rel(out_root)))
    return Portal(district=district, streets=streets)


def _checked(entry: PortalStreet) -> PortalStreet:
    """A record may come from another machine (a shard's output, carried as an artifact): it is
    data. What the portal puts in links and reads from disk is checked as a profile's would be;
    the merchants, events and badges are read into their models here, once."""
    from pydantic import TypeAdapter

    from .models import Slug, Url

    where = rel(entry.out_dir / record.RECORD_NAME)
    try:
        profile = entry.summary["profile"]
        TypeAdapter(Url).validate_python(profile["base_url"])
        TypeAdapter(Slug).validate_python(profile["slug"])
        entry.merchants, entry.events, entry.badges  # noqa: B018 (parsed now, kept for the build)
        if not isinstance(entry.summary["folder"], str):
            raise TypeError("folder")
    except (KeyError, TypeError, ValueError) as exc:
        raise BuildError(_("{file}: not a street's build record ({problem}): build the street again",
                           file=where, problem=exc)) from None
    return entry


def portal_street(ws: Workspace, district: District, portal: Portal, today: date) -> Street:
    """The street a portal is built as (see the module docstring)."""
    d = district.profile
    host = ws.host
    owners = {section: owner for section, (owner, _m) in host.sections().items()}
    shared_plugins = sorted({owners[k] for k in district.shared if k in owners})
    office = d.office.model_dump(mode="json", exclude_none=True) if d.office else {"name": d.name, "name_en": d.name_en}
    data = {
        "slug": d.slug, "name": d.name, "name_en": d.name_en, "description": d.description,
        "description_en": d.description_en, "designation": "street",
        "region": d.region.model_dump(mode="json", exclude_none=True), "association": office,
        "base_url": str(d.base_url), "theme": d.theme, "brand": d.brand.model_dump(mode="json", exclude_none=True),
        "plugins": shared_plugins, **district.shared,
    }
    folder = district.path.parent
    model = profile_model(host)
    try:
        profile = model.model_validate({k: v for k, v in data.items() if v is not None},
                                       context={"street_root": folder, "merchant_ids": []})
    except ValidationError as exc:  # the district file was valid: a section refuses it in a street's profile
        raise ProfileError(problems_from(exc, Located(data), rel(district.path), model, ("shared",))) from None
    pages, page_problems = load_docs(folder, "pages", PageMeta)
    news, news_problems = load_docs(folder, "news", NewsMeta)
    if errors := [p for p in page_problems + news_problems if p.severity == "error"]:
        raise ProfileError(errors)
    street = Street(root=folder.resolve(), profile=profile, pages=pages, news=news,
                    enabled_plugins=host.enabled_for(profile.plugins), host=host, district=district, portal=portal)
    street.today = today
    return street
